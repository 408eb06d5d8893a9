"""The click classes every xuncha command and group is built from, given to typer through its
public ``cls=``: Chinese help and errors (chinese.py), every missing parameter named at once,
option values taken as parsed (coercion.py), the one handler of a refusal (xuncha/refusal.py), and
commands loaded only when asked for (click's LazyGroup pattern).  ``use_classes`` sets them on the
commands a module declares when the module is loaded, so no command module has to name them.
"""

import importlib
import inspect
import sys

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from ..refusal import Refusal
from .chinese import ChineseContext, short_help, show_error, word
from .coercion import take_values_as_parsed
from .common import EXIT_REFUSED


class WholeSentences:
    """Command lists show each command's first sentence whole, not click's 45 columns and '...'."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return listed_help(self.short_help, self.help)


def listed_help(short: str | None, help: str | None) -> str:
    return (short or "").strip() or short_help(help or "")


def given(value):
    """A value set in a typer declaration; None for one left to typer's default."""
    return None if isinstance(value, DefaultPlaceholder) else value


class XunchaCommand(WholeSentences, TyperCommand):
    context_class = ChineseContext

    def parse_args(self, ctx, args):
        """click stops at the first missing parameter; a clerk should learn every one in one go."""
        given = list(args)
        take_values_as_parsed(self.get_params(ctx))
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as error:
            opts, _, _ = self.make_parser(ctx).parse_args(args=given)
            missing = [p for p in self.get_params(ctx) if p.required and opts.get(p.name) in (None, (), [])]
            if getattr(error, "param", None) not in missing or len(missing) < 2:
                raise
            arguments = [(p.metavar or p.name.upper()) for p in missing if p.param_type_name != "option"]
            options = [p.opts[0] for p in missing if p.param_type_name == "option"]
            parts = ([f"缺少参数 {'、'.join(arguments)}"] if arguments else []) + \
                ([f"缺少选项 {'、'.join(options)}"] if options else [])
            ctx.fail("；".join(parts) + "。")


class XunchaGroup(WholeSentences, TyperGroup):
    """A group of commands, some of them declared in modules of xuncha.cli imported only when asked for.

    ``lazy_commands`` maps each such command to its module, in the order ``--help`` lists them (as
    click's documented LazyGroup): ``xuncha validate`` imports and builds cmd_validate alone, ``--help``
    every module, each once.  A module declares its commands at module level on ``declare_commands()``.
    """

    context_class = ChineseContext
    lazy_commands: dict[str, str] = {}

    def list_commands(self, ctx):
        return [*super().list_commands(ctx), *self.lazy_commands]

    def get_command(self, ctx, name):
        module = self.lazy_commands.get(name)
        if module is None:
            return super().get_command(ctx, name)
        return self._loaded(module).get(name)

    def _loaded(self, module: str) -> dict:
        """The commands ``module`` declares, by name, built once for this group."""
        built = self.__dict__.setdefault("_modules", {})
        if module not in built:
            declared = importlib.import_module(f"{__package__}.{module}").commands
            use_classes(declared)
            command = typer.main.get_command(declared)
            built[module] = dict(getattr(command, "commands", None) or {command.name: command})
        return built[module]

    def format_commands(self, ctx, formatter):
        """The list of ``--help``, each lazy command read off its declaration: building a command
        introspects every parameter of every subcommand, which is most of what --help costs."""
        if not self.lazy_commands:
            return super().format_commands(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            listed = self.declared_listing(name) if name in self.lazy_commands else None
            if listed is None:
                command = self.get_command(ctx, name)
                listed = (True, "") if command is None else (command.hidden, command.get_short_help_str())
            if not listed[0]:
                rows.append((name, listed[1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def declared_listing(self, name: str) -> tuple[bool, str] | None:
        """(hidden, the line --help gives it) as typer would build them, for a command declared with
        its help in ``command()`` or a group declared as ``Typer(help=..., short_help=...)``; None for
        any other declaration, which is then built (tests/test_structure.py checks both agree)."""
        declared = importlib.import_module(f"{__package__}.{self.lazy_commands[name]}").commands
        for info in declared.registered_commands:
            if info.name == name and not info.deprecated:
                text = info.help if info.help is not None else inspect.getdoc(info.callback)
                return info.hidden, listed_help(info.short_help, inspect.cleandoc(text or ""))
        for info in declared.registered_groups:
            sub = info.typer_instance
            if info.name != name or sub is None:
                continue
            if any(given(v) for v in (info.callback, info.help, info.short_help, info.hidden, info.deprecated,
                                      sub.registered_callback, sub.info.deprecated)) or not given(sub.info.help):
                return None
            return bool(given(sub.info.hidden)), listed_help(given(sub.info.short_help), inspect.cleandoc(sub.info.help))
        return None

    def resolve_command(self, ctx, args):
        # typer suggests among the commands already built; a lazy one is built only when named.
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:
            message = getattr(error, "message", "")
            if args and message.startswith("No such command") and "Did you mean" not in message:
                import difflib

                close = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if close:
                    error.message = f"{message.rstrip('.')}. Did you mean {', '.join(repr(c) for c in close)}?"
            raise

    def parse_args(self, ctx, args):
        # Here rather than when built: typer adds its completion options to the group afterwards,
        # click its help option when first asked.
        take_values_as_parsed(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        # No command returns a value the shell should see; dropping it lets ``main`` tell a
        # command's ``typer.Exit(code)`` (which typer returns as the code) from a finished run.
        super().invoke(ctx)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """typer's main, with click's errors shown in Chinese and the one handler of a refusal
        (exit 2); ``standalone_mode=False`` hands both to the caller, as in click."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except Refusal as refusal:
            show_refusal(refusal)
            sys.exit(EXIT_REFUSED)
        except typer.Abort:
            typer.echo(word("Aborted!"), err=True)
            sys.exit(1)
        except typer.TyperException as error:  # click's ClickException and its usage errors
            show_error(error)
            sys.exit(error.exit_code)
        sys.exit(code or 0)


def show_refusal(refusal: Refusal) -> None:
    """The one display of a refusal: the findings behind it, then 错误：and why."""
    for diagnostic in refusal.diagnostics:
        typer.echo(diagnostic.format(), err=True)
    typer.echo(f"错误：{refusal}", err=True)


def declare_commands() -> typer.Typer:
    """The Typer a command module declares its commands on, at module level; the group named in
    ``lazy_commands`` builds them with the settings of the top-level app."""
    return typer.Typer(add_completion=False, rich_markup_mode=None)


def use_classes(app: typer.Typer) -> None:
    """Build every command and group of ``app`` (and of the apps added to it) from xuncha's classes."""
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = XunchaCommand
    for group in app.registered_groups:
        group.cls = XunchaGroup
        use_classes(group.typer_instance)
