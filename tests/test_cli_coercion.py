"""Option values reach the commands with the types they declare, however often commands are built."""

from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner


def run(annotation, *args):
    """What a command with one option ``--value`` of ``annotation`` receives for ``args``."""
    from xuncha.cli.classes import XunchaGroup, use_classes

    app = typer.Typer(cls=XunchaGroup)
    seen = []

    @app.command()
    def show(value: annotation = typer.Option(None, "--value")):  # noqa: B008 - typer's way
        seen.append(value)

    @app.command()
    def other() -> None:
        pass

    use_classes(app)
    result = CliRunner().invoke(app, ["show", *args])
    return result, seen


def test_typed_text_becomes_the_declared_type_each_time_a_command_is_built_anew():
    # typer builds new parameters for every command invocation (the test runner does it on every
    # call); a parameter must never be coerced by what was built for an earlier, freed one.
    for _ in range(50):
        assert run(list[int], "--value", "1", "--value", "2")[1] == [[1, 2]]
        assert run(int, "--value", "2021")[1] == [2021]
        assert run(str, "--value", "2021")[1] == ["2021"]


def test_a_path_typed_as_text_arrives_as_a_path(tmp_path):
    assert run(Path, "--value", str(tmp_path / "out.docx"))[1] == [tmp_path / "out.docx"]


def test_an_option_left_out_arrives_as_none():
    assert run(str)[1] == [None]
    assert run(list[str])[1] == [None]  # as typer gives it


def test_text_that_is_not_a_number_is_refused_in_chinese():
    result, seen = run(int, "--value", "十")
    assert result.exit_code == 2 and seen == []
    assert "'--value' 的值无效：应为整数" in result.output


@pytest.mark.parametrize("annotation, value", [(int, 3), (bool, False), (str, "盐巡办〔2020〕3号")])
def test_values_already_of_the_declared_type_are_kept_as_they_are(annotation, value):
    from xuncha.cli.classes import XunchaCommand

    command = get_command_with_default(XunchaCommand, annotation, value)
    param = command.params[0]
    assert param.get_runtime_param().coerce(value, param, None) is value


def get_command_with_default(cls, annotation, value):
    app = typer.Typer()

    @app.command(cls=cls)
    def show(value: annotation = typer.Option(value, "--value")):  # noqa: B008
        pass

    return get_command(app)
