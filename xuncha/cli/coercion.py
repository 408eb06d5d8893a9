"""Option values reach the command as click parsed them, without building a pydantic validator.

typer 0.29 coerces every value through a pydantic ``TypeAdapter`` built on first use.  For an
option typed ``str`` the value click hands over already is that ``str`` and pydantic returns it
unchanged, yet importing pydantic and building the adapters cost a fifth of a second on every
command: more than all of ``xuncha status`` on a city's records.  A ``str``, ``bool`` or ``int``
value that already has exactly its declared type is taken as it is (pydantic's answer too: the
value itself), and a path typed as text becomes a Path with typer's checks for a plain path
(an existing one must be readable).  Typed on the command line an int arrives as text, so only
a default the code declares skips the check; every other value, and every other option type
(lists, paths with exists= and the like), still goes through typer's pydantic validation and
its error messages.

Only public typer API: the parameters are typer's own ``TyperOption``/``TyperArgument``, given
this behaviour by a subclass (``ValuesAsParsed``) when the command is built (classes.py), and
``get_runtime_param`` is their public hook.
"""

import os
from pathlib import Path

import typer
from typer.core import TyperArgument, TyperOption


def _plain_path(info) -> bool:
    """A path option without typer's checks beyond "readable if it exists" (all of xuncha's)."""
    return (not info.exists and info.file_okay and info.dir_okay and not info.writable
            and not info.resolve_path and not info.allow_dash and info.path_type is None)


class AsParsed:
    """A runtime parameter (typer's ``coerce(value, param, ctx)``) that keeps a value of the
    declared type and asks typer's own coercion, built on first need, for any other."""

    def __init__(self, typers_own) -> None:
        self.build_typers_own = typers_own
        self.typers_own = None

    def coerce(self, value, param, ctx):
        if value is None:
            # typer's answer for a value left out, without building its validator.
            return () if (param.multiple or param.nargs == -1) else None
        declared = param.type_descriptor.annotation
        if declared in (str, bool, int) and type(value) is declared:
            return value
        info = param.type_descriptor.parameter_info
        if declared is Path and type(value) is str and _plain_path(info):
            path = Path(value)
            if info.readable and path.exists() and not os.access(path, os.R_OK):
                raise typer.BadParameter(f"Path {value!r} is not readable.", ctx=ctx, param=param)
            return path
        if self.typers_own is None:
            # Built once per parameter and kept on it: typer makes new parameters each time a
            # command is built (every CliRunner call does), so nothing outlives this one.
            self.typers_own = self.build_typers_own()
        return self.typers_own.coerce(value, param=param, ctx=ctx)


def _get_runtime_param(self):
    """Each value through ``AsParsed``; typer's own coercion is built only if a value needs it."""
    runtime = self.__dict__.get("as_parsed")
    if runtime is None:
        runtime = self.__dict__["as_parsed"] = AsParsed(super(type(self), self).get_runtime_param)
    return runtime


# Subclasses with no state of their own, so a parameter typer built can be given one (__class__
# assignment needs single inheritance and the same layout).
class OptionAsParsed(TyperOption):
    get_runtime_param = _get_runtime_param


class ArgumentAsParsed(TyperArgument):
    get_runtime_param = _get_runtime_param


AS_PARSED = {TyperOption: OptionAsParsed, TyperArgument: ArgumentAsParsed}


def take_values_as_parsed(params) -> None:
    """Give each of typer's parameters of a command the as-parsed coercion (file parameters,
    which typer opens, keep typer's own)."""
    for param in params:
        faster = AS_PARSED.get(type(param))
        if faster is not None and param.type_descriptor.file_annotation is None:
            param.__class__ = faster
