"""Text options reach the command as click parsed them, without building a pydantic validator.

typer 0.29 coerces every option through a pydantic ``TypeAdapter`` built on first use.  For an
option typed ``str`` the value click hands over already is that ``str`` and pydantic returns it
unchanged, yet importing pydantic and building the adapters cost a fifth of a second on every
command: more than all of ``xuncha status`` on a city's records.  A ``str``, ``bool`` or ``int``
option whose value already has exactly that type is taken as it is (pydantic's answer too: the
value itself), and a path typed as text becomes a Path before typer's own path checks.  Typed
on the command line an int arrives as text, so only a default the code declares skips the
check; every other value, and every other option type (lists), still goes through typer's
pydantic validation and its error messages.

Like ``chinese.localize`` this touches typer's private modules (typer is pinned to 0.29.x); if a
future typer moves them, nothing is patched and every option simply keeps typer's own path.
"""

from dataclasses import dataclass
from pathlib import Path


def pass_text_options_through() -> None:
    try:
        import typer.core as typer_core
        from typer._coercion import RuntimeParam, TypeDescriptor
        from typer._param_types import coerce_cli_path
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
            declared = self.annotation
            if declared in (str, bool, int) and type(value) is declared:
                return value
            if declared is Path and type(value) is str:
                # What pydantic makes of a str for Path is Path(str); typer's own checks follow.
                return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)
            # Built once per parameter and kept on it: typer makes new parameters each time a
            # command is built (every CliRunner call does), so nothing may outlive this one.
            own = self.__dict__.get("typers_own")
            if own is None:
                own = build(self.descriptor)
                object.__setattr__(self, "typers_own", own)
            return own._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: TypeDescriptor):
        if descriptor.file_annotation is not None:
            return build(descriptor)
        # Built for every option but costs nothing until a value needs typer's own coercion:
        # an option left at None is never coerced at all.
        return ValueAsParsed(annotation=descriptor.annotation, parameter_info=descriptor.parameter_info,
                             descriptor=descriptor)

    build_runtime_param.passes_text_through = True
    typer_core.build_runtime_param = build_runtime_param
