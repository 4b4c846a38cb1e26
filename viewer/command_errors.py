"""The command line's exit codes and its one way out on failure, shared by cli.py and the command modules.

0 success, 1 the input or the database is bad (problems printed as `path:line: code: message`), 2 a usage
error (click's own), 130 interrupted. A command module fails by raising CommandError (`error: message` on
stderr, exit 1); no module defines exit codes of its own (a test checks).
"""

from __future__ import annotations

import click

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CommandError(click.ClickException):
    """The command failed on its input or its database: `error: message` on stderr, exit 1 (an empty message
    prints nothing more: the problems were printed already)."""

    exit_code = EXIT_BAD_INPUT
    prefix = "error"

    def show(self, file=None) -> None:
        if self.message:
            click.echo(f"{self.prefix}: {self.message}", err=True)


class NotAllowedError(CommandError):
    """The user's role may not do this: `not allowed: ...`, exit 1."""

    prefix = "not allowed"
