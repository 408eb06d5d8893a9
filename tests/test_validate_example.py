"""The bundled example is a valid, realistic records tree."""

from xuncha.records.loader import load


def test_bundled_example_loads_without_errors(records_dir):
    records, diagnostics = load(records_dir)
    assert [d.format() for d in diagnostics if d.is_error] == []
    assert set(records.inspections) == {"2020-1-dongtai", "2020-1-jianhu", "2020-1-jtj"}
    assert records.plans[2020].approval("city").date.isoformat() == "2020-03-25"


def test_validate_passes_on_the_bundled_example(cli):
    result = cli("validate")
    assert result.exit_code == 0, result.output
