"""`xlproduction publish` and the Publish button, end to end: a real workbook, real PDFs through LibreOffice, a real
HTTP server and a real SMTP server on 127.0.0.1, the publication log in a temporary data folder. Nothing is
mocked and nothing leaves this machine."""

from __future__ import annotations

import copy
import datetime as dt
import email
import email.policy
import io
import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.excel import entry_points as ep
from xlproduction.excel import source as live_source
from xlproduction.jobs.publish import publish
from xlproduction.notify.config import ENV_CONFIG, ENV_FROM, ENV_SLACK, ENV_SMTP, ENV_TEAMS, load_config
from xlproduction.notify.delivery import RetryPolicy
from xlproduction.notify.log import ENV_DATA, PublicationLog
from xlproduction.sample import sample_production
from xlproduction.workbook.writer import write_workbook

from .excel_support import payload, remote_book
from .notify_support import HOST, Sink, free_port, smtp_server

DAY = 5
FAST = RetryPolicy(attempts=2, backoff=0.05, max_wait=0.1, timeout=5)
runner = CliRunner()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("publish") / "Rosie.xlsx", sample_production())


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No real config file or data folder is read: everything in this test's folder."""
    values = {ENV_CONFIG: str(tmp_path / "no-config.toml"), ENV_DATA: str(tmp_path / "data")}
    for var in (ENV_SLACK, ENV_TEAMS, ENV_SMTP, ENV_FROM):
        monkeypatch.delenv(var, raising=False)
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    return values


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _crew_phones() -> list[str]:
    return [r["phone"] for r in sample_production().tables["Crew"] if r.get("phone")]


@pytest.mark.libreoffice
def test_dry_run_writes_the_exact_payloads_emails_and_pdfs(book, env, soffice, tmp_path):
    folder = tmp_path / "dry"
    result = publish(book, DAY, dry_run=folder, config=load_config())
    assert result.ok and not result.failed and result.colour == "White"
    names = sorted(f.name for f in result.files)
    assert names == sorted(["slack-1.json", "teams.json", "email-crew.eml", "email-crew.envelope.json",
                            "email-cast.eml", "email-cast.envelope.json", "CS_D05_Fri_05-Mar.pdf",
                            "CS_D05_Fri_05-Mar_cast.pdf"])  # fmt: skip
    slack = json.loads((folder / "slack-1.json").read_text())
    assert slack["blocks"][0]["text"]["text"] == "Last Call at Rosie's — Day 5 of 23"
    teams = json.loads((folder / "teams.json").read_text())
    assert teams["attachments"][0]["content"]["type"] == "AdaptiveCard"
    crew_pdf = (folder / "CS_D05_Fri_05-Mar.pdf").read_bytes()
    cast_pdf = (folder / "CS_D05_Fri_05-Mar_cast.pdf").read_bytes()
    for eml, pdf in (("email-crew.eml", crew_pdf), ("email-cast.eml", cast_pdf)):
        m = email.message_from_bytes((folder / eml).read_bytes(), policy=email.policy.default)
        [att] = list(m.iter_attachments())
        assert att.get_content() == pdf  # the very PDF written beside it
        assert m["Bcc"] is None
    envelope = json.loads((folder / "email-cast.envelope.json").read_text())
    assert envelope["to"] and all("@" in a for a in envelope["to"])
    # The cast version carries no crew phone number, in its PDF or its email; the crew version has them.
    phones = _crew_phones()
    cast_text = _pdf_text(cast_pdf) + (folder / "email-cast.eml").read_text(errors="replace")
    assert not [ph for ph in phones if ph in cast_text]
    assert [ph for ph in phones if ph in _pdf_text(crew_pdf)]
    # A dry run sends nothing and records nothing.
    assert PublicationLog(book, Path(env[ENV_DATA])).entries() == []


