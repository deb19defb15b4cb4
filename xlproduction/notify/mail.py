"""The call sheet by email: one message per audience, to the people on that day's call sheet.

The crew version goes to the crew on the day's crew call sheet (those engaged on the date, and day players with a
Calls row); the cast version — no crew phone numbers, no location contact — to the performers on the day's cast
call sheet (working, held, travelling, fitting…). Addresses come from the Email columns of the Crew and Cast tables
and go in Bcc: no recipient sees another's address, and the message's visible To is the sender. Whoever has no
usable address is listed by name, so the coordinator knows whom to call instead. Each message has a plain-text
and an HTML body (the same content), and the audience's PDF attached.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, getaddresses, make_msgid, parseaddr

import pandas as pd
from email_validator import EmailNotValidError, validate_email

from ..callsheet.model import Audience, CallSheet
from ..model.production import Production
from ..model.textkeys import id_key, name_key
from .content import PRODUCT, Digest


@dataclass(frozen=True, slots=True)
class Recipients:
    audience: str  # crew | cast
    addresses: tuple[str, ...]
    missing: tuple[str, ...]  # "Jane Doe (Camera, 2nd AC): no email"


@dataclass(frozen=True, slots=True)
class Email:
    audience: str
    message: EmailMessage  # as transmitted: no Bcc header
    sender: str  # the envelope sender (an address)
    recipients: tuple[str, ...]
    missing: tuple[str, ...]

    def as_bytes(self) -> bytes:
        """The message exactly as it goes over SMTP (CRLF line ends)."""
        return self.message.as_bytes(policy=SMTP)


def _text(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split())


def _address(value: str) -> str | None:
    """A deliverable-looking address (syntax only: nothing is looked up), normalised; None when unusable."""
    if not value:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _collect(people: Sequence[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(who, email as typed) -> unique addresses in order, and who has none (or an unusable one)."""
    addresses: dict[str, str] = {}
    missing: list[str] = []
    for who, typed in people:
        addr = _address(typed)
        if addr is None:
            missing.append(f"{who}: {'no email' if not typed else 'email not usable'}")
        else:
            addresses.setdefault(addr.casefold(), addr)
    return tuple(addresses.values()), tuple(missing)


def recipients(p: Production, cs: CallSheet) -> Recipients:
    """Who gets ``cs`` (its audience's version): the crew on a crew call sheet, the cast on a cast call sheet."""
    if cs.audience is Audience.CAST:
        rows = {}
        for k, r in zip(id_key(p.cast["cast_id"]).tolist(), p.cast.to_dict("records"), strict=True):
            if isinstance(k, str):
                rows.setdefault(k, r)
        people = []
        for c in cs.cast:
            row = rows.get(c.cast_id.strip().casefold(), {})
            who = " ".join(x for x in (f"cast {c.cast_id}", c.character) if x)
            who += f" ({c.performer})" if c.performer else ""
            people.append((who, _text(row.get("email"))))
        addresses, missing = _collect(people)
        return Recipients(Audience.CAST.value, addresses, missing)
    rows = {}
    for k, r in zip(name_key(p.crew["name"]).tolist(), p.crew.to_dict("records"), strict=True):
        if isinstance(k, str):
            rows.setdefault(k, r)
    people = []
    for line in cs.crew:
        key = name_key(pd.Series([line.name], dtype="string")).iloc[0]
        row = rows.get(key, {}) if isinstance(key, str) else {}
        who = f"{line.name} ({', '.join(x for x in (line.department, line.position) if x)})"
        people.append((who, _text(row.get("email"))))
    addresses, missing = _collect(people)
    return Recipients(Audience.CREW.value, addresses, missing)


def subject(d: Digest) -> str:
    rev = f" — revision {d.revision}" if d.revision_number else ""
    out = f"Call sheet: {d.headline} — {d.date_short}{rev}"
    return " ".join(out.split())  # no line break can reach a header


def _sections(d: Digest) -> list[tuple[str, list[str]]]:
    return [(title, lines) for title, lines in (
        ("", [f"{k}: {v}".replace("\n", ", ") for k, v in d.facts] + [f"Nearest hospital: {d.hospital}"]),
        (f"Scenes — {d.scene_total}", list(d.scenes)),
        ("Cast", list(d.cast)),
        ("Department notes", list(d.notes)),
        ("Changes since the last call sheet", list(d.changes)),
        ("Contacts", list(d.contacts)),
    ) if lines]  # fmt: skip


def text_body(d: Digest, pdf_name: str | None) -> str:
    lines = [d.headline, f"{d.date} · {d.audience} version · revision {d.revision}", ""]
    for title, items in _sections(d):
        if title:
            lines.append(title)
        lines += [f"  {x}" if title else x for x in items]
        lines.append("")
    if pdf_name:
        lines.append(f"The call sheet is attached: {pdf_name}.")
    lines.append(f"— sent by {PRODUCT}")
    return "\n".join(lines) + "\n"


def html_body(d: Digest, pdf_name: str | None) -> str:
    e = html.escape
    parts = [f"<h2 style=\"margin:0\">{e(d.headline)}</h2>",
             f"<p style=\"color:#595959;margin-top:4px\">{e(d.date)} · {e(d.audience)} version · revision "
             f"{e(d.revision)}</p>"]  # fmt: skip
    for title, items in _sections(d):
        if not title:
            facts = [*d.facts, ("Nearest hospital", d.hospital)]
            rows = "".join(f"<tr><th align=\"left\" style=\"padding-right:12px\">{e(k)}</th><td>"
                           f"{e(v).replace(chr(10), '<br>')}</td></tr>" for k, v in facts)  # fmt: skip
            parts.append(f"<table>{rows}</table>")
            continue
        parts.append(f"<h3>{e(title)}</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>")
    if pdf_name:
        parts.append(f"<p>The call sheet is attached: {e(pdf_name)}.</p>")
    parts.append(f"<p style=\"color:#595959\">— sent by {e(PRODUCT)}</p>")
    return "<!DOCTYPE html><html><body style=\"font-family:Arial,sans-serif\">" + "".join(parts) + "</body></html>"


def build_email(d: Digest, who: Recipients, sender: str, pdf: tuple[str, bytes] | None = None) -> Email:
    """The message of one audience. ``sender``: "Production Office <office@example.com>"; ``pdf``: (file name,
    bytes) of the audience's call sheet."""
    _, from_addr = parseaddr(sender)
    msg = EmailMessage()
    msg["Subject"] = subject(d)
    msg["From"] = sender
    msg["To"] = sender  # everyone else is in the envelope only (Bcc): no recipient sees another's address
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_addr.rpartition("@")[2] or None)
    msg["X-Mailer"] = PRODUCT
    name = pdf[0] if pdf else None
    msg.set_content(text_body(d, name))
    msg.add_alternative(html_body(d, name), subtype="html")
    if pdf is not None:
        msg.add_attachment(pdf[1], maintype="application", subtype="pdf", filename=pdf[0])
    return Email(who.audience, msg, from_addr, who.addresses, who.missing)


def sender_address(sender: str) -> str | None:
    """The address of a From value ("Office <office@example.com>"), None when it has none usable."""
    pairs = getaddresses([sender])
    if len(pairs) != 1:
        return None
    return _address(pairs[0][1])
