"""The ``digest subscribers`` commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "digest.toml").write_text('name = "Test News"\n', encoding="utf-8")
    return tmp_path


def run(digest_cli, project: Path, *args: str):
    env = {"DIGEST_CONFIG": str(project / "digest.toml")}
    result = digest_cli("subscribers", *args, cwd=project, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_import_reports_bad_lines_and_keeps_the_good_rows(digest_cli, project: Path) -> None:
    path = project / "list.csv"
    path.write_text(
        "email,name,topics,timezone,status\n"
        "ann@example.com,Ann,Sport,,active\n"
        "nope,Bad,,,\n"
        "ANN@example.com,Dup,,,\n"
        "bob@example.org,Bob,,,unsubscribed\n",
        encoding="utf-8",
    )
    first = run(digest_cli, project, "import", str(path))
    assert first.returncode == 1  # some rows were bad
    assert "added 2" in first.stdout
    assert "line 3:" in first.stderr and "line 4: duplicate of line 2" in first.stderr
    again = run(digest_cli, project, "import", str(path), "--json")
    report = json.loads(again.stdout)
    assert (report["added"], report["unchanged"], report["invalid_count"]) == (0, 2, 2)
    assert [p["line"] for p in report["invalid"]] == [3, 4]

    stats = json.loads(run(digest_cli, project, "stats", "--json").stdout)
    assert stats["active"] == 1 and stats["unsubscribed"] == 1 and stats["total"] == 2
    listed = json.loads(run(digest_cli, project, "list", "--status", "active", "--json").stdout)
    assert [s["email"] for s in listed] == ["ann@example.com"]
    assert "1 subscriber" in run(digest_cli, project, "list", "--status", "unsubscribed").stdout

    forced = run(digest_cli, project, "import", str(path), "--force", "--json")
    assert json.loads(forced.stdout)["forced"] == 0  # the file says bob left: nothing to force


def test_add_confirm_show_remove_forget(digest_cli, project: Path) -> None:
    added = run(digest_cli, project, "add", "Ann@Example.com", "--name", "Ann", "--topics", "Sport")
    assert added.returncode == 0 and "pending" in added.stdout
    [eml] = (project / "outbox").glob("*.eml")
    link = next(line for line in eml.read_text().splitlines() if "/confirm/" in line)
    confirmed = run(digest_cli, project, "confirm", link.strip())
    assert confirmed.returncode == 0 and "active" in confirmed.stdout
    shown = json.loads(run(digest_cli, project, "show", "ann@example.com", "--json").stdout)
    assert shown["status"] == "active" and shown["topics"] == ["Sport"]
    assert [h["to_status"] for h in shown["history"]] == ["pending", "active"]
    assert "confirmed by link" in run(digest_cli, project, "show", "ann@example.com").stdout

    assert "unsubscribed" in run(digest_cli, project, "remove", "ann@example.com").stdout
    refused = run(digest_cli, project, "add", "ann@example.com", "--confirmed")
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = run(digest_cli, project, "add", "ann@example.com", "--confirmed", "--force")
    assert forced.returncode == 0 and "active" in forced.stdout

    assert run(digest_cli, project, "forget", "ann@example.com").returncode == 0
    missing = run(digest_cli, project, "show", "ann@example.com")
    assert missing.returncode == 1 and "no subscriber" in missing.stderr
    assert "expired 0" in run(digest_cli, project, "expire").stdout


def test_export_to_a_file_and_errors_are_messages(digest_cli, project: Path) -> None:
    run(digest_cli, project, "add", "=cmd@example.com", "--name", "@SUM(A1)", "--confirmed")
    target = project / "out" / "export.csv"
    result = run(digest_cli, project, "export", str(target), "--status", "active")
    assert result.returncode == 0
    assert target.read_text().splitlines() == [
        "email,name,topics,timezone,status",
        "'=cmd@example.com,'@SUM(A1),,,active",
    ]
    assert "'=cmd@example.com" in run(digest_cli, project, "export").stdout
    bad_status = run(digest_cli, project, "list", "--status", "gone")
    assert bad_status.returncode != 0 and "gone" in bad_status.stderr
    bad_email = run(digest_cli, project, "add", "not-an-address")
    assert bad_email.returncode == 1 and "not a valid email address" in bad_email.stderr
    no_file = run(digest_cli, project, "import", str(project / "missing.csv"))
    assert no_file.returncode == 1 and "cannot read" in no_file.stderr
    forged = run(digest_cli, project, "confirm", "abc.def.ghi")
    assert forged.returncode == 1 and "not valid" in forged.stderr
    short = digest_cli(
        "subscribers",
        "confirm",
        "abc",
        cwd=project,
        env={"DIGEST_CONFIG": str(project / "digest.toml"), "DIGEST_SECRET_KEY": "short"},
    )
    assert short.returncode == 1 and "DIGEST_SECRET_KEY" in short.stderr
