"""Text options reach the command as click parsed them, without building a pydantic validator.

typer 0.29 coerces every option through a pydantic ``TypeAdapter`` built on first use.  For an
option typed ``str`` the value click hands over already is that ``str`` and pydantic returns it
unchanged, yet importing pydantic and building the adapters cost a fifth of a second on every
command: more than all of ``xuncha status`` on a city's records.  A ``str``, ``bool`` or ``int``
option whose value already has exactly that type is taken as it is (pydantic's answer too: the
value itself).  Typed on the command line an int arrives as text, so only a default the code
declares skips the check; every other value, and every other option type (Path, lists), still
goes through typer's pydantic validation and its error messages.

Like ``chinese.localize`` this touches typer's private modules (typer is pinned to 0.29.x); if a
future typer moves them, nothing is patched and every option simply keeps typer's own path.
"""

from __future__ import annotations

from dataclasses import dataclass


def pass_text_options_through() -> None:
    try:
        import typer.core as typer_core
        from typer._coercion import RuntimeParam, TypeDescriptor
    except ImportError:  # pragma: no cover - a typer without runtime coercion
        return
    build = getattr(typer_core, "build_runtime_param", None)
    if build is None or getattr(build, "passes_text_through", False):
        return

    @dataclass(frozen=True)
    class ValueAsParsed(RuntimeParam):
        """The value click parsed when it already has the declared type; typer's coercion otherwise."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value, param, ctx):
            if type(value) is self.annotation:
                return value
            return build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: TypeDescriptor):
        if descriptor.annotation in (str, bool, int) and descriptor.file_annotation is None:
            return ValueAsParsed(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info,
                                 descriptor=descriptor)
        return build(descriptor)

    build_runtime_param.passes_text_through = True
    typer_core.build_runtime_param = build_runtime_param
