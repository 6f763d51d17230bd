"""The render command: the current draft as a sample subscriber would get it."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from digest.cli.common import app, console, err_console, fail, state
from digest.cli.editions import WEEK_HELP, resolve_week
from digest.editions import build_draft
from digest.render import SizeReport, build_message, render_sample


def _write(path: Path, data: str | bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise fail(f"{path}: cannot write: {escape(str(exc))}") from None


@app.command("render")
def render_command(
    week: str | None = typer.Option(None, "--week", help=WEEK_HELP),
    out: Path = typer.Option(Path("email.html"), "--out", help="Where to write the HTML part."),
    text: Path | None = typer.Option(None, "--text", help="Also write the plain-text part here."),
    eml: Path | None = typer.Option(
        None, "--eml", help="Also write the whole MIME message (.eml) here."
    ),
    topics: str | None = typer.Option(
        None, "--topics", help="Comma-separated section names: render that variant (default: all)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print sizes and the size report as JSON."),
) -> None:
    """Render the current draft for a sample subscriber; print its size and the size guard's report."""
    config = state.config
    edition = build_draft(config, state.database(), resolve_week(week))
    if not edition.items:
        why = f" ({edition.skip_reason})" if edition.skip_reason else ""
        raise fail(f"edition {edition.period} has no stories to render{escape(why)}")
    chosen = [t.strip() for t in topics.split(",") if t.strip()] if topics else []
    known = {section.name.casefold() for section in edition.sections}
    unknown = [t for t in chosen if t.casefold() not in known]
    if unknown:
        names = ", ".join(section.name for section in edition.sections) or "none"
        raise fail(f"--topics: no section named {', '.join(unknown)} (sections: {names})")
    preview = render_sample(config, edition, chosen)
    variant, recipient, email = preview.variant, preview.recipient, preview.email
    _write(out, email.html)
    if text is not None:
        _write(text, email.text)
    if eml is not None:
        _write(eml, bytes(build_message(config, email, recipient)))
    html_bytes = preview.html_bytes
    if as_json:
        summary = {
            "period": edition.period,
            "subject": email.subject,
            "preheader": email.preheader,
            "stories": len(variant.edition.items) if variant.edition else 0,
            "html_bytes": html_bytes,
            "text_bytes": len(email.text.encode("utf-8")),
            "size_guard": variant.report.to_json(),
            "files": {k: str(v) for k, v in {"html": out, "text": text, "eml": eml}.items() if v},
        }
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    console.print(f"[bold]{escape(email.subject)}[/]", highlight=False)
    console.print(f"  {escape(email.preheader)}", style="dim", highlight=False)
    console.print(
        f"wrote {escape(str(out))}: HTML {html_bytes:,} bytes for the sample subscriber",
        highlight=False,
    )
    if text is not None:
        console.print(f"wrote {escape(str(text))}: text {len(email.text.encode()):,} bytes")
    if eml is not None:
        console.print(f"wrote {escape(str(eml))}")
    print_size_report(variant.report)


def print_size_report(report: SizeReport) -> None:
    """The size guard's lines; on stderr when it had to change the email."""
    target = err_console if report.changed else console
    for line in report.lines():
        target.print(f"size guard: {escape(line)}", highlight=False)
