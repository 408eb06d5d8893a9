"""The one exception for "refused": bad input, or a change that may not be made.

A refusal's text is the Chinese message the clerk reads (naming the file, line and clause or field
at fault); ``diagnostics``, when a refusal carries them, are the record findings behind it.  The
command line has one handler for it (xuncha/cli/classes.py): the diagnostics, then 错误：and the
message on stderr, exit 2.  Whoever raises it has changed nothing on disk.  It imports nothing,
so every layer can raise it.
"""


class Refusal(Exception):
    def __init__(self, message: str, diagnostics=None):
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])