@pytest.mark.libreoffice
def test_publish_everywhere_then_again_then_after_a_change(book, env, soffice, tmp_path,
                                                          httpserver_ipv4: HTTPServer):  # fmt: skip
    work = tmp_path / "Rosie.xlsx"
    work.write_bytes(book.read_bytes())
    httpserver_ipv4.expect_request("/slack").respond_with_data("ok")
    httpserver_ipv4.expect_request("/teams").respond_with_data("", status=202)
    sink = Sink()
    with smtp_server(sink) as port:
        os.environ[ENV_SLACK] = httpserver_ipv4.url_for("/slack")
        os.environ[ENV_TEAMS] = httpserver_ipv4.url_for("/teams")
        os.environ[ENV_SMTP] = f"smtp://{HOST}:{port}"
        os.environ[ENV_FROM] = "Production Office <office@example.com>"
        try:
            first = publish(work, DAY, pdf_dir=tmp_path / "pdfs", policy=FAST)
            assert first.ok, [o.detail for o in first.outcomes]
            assert [o.status for o in first.outcomes] == ["sent", "sent", "sent"]
            assert first.revision == 0 and first.since is None  # nothing published before: no changes to announce
            assert len(sink.received) == 2 and len(httpserver_ipv4.log) == 2
            subjects = [r.message["Subject"] for r in sink.received]
            assert subjects == ["Call sheet: Last Call at Rosie's — Day 5 of 23 — Fri 05-Mar-2027"] * 2
            log = PublicationLog(work, Path(env[ENV_DATA]))
            [entry] = log.entries()
            assert (entry.day, entry.revision, entry.channels) == (DAY, 0, {"slack": "sent", "teams": "sent",
                                                                           "email": "sent"})  # fmt: skip
            assert log.snapshot(entry).read_bytes() == work.read_bytes()

            # The same call sheet again: nothing is sent without --force.
            again = publish(work, DAY, policy=FAST)
            assert again.ok and [o.status for o in again.outcomes] == ["skipped"] * 3
            assert len(sink.received) == 2 and len(httpserver_ipv4.log) == 2 and len(log.entries()) == 1
            forced = publish(work, DAY, to="slack", force=True, policy=FAST)
            assert [o.status for o in forced.outcomes] == ["sent"] and len(httpserver_ipv4.log) == 3

            # The crew call of day 5 moves: a new revision, and the change is announced.
            data = copy.deepcopy(sample_production())
            next(r for r in data.tables["Days"] if r["day"] == DAY)["crew_call"] -= dt.timedelta(minutes=30)
            write_workbook(work, data)
            changed = publish(work, DAY, to="slack,teams", policy=FAST)
            assert changed.ok and changed.revision == 1 and changed.colour == "Blue"
            assert changed.since.startswith("the publication of ")
            assert [c.message for c in changed.changes] == ["Day 5 (Fri 05-Mar): crew call 4:00 PM (was 4:30 PM)."]
            posted = json.loads(httpserver_ipv4.log[-2][0].data)
            text = json.dumps(posted)
            assert "Changes since the last call sheet" in text and "crew call 4:00 PM (was 4:30 PM)" in text
            assert "revision Blue" in text
        finally:
            for var in (ENV_SLACK, ENV_TEAMS, ENV_SMTP, ENV_FROM):
                os.environ.pop(var, None)


def test_cli_one_channel_failing_exits_1_and_the_other_still_delivers(book, env, monkeypatch,
                                                                      httpserver_ipv4: HTTPServer):  # fmt: skip
    httpserver_ipv4.expect_request("/services/T/B/slacksecret").respond_with_data("invalid_payload", status=400)
    httpserver_ipv4.expect_request("/teams").respond_with_data("", status=202)
    monkeypatch.setenv(ENV_SLACK, httpserver_ipv4.url_for("/services/T/B/slacksecret"))
    monkeypatch.setenv(ENV_TEAMS, httpserver_ipv4.url_for("/teams"))
    r = runner.invoke(app, ["publish", str(book), "--day", str(DAY)])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output and "slacksecret" not in r.output
    assert "slack" in r.output and "failed" in r.output and "HTTP 400 (invalid_payload)" in r.output
    assert "teams" in r.output and "sent" in r.output
    assert [req.path for req, _ in httpserver_ipv4.log] == ["/services/T/B/slacksecret", "/teams"]


