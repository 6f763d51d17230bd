"""Every command the CLI offers is documented in the README, and every option it takes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import typer.main

from digest.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix: str = "digest") -> Iterator[tuple[str, object]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_and_option_is_in_the_readme() -> None:
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    commands = list(_commands(root))
    assert len(commands) >= 5
    missing = []
    for path, command in commands:
        if f"`{path}" not in README:
            missing.append(path)
            continue
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help" and opt not in README:
                    missing.append(f"{path} {opt}")
    assert not missing, f"not documented in README.md: {missing}"
