"""The ``digest`` command: a thin Typer layer over the library.

Each area registers its commands on the shared app in its own module.
"""

from __future__ import annotations

import sys

from rich.markup import escape

from digest.cli import editions as _editions  # noqa: F401 - registers its commands
from digest.cli import job as _job  # noqa: F401 - registers its commands
from digest.cli import render as _render  # noqa: F401 - registers its commands
from digest.cli import stories as _stories  # noqa: F401 - registers its commands
from digest.cli import subscribers as _subscribers  # noqa: F401 - registers its commands
from digest.cli.common import app, err_console
from digest.exceptions import DigestError


def main() -> None:
    """Entry point: a ``DigestError`` is a message for the user, never a traceback."""
    try:
        app(standalone_mode=True)
    except DigestError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)


__all__ = ["app", "main"]