def test_cli_bad_input_is_one_clear_line(book, env, monkeypatch, tmp_path):
    r = runner.invoke(app, ["publish", str(book), "--day", str(DAY)])
    assert r.exit_code == 2 and "No channel is configured" in r.output and "Traceback" not in r.output
    monkeypatch.setenv(ENV_SLACK, f"http://{HOST}:{free_port()}/hook")
    r = runner.invoke(app, ["publish", str(book), "--day", str(DAY), "--tries", "1"])
    assert r.exit_code == 1 and f"could not reach {HOST}: connection refused" in r.output
    r = runner.invoke(app, ["publish", str(book), "--day", "99"])
    assert r.exit_code == 2 and "day 99" in r.output
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    r = runner.invoke(app, ["publish", str(bad), "--day", str(DAY)])
    assert r.exit_code == 2 and "Cannot read the workbook" in r.output and "bad.xlsx" in r.output
    monkeypatch.setenv(ENV_SLACK, "http://hooks.slack.com/services/T/B/plainsecret")
    r = runner.invoke(app, ["publish", str(book), "--day", str(DAY)])
    assert r.exit_code == 2 and "not https" in r.output and "plainsecret" not in r.output
    monkeypatch.delenv(ENV_SLACK)
    r = runner.invoke(app, ["publish", str(book), "--to", "fax"])
    assert r.exit_code == 2 and "Unknown channel fax" in r.output
    cfg = Path(env[ENV_CONFIG])
    cfg.write_text('slack_webhook = "https://hooks.slack.com/services/T/B/X"\n')
    cfg.chmod(0o644)
    r = runner.invoke(app, ["publish", str(book), "--day", str(DAY)])
    assert r.exit_code == 2 and "chmod 600" in r.output


def test_cli_dry_run_with_since_shows_the_changes(book, env, tmp_path):
    data = copy.deepcopy(sample_production())
    strip = next(r for r in data.tables["Schedule"] if r["day"] == DAY)
    strip["day"], strip["order"] = 9, 90
    new = write_workbook(tmp_path / "Rosie v2.xlsx", data)
    out = tmp_path / "dry"
    r = runner.invoke(app, ["publish", str(new), "--day", "9", "--since", str(book), "--dry-run", "--out", str(out),
                            "--to", "slack"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert f"changes for day 9 since {book.name}" in r.output and f"Scene {strip['scene']} " in r.output
    [message] = [json.loads(p.read_text()) for p in sorted(out.glob("slack-*.json"))]
    text = "\n".join(b["text"]["text"] for b in message["blocks"] if b["type"] == "section" and "text" in b)
    assert f"moved from day {DAY} (Fri 05-Mar) to day 9 (Thu 11-Mar)" in text


# --- the Publish button --------------------------------------------------------------------------------------------


def test_publish_button_in_xlwings_lite_says_to_use_desktop_or_the_cli(book, env, httpserver_ipv4, monkeypatch):
    monkeypatch.setenv(ENV_SLACK, httpserver_ipv4.url_for("/slack"))
    b = remote_book(payload(book))
    result = ep.publish(b)
    assert not result.ok and "browser" in result.message and "xlproduction publish" in result.message
    assert [a["func"] for a in b.json()["actions"]] == ["alert"]
    assert not httpserver_ipv4.log  # nothing was sent


def test_publish_button_on_desktop_sends_the_selected_day(book, env, httpserver_ipv4, monkeypatch):
    monkeypatch.setattr(live_source, "is_web", lambda book: False)  # desktop Excel with a saved workbook
    httpserver_ipv4.expect_request("/slack").respond_with_data("ok")
    monkeypatch.setenv(ENV_SLACK, httpserver_ipv4.url_for("/slack"))
    data = payload(book, active="Days", selection="A8")  # Days row 8: shoot day 7
    data["book"]["name"] = str(book)
    b = remote_book(data)
    result = ep.publish(b)
    assert result.ok, result.message
    assert result.message.startswith("Day 7 (Tue 09-Mar-2027), call-sheet revision White, as saved in Rosie.xlsx")
    assert "slack: sent" in result.message
    [(req, _)] = httpserver_ipv4.log
    assert json.loads(req.data)["blocks"][0]["text"]["text"] == "Last Call at Rosie's — Day 7 of 23"
    assert [a["func"] for a in b.json()["actions"]] == ["alert"]
