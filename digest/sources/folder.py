"""A folder: every supported file in it, by file ending, in name order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from digest.sources.base import EXTENSIONS


def files_in(folder: Path) -> Iterator[tuple[Path, str]]:
    """(path, kind) for every supported file below ``folder``, skipping hidden ones."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        kind = EXTENSIONS.get(path.suffix.lower())
        if kind is not None:
            yield path, kind
