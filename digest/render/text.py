"""The plain-text part: rendered from ``edition.txt.j2``, then wrapped at 78 columns.

A line that is only a URL (or would break one) is left whole: a broken URL is worse than a
long line. Indented lines keep their indent on the lines they wrap onto.
"""

from __future__ import annotations

import re
import textwrap

WIDTH = 78
_URL = re.compile(r"^<?https?://\S+>?$")


def wrap_line(line: str, width: int = WIDTH) -> list[str]:
    if len(line) <= width or _URL.match(line.strip()):
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    # A "* " bullet's text continues under the text, not under the bullet.
    follow = indent + "  " if line.lstrip().startswith("* ") else indent
    return textwrap.wrap(
        line.strip(),
        width=width,
        initial_indent=indent,
        subsequent_indent=follow,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]


def wrap(text: str, width: int = WIDTH) -> str:
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(wrap_line(line.rstrip() if line != "-- " else line, width))
    # Collapse runs of blank lines the template's loops leave behind to at most two.
    result = re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n")
    return result + "\n"
