"""One publication of a shoot day's call sheet: what each channel gets, sending it, or writing it to files instead.

``plan`` lays the day's call sheet (crew and cast versions, from the call sheet model) and the changes concerning
that day out as the exact Slack payloads, Teams payload and emails; ``deliver`` sends them, each channel on its own
(one failing never stops the others) and skipping the channels that already have this very content unless forced;
``write_dry_run`` writes the same payloads and emails to files, byte for byte what would be sent. Nothing here reads
or writes a workbook: the job (``xlproduction.jobs.publish``) hands in the production, the PDFs and the log.

``content_hash`` is what "the same call sheet" means: a hash of everything both versions print, without the time
they were made or their revision number, so regenerating an unchanged call sheet is still the same publication.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import ssl
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..callsheet.model import Audience, CallSheet
from ..changes.model import Change
from ..model.production import Production
from . import slack, teams
from .config import PublishConfig
from .content import Digest, digest
from .delivery import Outcome, RetryPolicy
from .mail import Email, build_email, recipients
from .smtp import send_emails
from .webhook import post_messages, slack_ok, teams_ok

CHANNELS = ("slack", "teams", "email")
SLACK_SPACING = 1.0  # seconds between the parts of a long Slack message: its rate limit is one per second
AUDIENCES = (Audience.CREW, Audience.CAST)


def content_hash(sheets: Sequence[CallSheet]) -> str:
    """A hash of what the call sheets say (not when they were made, nor their revision number)."""
    h = hashlib.sha256()
    for cs in sheets:
        data = dataclasses.asdict(dataclasses.replace(cs, generated=None, revision=0))
        h.update(json.dumps(data, default=str, sort_keys=True).encode("utf-8"))
    return h.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Plan:
    day: int
    revision: int
    colour: str
    content_hash: str
    channels: tuple[str, ...]
    digest: Digest  # the crew version's, for the chat channels
    slack: tuple[dict[str, Any], ...] = ()
    teams: dict[str, Any] | None = None
    emails: tuple[Email, ...] = ()
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # audience -> people with no usable email


def plan(p: Production, sheets: dict[Audience, CallSheet], channels: Collection[str], changes: Sequence[Change] = (),
         *, sender: str = "", pdfs: dict[Audience, tuple[str, bytes]] | None = None) -> Plan:  # fmt: skip
    """The messages of one publication. ``sheets``: the crew (and, for email, cast) call sheets of the day, at the
    revision being published; ``changes``: those concerning the day; ``pdfs``: each audience's (file name, bytes)."""
    crew = sheets[Audience.CREW]
    d = digest(crew, changes)
    emails: list[Email] = []
    missing: dict[str, tuple[str, ...]] = {}
    if "email" in channels:
        for aud in AUDIENCES:
            cs = sheets[aud]
            who = recipients(p, cs)
            missing[aud.value] = who.missing
            if who.addresses:
                emails.append(build_email(digest(cs, changes), who, sender, (pdfs or {}).get(aud)))
    return Plan(day=crew.day, revision=crew.revision, colour=crew.revision_colour,
                content_hash=content_hash([sheets[a] for a in AUDIENCES if a in sheets]),
                channels=tuple(c for c in CHANNELS if c in channels), digest=d,
                slack=tuple(slack.messages(d)) if "slack" in channels else (),
                teams=teams.message(d) if "teams" in channels else None, emails=tuple(emails),
                missing=missing)  # fmt: skip


def _no_recipients(pl: Plan) -> str:
    nobody = "; ".join(f"{aud}: {', '.join(m[:5])}{' …' if len(m) > 5 else ''}" for aud, m in pl.missing.items() if m)
    return "nobody on the day's call sheets has a usable email in the Cast or Crew table" + (
        f" ({nobody})" if nobody else "")  # fmt: skip


def deliver(pl: Plan, config: PublishConfig, *, already: Collection[str] = (), force: bool = False,
            policy: RetryPolicy | None = None, tls: ssl.SSLContext | None = None) -> list[Outcome]:  # fmt: skip
    """Send each channel of ``pl`` on its own; a channel in ``already`` (this content was delivered there) is skipped
    unless ``force``. ``tls``: the TLS settings (default: the system's trusted authorities)."""
    policy = policy or RetryPolicy()
    out: list[Outcome] = []
    for channel in pl.channels:
        if channel in already and not force:
            out.append(Outcome(channel, True, f"already sent (revision {pl.colour}): --force sends it again",
                               skipped=True))  # fmt: skip
            continue
        try:
            out.append(_deliver_one(channel, pl, config, policy, tls))
        except Exception as e:  # one channel's surprise never stops the others; its line says what it was
            out.append(Outcome(channel, False, config.scrub(f"{type(e).__name__}: {e}")))
    return out


def _deliver_one(channel: str, pl: Plan, config: PublishConfig, policy: RetryPolicy,
                 tls: ssl.SSLContext | None) -> Outcome:  # fmt: skip
    if channel == "slack":
        if config.slack_webhook is None:
            return Outcome(channel, False, "no Slack webhook configured (XLPRODUCTION_SLACK_WEBHOOK or slack_webhook "
                           "in the config file)")  # fmt: skip
        return post_messages(channel, config.slack_webhook, pl.slack, policy, slack_ok, tls, SLACK_SPACING)
    if channel == "teams":
        if config.teams_webhook is None:
            return Outcome(channel, False, "no Teams webhook configured (XLPRODUCTION_TEAMS_WEBHOOK or teams_webhook "
                           "in the config file)")  # fmt: skip
        assert pl.teams is not None
        result = post_messages(channel, config.teams_webhook, [pl.teams], policy, teams_ok, tls)
        if result.ok:  # a Workflow answers before it runs: accepted is all the sender can know
            result = dataclasses.replace(result, detail=result.detail + " (accepted by the workflow; if nothing "
                                         "appears, see the flow's run history)")  # fmt: skip
        return result
    if config.smtp is None or not config.mail_from:
        return Outcome(channel, False, "no SMTP server or sender configured (XLPRODUCTION_SMTP_URL and "
                       "XLPRODUCTION_MAIL_FROM, or smtp_url and mail_from in the config file)")  # fmt: skip
    if not pl.emails:
        return Outcome(channel, False, _no_recipients(pl))
    return send_emails(pl.emails, config.smtp, policy, tls)


def write_dry_run(pl: Plan, folder: Path) -> list[Path]:
    """The exact payloads and emails of ``pl`` as files: slack-1.json…, teams.json, email-crew.eml (as sent over
    SMTP, without Bcc) with email-crew.envelope.json (sender, recipients, who has no email)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def dump(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        written.append(path)

    for i, payload in enumerate(pl.slack, 1):
        dump(f"slack-{i}.json", json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
    if pl.teams is not None:
        dump("teams.json", json.dumps(pl.teams, ensure_ascii=False, indent=2).encode("utf-8"))
    for e in pl.emails:
        dump(f"email-{e.audience}.eml", e.as_bytes())
        envelope = {"from": e.sender, "to": list(e.recipients), "no_email": list(e.missing)}
        dump(f"email-{e.audience}.envelope.json", json.dumps(envelope, ensure_ascii=False, indent=2).encode("utf-8"))
    for aud, missing in pl.missing.items():
        if missing and not any(e.audience == aud for e in pl.emails):
            envelope = {"from": "", "to": [], "no_email": list(missing)}
            dump(f"email-{aud}.envelope.json", json.dumps(envelope, ensure_ascii=False, indent=2).encode("utf-8"))
    return written
