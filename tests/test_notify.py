"""Publishing, end to end on real servers: what Slack, Teams and email receive, retries and failures as a real HTTP
server on 127.0.0.1 (pytest-httpserver) and a real SMTP server (aiosmtpd) see them, the secrets configuration and
the publication log. Nothing is mocked and nothing leaves this machine."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from xlproduction.callsheet.model import Audience, build_callsheet
from xlproduction.changes.model import EVERYONE, Change, Kind
from xlproduction.notify import slack, teams
from xlproduction.notify.config import (
    ENV_CONFIG,
    ENV_FROM,
    ENV_SLACK,
    ENV_SMTP,
    ENV_TEAMS,
    ConfigError,
    Secret,
    load_config,
    parse_smtp_url,
    scrub,
)
from xlproduction.notify.content import digest
from xlproduction.notify.delivery import RetryPolicy, retry_after
from xlproduction.notify.log import Publication, PublicationLog
from xlproduction.notify.mail import build_email, recipients
from xlproduction.notify.publish import deliver, plan, write_dry_run
from xlproduction.notify.smtp import send_emails
from xlproduction.notify.webhook import post_messages, slack_ok, teams_ok
from xlproduction.workbook.reader import load_production

from .notify_support import HOST, Authenticator, Sink, free_port, make_ca, smtp_server

SAMPLE = Path(__file__).resolve().parents[1] / "workbook_templates" / "sample_production.xlsx"
DAY = 5
FAST = RetryPolicy(attempts=3, backoff=0.05, max_wait=0.2, max_retry_after=5, timeout=3)
PDF = ("CS_D05_Fri_05-Mar.pdf", b"%PDF-1.4\n% a call sheet\n%%EOF\n")
CAST_PDF = ("CS_D05_Fri_05-Mar_cast.pdf", b"%PDF-1.4\n% the cast version\n%%EOF\n")
CHANGES = (Change(Kind.CREW_CALL, "Day 5 (Fri 05-Mar): crew call 4:00 PM (was 4:30 PM).", day=5, days=(5,),
                  before="4:30 PM", after="4:00 PM", affects=EVERYONE),)  # fmt: skip


@pytest.fixture(scope="module")
def production():
    return load_production(SAMPLE)


@pytest.fixture(scope="module")
def sheets(production):
    return {a: build_callsheet(production, DAY, a) for a in (Audience.CREW, Audience.CAST)}


def _config(tmp_path: Path, **env: str):
    """A configuration from these variables only (the real environment and config file are not read)."""
    return load_config({ENV_CONFIG: str(tmp_path / "absent.toml"), **env})


def _crew_phones(p) -> list[str]:
    return [str(x) for x in p.crew["phone"].dropna()]


# --- what each channel says -----------------------------------------------------------------------------------------


def test_slack_message_says_what_the_call_sheet_says(production, sheets):
    cs = sheets[Audience.CREW]
    [msg] = slack.messages(digest(cs, CHANGES))
    assert msg["text"].startswith("Last Call at Rosie's: call sheet day 5, Friday, March 5, 2027: crew call 4:30 PM")
    blocks = msg["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "emoji": False,
                                                     "text": "Last Call at Rosie's — Day 5 of 23"}}  # fmt: skip
    fields = {f["text"].split("\n", 1)[0]: f["text"].split("\n", 1)[1] for b in blocks if b["type"] == "section"
              for f in b.get("fields", [])}  # fmt: skip
    assert fields["*Date*"] == "Friday, March 5, 2027"
    assert fields["*Crew call*"] == "4:30 PM" and fields["*Shooting call*"] == "5:30 PM"
    assert fields["*Location*"] == "Cole Avenue Stages - Stage 4\n1147 N Cole Ave, Los Angeles, CA 90038"
    assert fields["*Weather*"].startswith("Sunny") and fields["*Sunrise / sunset*"] == "6:17 AM / 5:53 PM"
    assert fields["*Nearest hospital*"].startswith("Hollywood Presbyterian Medical Center, 1300 N Vermont Ave")
    text = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b)
    for s in cs.scenes:
        assert f"Sc. {s.scene} ·" in text
    assert "*Scenes — 6 scenes, 3 pages*" in text and "— LUNCH —" in text
    assert "*Changes since the last call sheet*\n• Day 5 (Fri 05-Mar): crew call 4:00 PM (was 4:30 PM)." in text
    assert blocks[-1]["type"] == "context" and "revision White" in blocks[-1]["elements"][0]["text"]
    # No personal phone number reaches the channel: not the crew's, not the cast's.
    dumped = json.dumps(msg, ensure_ascii=False)
    assert not [ph for ph in _crew_phones(production) if ph in dumped]
    for name in ("Ramona Sedgwick", "+1 661 555 0130"):  # a performer and her phone
        assert name not in dumped


def test_slack_limits_split_long_lists_into_several_messages(sheets):
    d = digest(sheets[Audience.CREW])
    long = replace(d, scenes=tuple(f"Sc. {i} · INT. A VERY LONG SET NAME FOR A SCENE NUMBER {i} · " + "x" * 120
                                   for i in range(400)),
                   headline="H" * 400)
    msgs = slack.messages(long)
    assert len(msgs) > 1
    seen: list[str] = []
    for i, m in enumerate(msgs, 1):
        assert len(m["blocks"]) <= slack.MAX_BLOCKS
        assert f"(Part {i} of {len(msgs)})" in m["text"]
        size = 0
        for b in m["blocks"]:
            if b["type"] == "header":
                assert len(b["text"]["text"]) <= slack.MAX_HEADER and b["text"]["text"].endswith("…")
            if b["type"] == "section" and "text" in b:
                assert len(b["text"]["text"]) <= slack.MAX_SECTION
                size += len(b["text"]["text"])
                seen += [x[2:] for x in b["text"]["text"].split("\n") if x.startswith("• ")]
            for f in b.get("fields", []):
                assert len(f["text"]) <= slack.MAX_FIELD
            assert len(b.get("fields", [])) <= slack.MAX_FIELDS
        assert size <= slack.MAX_MESSAGE_TEXT
    assert seen == list(long.scenes)  # every scene once, in order, none cut


def test_slack_escapes_what_was_typed(sheets):
    d = replace(digest(sheets[Audience.CREW]), facts=(("Weather", "<!channel> rain & wind"),))
    text = json.dumps(slack.messages(d))
    assert "&lt;!channel&gt; rain &amp; wind" in text and "<!channel>" not in text


def test_teams_message_is_an_adaptive_card_for_a_workflow(sheets):
    msg = teams.message(digest(sheets[Audience.CREW], CHANGES))
    assert msg["type"] == "message" and len(msg["attachments"]) == 1
    att = msg["attachments"][0]
    assert att["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = att["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["text"] == "Last Call at Rosie's — Day 5 of 23"
    facts = {f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]}
    assert facts["Crew call"] == "4:30 PM" and facts["Location"].startswith("Cole Avenue Stages - Stage 4, 1147 N")
    assert facts["Nearest hospital"].startswith("Hollywood Presbyterian")
    texts = [b.get("text", "") for b in card["body"]]
    assert "• Day 5 (Fri 05-Mar): crew call 4:00 PM (was 4:30 PM)." in texts
    assert len(json.dumps(msg)) < 25_000


def test_teams_card_stays_small_with_a_season_of_changes(sheets):
    d = digest(sheets[Audience.CREW])
    big = replace(d, scenes=tuple(f"Sc. {i} · " + "y" * 900 for i in range(300)),
                  changes=tuple(f"Change {i}: " + "z" * 900 for i in range(300)))
    card = teams.message(big)["attachments"][0]["content"]
    texts = [b.get("text", "") for b in card["body"]]
    more = [t for t in texts if t.startswith("… and ")]
    assert len(more) == 2 and all(t.endswith(" more: see the call sheet.") for t in more)
    assert all(len(t) <= 2 * teams.MAX_TEXT for t in texts)
    assert len(json.dumps(card, ensure_ascii=False).encode()) < 28_000


def test_emails_per_audience_and_who_has_no_email(production, sheets):
    crew = recipients(production, sheets[Audience.CREW])
    cast = recipients(production, sheets[Audience.CAST])
    crew_emails = {str(x).casefold() for x in production.crew["email"].dropna()}
    assert crew.addresses and {a.casefold() for a in crew.addresses} <= crew_emails
    assert len(crew.addresses) + len(crew.missing) == len(sheets[Audience.CREW].crew)
    cast_ids = {c.cast_id for c in sheets[Audience.CAST].cast}
    rows = production.cast[production.cast["cast_id"].isin(cast_ids)]
    assert set(cast.addresses) == {str(x) for x in rows["email"].dropna()}
    assert not set(cast.addresses) & set(crew.addresses)


# --- webhooks on a real HTTP server ----------------------------------------------------------------------------------


def _hook(server: HTTPServer, path: str) -> Secret:
    return Secret(server.url_for(path), "test webhook", "test")


def test_slack_delivery_posts_the_payload_once(httpserver_ipv4: HTTPServer, sheets):
    msgs = slack.messages(digest(sheets[Audience.CREW]))
    httpserver_ipv4.expect_oneshot_request("/services/T0/B0/secret", method="POST", json=msgs[0]).respond_with_data(
        "ok")
    out = post_messages("slack", _hook(httpserver_ipv4, "/services/T0/B0/secret"), msgs, FAST, slack_ok)
    assert out.ok and out.sent == 1 and out.attempts == 1, out
    req, _ = httpserver_ipv4.log[0]
    assert req.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "secret" not in out.detail and out.detail == f"1 message to {HOST}"
    httpserver_ipv4.check_assertions()


def test_429_waits_as_retry_after_says_then_posts_once(httpserver_ipv4: HTTPServer):
    payload = {"text": "hello"}
    httpserver_ipv4.expect_ordered_request("/hook", method="POST").respond_with_data(
        "rate_limited", status=429, headers={"Retry-After": "1"})
    httpserver_ipv4.expect_ordered_request("/hook", method="POST", json=payload).respond_with_data("ok")
    t = time.monotonic()
    out = post_messages("slack", _hook(httpserver_ipv4, "/hook"), [payload], FAST, slack_ok)
    waited = time.monotonic() - t
    assert out.ok and out.attempts == 2 and out.sent == 1
    assert waited >= 1.0  # Retry-After: 1, not the policy's 0.05 s backoff
    assert len(httpserver_ipv4.log) == 2
    httpserver_ipv4.check_assertions()


def test_a_5xx_is_retried_and_the_message_arrives_once(httpserver_ipv4: HTTPServer):
    httpserver_ipv4.expect_ordered_request("/hook", method="POST").respond_with_data("rollup_error", status=500)
    httpserver_ipv4.expect_ordered_request("/hook", method="POST", json={"text": "a"}).respond_with_data("ok")
    httpserver_ipv4.expect_ordered_request("/hook", method="POST", json={"text": "b"}).respond_with_data("ok")
    out = post_messages("slack", _hook(httpserver_ipv4, "/hook"), [{"text": "a"}, {"text": "b"}], FAST, slack_ok)
    assert out.ok and out.sent == 2 and out.attempts == 3
    bodies = [json.loads(r.data) for r, resp in httpserver_ipv4.log if resp.status_code == 200]
    assert bodies == [{"text": "a"}, {"text": "b"}]  # each delivered exactly once, in order


def test_a_4xx_fails_at_once_and_says_what_slack_said(httpserver_ipv4: HTTPServer):
    httpserver_ipv4.expect_request("/services/T/B/XYZsecret").respond_with_data("invalid_payload", status=400)
    out = post_messages("slack", _hook(httpserver_ipv4, "/services/T/B/XYZsecret"), [{"text": "a"}], FAST, slack_ok)
    assert not out.ok and out.attempts == 1
    assert out.detail == f"{HOST} refused the message: HTTP 400 (invalid_payload)"
    httpserver_ipv4.clear()
    httpserver_ipv4.expect_request("/gone").respond_with_data("channel_not_found", status=404)
    out = post_messages("slack", _hook(httpserver_ipv4, "/gone"), [{"text": "a"}], FAST, slack_ok)
    assert "no longer exists" in out.detail


def test_redirects_are_not_followed(httpserver_ipv4: HTTPServer):
    httpserver_ipv4.expect_request("/hook").respond_with_data("", status=302, headers={"Location": "/elsewhere"})
    httpserver_ipv4.expect_request("/elsewhere").respond_with_data("ok")
    out = post_messages("slack", _hook(httpserver_ipv4, "/hook"), [{"text": "a"}], FAST, slack_ok)
    assert not out.ok and "not redirected" in out.detail
    assert [r.path for r, _ in httpserver_ipv4.log] == ["/hook"]


def test_an_unreachable_host_and_a_silent_one_fail_in_one_line():
    closed = Secret(f"http://{HOST}:{free_port()}/hook", "test webhook", "test")
    out = post_messages("slack", closed, [{"text": "a"}], FAST, slack_ok)
    assert not out.ok and out.detail == f"could not reach {HOST}: connection refused, after 3 tries"
    assert out.attempts == 3

    # A server that accepts the connection and never answers: the timeout ends it.
    import socket

    srv = socket.socket()
    srv.bind((HOST, 0))
    srv.listen(5)
    try:
        silent = Secret(f"http://{HOST}:{srv.getsockname()[1]}/hook", "test webhook", "test")
        t = time.monotonic()
        out = post_messages("slack", silent, [{"text": "a"}], replace(FAST, attempts=2, timeout=0.5), slack_ok)
        assert not out.ok and "no answer in time" in out.detail and time.monotonic() - t < 5
    finally:
        srv.close()


def test_https_webhook_with_a_verified_certificate(tmp_path):
    ca = make_ca(tmp_path)
    server = HTTPServer(host=HOST, port=0, ssl_context=ca.server_context())
    server.expect_request("/hook", method="POST").respond_with_data("", status=202)
    server.start()
    try:
        hook = Secret(server.url_for("/hook"), "Teams webhook", "test")
        assert hook.reveal().startswith("https://")
        out = post_messages("teams", hook, [{"type": "message"}], FAST, teams_ok, ca.client_context())
        assert out.ok, out
        # The system's authorities do not know the test CA: refused, not retried, said plainly.
        out = post_messages("teams", hook, [{"type": "message"}], FAST, teams_ok)
        assert not out.ok and "certificate could not be verified" in out.detail and out.attempts == 1
    finally:
        server.stop()


def test_one_channel_failing_does_not_stop_the_others(httpserver_ipv4: HTTPServer, production, sheets, tmp_path):
    httpserver_ipv4.expect_request("/slack").respond_with_data("rollup_error", status=500)
    httpserver_ipv4.expect_request("/teams").respond_with_data("", status=202)
    config = _config(tmp_path, **{ENV_SLACK: httpserver_ipv4.url_for("/slack"),
                                  ENV_TEAMS: httpserver_ipv4.url_for("/teams")})  # fmt: skip
    pl = plan(production, sheets, ["slack", "teams", "email"], CHANGES)
    outcomes = deliver(pl, config, policy=FAST)
    by = {o.channel: o for o in outcomes}
    assert not by["slack"].ok and by["slack"].detail == f"{HOST} answered HTTP 500 (rollup_error) after 3 tries"
    assert by["teams"].ok and "accepted by the workflow" in by["teams"].detail
    assert not by["email"].ok and by["email"].detail.startswith("no SMTP server or sender configured")
    teams_posts = [json.loads(r.data) for r, _ in httpserver_ipv4.log if r.path == "/teams"]
    assert teams_posts == [pl.teams]


def test_already_sent_channels_are_skipped_unless_forced(httpserver_ipv4: HTTPServer, production, sheets, tmp_path):
    httpserver_ipv4.expect_request("/slack").respond_with_data("ok")
    config = _config(tmp_path, **{ENV_SLACK: httpserver_ipv4.url_for("/slack")})
    pl = plan(production, sheets, ["slack"])
    [o] = deliver(pl, config, already={"slack"}, policy=FAST)
    assert o.skipped and o.ok and "--force" in o.detail and not httpserver_ipv4.log
    [o] = deliver(pl, config, already={"slack"}, force=True, policy=FAST)
    assert o.ok and not o.skipped and len(httpserver_ipv4.log) == 1


# --- email on a real SMTP server -------------------------------------------------------------------------------------


def _smtp_config(tmp_path: Path, url: str):
    return _config(tmp_path, **{ENV_SMTP: url, ENV_FROM: "Production Office <office@example.com>"})


def test_email_per_audience_through_a_real_smtp_server(production, sheets, tmp_path):
    sink, auth = Sink(), Authenticator("coord@example.com", "p@ss:word")
    with smtp_server(sink, auth=auth) as port:
        config = _smtp_config(tmp_path, f"smtp://coord%40example.com:p%40ss%3Aword@{HOST}:{port}")
        pl = plan(production, sheets, ["email"], CHANGES, sender=config.mail_from,
                  pdfs={Audience.CREW: PDF, Audience.CAST: CAST_PDF})  # fmt: skip
        [out] = deliver(pl, config, policy=FAST)
    assert out.ok and out.sent == 2, out
    assert auth.tried == [(b"coord@example.com", b"p@ss:word")]
    assert "p@ss" not in out.detail
    crew_mail, cast_mail = sink.received
    crew_to = set(recipients(production, sheets[Audience.CREW]).addresses)
    cast_to = set(recipients(production, sheets[Audience.CAST]).addresses)
    assert set(crew_mail.recipients) == crew_to and set(cast_mail.recipients) == cast_to
    assert crew_mail.sender == "office@example.com"
    for got, pdf, version in ((crew_mail, PDF, "Crew"), (cast_mail, CAST_PDF, "Cast")):
        m = got.message
        assert m["Subject"] == "Call sheet: Last Call at Rosie's — Day 5 of 23 — Fri 05-Mar-2027"
        assert m["From"] == "Production Office <office@example.com>" and m["To"] == m["From"]
        assert m["Bcc"] is None and not any(r in got.data.decode("utf-8", "replace") for r in got.recipients)
        text = m.get_body(("plain",)).get_content()
        html = m.get_body(("html",)).get_content()
        for body in (text, html):
            assert "Crew call" in body and "4:30 PM" in body and "Hollywood Presbyterian Medical Center" in body
            assert "Day 5 (Fri 05-Mar): crew call 4:00 PM (was 4:30 PM)." in body
            assert f"{version} version" in body
        [att] = list(m.iter_attachments())
        assert att.get_filename() == pdf[0] and att.get_content_type() == "application/pdf"
        assert att.get_content() == pdf[1]
    # The cast version carries no crew phone number (the crew version lists key people's phones).
    cast_text = cast_mail.data.decode("utf-8", "replace")
    phones = [ph for ph in _crew_phones(production) if ph in cast_text]
    assert not phones
    assert "+1 424 555 0149" in crew_mail.message.get_body(("plain",)).get_content()  # the UPM's phone


def test_smtp_transient_failure_is_retried_without_sending_twice(production, sheets, tmp_path):
    sink = Sink(fail_first=1)
    with smtp_server(sink) as port:
        config = _smtp_config(tmp_path, f"smtp://{HOST}:{port}")
        pl = plan(production, sheets, ["email"], sender=config.mail_from)
        [out] = deliver(pl, config, policy=FAST)
    assert out.ok and out.attempts == 2 and len(sink.received) == 2
    assert [r.message["Subject"] for r in sink.received] == [e.message["Subject"] for e in pl.emails]


def test_smtp_bad_password_and_unreachable_server_fail_in_one_line(production, sheets, tmp_path):
    sink, auth = Sink(), Authenticator("coord", "right")
    with smtp_server(sink, auth=auth) as port:
        config = _smtp_config(tmp_path, f"smtp://coord:wrongpassword@{HOST}:{port}")
        [out] = deliver(plan(production, sheets, ["email"], sender=config.mail_from), config, policy=FAST)
    assert not out.ok and out.attempts == 1 and "refused the login" in out.detail
    assert "wrongpassword" not in out.detail and not sink.received
    config = _smtp_config(tmp_path, f"smtps://coord:secretpw@{HOST}:{free_port()}")
    [out] = deliver(plan(production, sheets, ["email"], sender=config.mail_from), config, policy=FAST)
    assert not out.ok and out.detail == f"could not send through {HOST}:{config.smtp.port}: connection refused, " \
                                       "after 3 tries"  # fmt: skip


def test_smtp_over_tls_implicit_and_starttls(production, sheets, tmp_path):
    ca = make_ca(tmp_path)
    d = digest(sheets[Audience.CREW])
    emails = [build_email(d, recipients(production, sheets[Audience.CREW]), "office@example.com", PDF)]
    sink = Sink()
    with smtp_server(sink, ssl_context=ca.server_context(), auth=Authenticator("u", "pw")) as port:
        server = parse_smtp_url(Secret(f"smtps://u:pw@{HOST}:{port}", "SMTP address", "test"))
        assert server.tls == "implicit"
        out = send_emails(emails, server, FAST, ca.client_context())
        assert out.ok and len(sink.received) == 1
        out = send_emails(emails, server, FAST)  # the system's authorities do not know the test CA
        assert not out.ok and "certificate could not be verified" in out.detail and len(sink.received) == 1
    sink = Sink()
    with smtp_server(sink, starttls=ca.server_context(), auth=Authenticator("u", "pw")) as port:
        server = parse_smtp_url(Secret(f"smtp://u:pw@{HOST}:{port}", "SMTP address", "test"))
        assert server.tls == "starttls" and server.port == port
        out = send_emails(emails, server, FAST, ca.client_context())
        assert out.ok and len(sink.received) == 1


def test_no_recipients_is_one_clear_line(production, sheets, tmp_path):
    p = production
    nobody = replace(p, tables={**p.tables, "Crew": replace(p.table("Crew"), df=p.crew.assign(email=None)),
                                "Cast": replace(p.table("Cast"), df=p.cast.assign(email=None))})  # fmt: skip
    config = _smtp_config(tmp_path, f"smtp://{HOST}:{free_port()}")
    [out] = deliver(plan(nobody, sheets, ["email"], sender=config.mail_from), config, policy=FAST)
    assert not out.ok and out.attempts == 0
    assert out.detail.startswith("nobody on the day's call sheets has a usable email in the Cast or Crew table")


# --- dry run -------------------------------------------------------------------------------------------------------


def test_dry_run_writes_exactly_what_would_be_sent(production, sheets, tmp_path):
    pl = plan(production, sheets, ["slack", "teams", "email"], CHANGES, sender="office@example.com",
              pdfs={Audience.CREW: PDF, Audience.CAST: CAST_PDF})  # fmt: skip
    files = {p.name: p for p in write_dry_run(pl, tmp_path / "dry")}
    assert set(files) == {"slack-1.json", "teams.json", "email-crew.eml", "email-crew.envelope.json",
                          "email-cast.eml", "email-cast.envelope.json"}  # fmt: skip
    assert json.loads(files["slack-1.json"].read_text()) == pl.slack[0]
    assert json.loads(files["teams.json"].read_text()) == pl.teams
    assert files["email-crew.eml"].read_bytes() == pl.emails[0].as_bytes()
    env = json.loads(files["email-cast.envelope.json"].read_text())
    assert env["from"] == "office@example.com" and set(env["to"]) == set(pl.emails[1].recipients)


# --- configuration and secrets ----------------------------------------------------------------------------------------


def test_environment_and_private_config_file(tmp_path):
    file = tmp_path / "publish.toml"
    file.write_text('slack_webhook = "https://hooks.slack.com/services/T1/B1/filesecret"\n'
                    'smtp_url = "smtps://me%40example.com:pa%24%24@smtp.example.com"\n'
                    'mail_from = "Office <office@example.com>"\n')  # fmt: skip
    file.chmod(0o600)
    c = load_config({ENV_CONFIG: str(file), ENV_TEAMS: "https://prod.westus.logic.azure.com/workflows/x/secretsig"})
    assert c.slack_webhook.reveal().endswith("filesecret") and c.sources["slack_webhook"] == str(file)
    assert c.teams_webhook.source == ENV_TEAMS
    assert (c.smtp.host, c.smtp.port, c.smtp.tls) == ("smtp.example.com", 465, "implicit")
    assert c.smtp.username.reveal() == "me@example.com" and c.smtp.password.reveal() == "pa$$"
    assert c.configured() == ["slack", "teams", "email"]
    # The environment wins over the file.
    c2 = load_config({ENV_CONFIG: str(file), ENV_SLACK: "https://hooks.slack.com/services/T2/B2/envsecret"})
    assert c2.slack_webhook.reveal().endswith("envsecret") and c2.slack_webhook.source == ENV_SLACK
    # Secrets never print themselves, and errors are scrubbed of every part of them.
    assert "secret" not in repr(c.slack_webhook).replace("[secret Slack webhook]", "")
    assert str(c.smtp.password) == "[secret SMTP password]"
    line = "failed for https://hooks.slack.com/services/T1/B1/filesecret with pa$$ and /workflows/x/secretsig"
    assert "filesecret" not in c.scrub(line) and "pa$$" not in c.scrub(line) and "secretsig" not in c.scrub(line)


def test_a_config_file_others_can_read_is_refused(tmp_path):
    file = tmp_path / "publish.toml"
    file.write_text('slack_webhook = "https://hooks.slack.com/services/T/B/X"\n')
    file.chmod(0o644)
    with pytest.raises(ConfigError, match=r"chmod 600") as e:
        load_config({ENV_CONFIG: str(file)})
    assert "hooks.slack.com" not in str(e.value)
    file.chmod(0o600)
    assert load_config({ENV_CONFIG: str(file)}).slack_webhook is not None


def test_bad_config_is_refused_without_quoting_the_secret(tmp_path):
    with pytest.raises(ConfigError, match="not https") as e:
        _config(tmp_path, **{ENV_SLACK: "http://hooks.slack.com/services/T/B/plainsecret"})
    assert "plainsecret" not in str(e.value)
    assert _config(tmp_path, **{ENV_SLACK: "http://127.0.0.1:8080/hook"}).slack_webhook is not None
    assert _config(tmp_path, **{ENV_SLACK: "http://localhost/hook"}).slack_webhook is not None
    with pytest.raises(ConfigError, match="smtps://"):
        _config(tmp_path, **{ENV_SMTP: "imap://user:pw@mail.example.com"})
    file = tmp_path / "bad.toml"
    file.write_text('slack_webhook = "https://hooks.slack.com/services/T/B/tomlsecret\n')
    file.chmod(0o600)
    with pytest.raises(ConfigError, match="not valid TOML") as e:
        load_config({ENV_CONFIG: str(file)})
    assert "tomlsecret" not in str(e.value)


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("3") == 3.0 and retry_after(None) is None and retry_after("soon") is None
    now = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
    assert retry_after("Mon, 01 Mar 2027 12:00:30 GMT", now) == 30.0
    assert scrub("x", [None]) == "x"


# --- the publication log ---------------------------------------------------------------------------------------------


def test_publication_log_records_and_keeps_snapshots_private(tmp_path):
    book = tmp_path / "show.xlsx"
    book.write_bytes(b"workbook v1")
    log = PublicationLog(book, tmp_path / "data")
    assert log.entries() == [] and log.last() is None
    pub = Publication(at="2027-03-04T18:00:00", workbook=str(book), title="Show", day=5, date="2027-03-05",
                      revision=0, colour="White", content_hash="abc", channels={"slack": "sent", "email": "failed"})
    kept = log.record(pub, book)
    assert log.delivered(5, "abc") == {"slack"} and log.delivered(5, "other") == set()
    assert log.last() == kept and log.last(day=6) is None
    assert log.snapshot(kept).read_bytes() == b"workbook v1"
    assert stat.S_IMODE(os.stat(log.folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(log.file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(log.snapshot(kept)).st_mode) == 0o600
    for i in range(5):
        book.write_bytes(f"workbook v{i + 2}".encode())
        log.record(replace(pub, content_hash=f"h{i}"), book)
    assert len(list(log.folder.glob("snapshot-*"))) == 3
    assert log.snapshot(log.last()).read_bytes() == b"workbook v6"
    with log.file.open("a") as fh:
        fh.write('{"cut short\n')
    assert len(log.entries()) == 6  # a damaged line is skipped, the rest still counts
    # Content sent, then other content, then the first again: the channels do not have it any more.
    log.record(replace(pub, content_hash="abc"))
    log.record(replace(pub, content_hash="xyz", channels={"slack": "sent"}))
    assert log.delivered(5, "abc") == set() and log.delivered(5, "xyz") == {"slack"}
    # Another workbook has a log of its own.
    assert PublicationLog(tmp_path / "other.xlsx", tmp_path / "data").entries() == []


def test_the_test_servers_are_on_this_machine(httpserver_ipv4: HTTPServer):
    assert httpserver_ipv4.host == HOST
    request_handler_seen: list[str] = []

    def handler(request: Request) -> Response:
        request_handler_seen.append(request.remote_addr or "")
        return Response("ok")

    httpserver_ipv4.expect_request("/h").respond_with_handler(handler)
    assert post_messages("slack", _hook(httpserver_ipv4, "/h"), [{"text": "x"}], FAST, slack_ok).ok
    assert request_handler_seen == [HOST]
