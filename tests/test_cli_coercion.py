"""Option values reach the commands with the types they declare, however often commands are built."""

from __future__ import annotations

import typer.core
from typer.models import OptionInfo

from typer._coercion import resolve_type_descriptor

import xuncha.cli  # noqa: F401  - installs the coercion under test


def coerce(annotation, value):
    runtime = typer.core.build_runtime_param(resolve_type_descriptor(annotation, OptionInfo()))
    return runtime._coerce_value(value, param=None, ctx=None)


def test_typed_text_becomes_the_declared_type_each_time_a_parameter_is_built_anew():
    # typer builds new parameters for every command invocation (the test runner does it on every
    # call); a parameter must never be coerced by what was built for an earlier, freed one.
    for _ in range(200):
        assert coerce(list[int], ["1", "2"]) == [1, 2]
        assert coerce(int, "2021") == 2021
        assert coerce(str, "2021") == "2021"


def test_values_already_of_the_declared_type_are_kept_as_they_are():
    assert coerce(int, 3) == 3
    assert coerce(bool, False) is False
    assert coerce(str, "盐巡办〔2020〕3号") == "盐巡办〔2020〕3号"
