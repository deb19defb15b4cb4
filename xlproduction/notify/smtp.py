"""Sending the call-sheet emails over SMTP: TLS always (except to a server on this machine), retries, no repeats.

``smtps://`` speaks TLS from the first byte (port 465); ``smtp://`` starts plain and upgrades with STARTTLS (port
587) — and a server that does not offer STARTTLS is refused, since the password and every recipient's address would
cross the network in clear. Only a server on this machine (a local relay, the tests' server) may be spoken to
without TLS. Certificates are checked against the system's trusted authorities (``ssl.create_default_context``).

One connection sends every audience's message. A failure that passes (connection lost, timeout, a 4xx reply such
as "try again later") retries from a new connection with the messages not yet accepted, so nobody gets the call
sheet twice; a permanent one (bad password, a 5xx reply) stops at once. Recipients the server refuses while it
accepts others are reported by address.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from .config import SmtpServer, scrub
from .delivery import Outcome, RetryPolicy, sleep
from .mail import Email


class _Permanent(Exception):
    """Retrying would only repeat it."""


@dataclass
class _Progress:
    sent: int = 0  # messages done (accepted, or refused for every recipient)
    failed: int = 0  # messages refused for every recipient
    refused: list[str] | None = None


def _connect(server: SmtpServer, policy: RetryPolicy, context: ssl.SSLContext) -> smtplib.SMTP:
    if server.tls == "implicit":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=policy.timeout, context=context)
    else:
        conn = smtplib.SMTP(server.host, server.port, timeout=policy.timeout)
    try:
        conn.ehlo()
        if server.tls == "starttls":
            if conn.has_extn("starttls"):
                conn.starttls(context=context)
                conn.ehlo()
            elif not server.loopback:
                raise _Permanent(f"{server.host} does not offer STARTTLS, so the password and the recipients would be "
                                 "sent unencrypted: use its smtps:// address (port 465) or another server")
        if server.username is not None:
            if not conn.has_extn("auth"):
                raise _Permanent(f"{server.host} does not accept a login here (no AUTH): check the port, or remove "
                                 "the user name from the SMTP address")  # fmt: skip
            conn.login(server.username.reveal(), server.password.reveal() if server.password else "")
    except BaseException:
        conn.close()
        raise
    return conn


def _send(conn: smtplib.SMTP, emails: Sequence[Email], progress: _Progress) -> None:
    while progress.sent < len(emails):
        e = emails[progress.sent]
        try:
            refused = list(conn.send_message(e.message, from_addr=e.sender, to_addrs=list(e.recipients)))
        except smtplib.SMTPRecipientsRefused as r:
            # Every recipient of this message refused: their addresses, not the network. Report them, go on.
            refused = list(r.recipients)
            progress.failed += 1
        progress.refused = [*(progress.refused or []), *refused]
        progress.sent += 1


def _reason(e: BaseException) -> str:
    if isinstance(e, smtplib.SMTPResponseException):
        msg = e.smtp_error.decode("utf-8", "replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
        return f"{e.smtp_code} {' '.join(msg.split())}"
    if isinstance(e, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, socket.gaierror):
        return "host name not found (check the address and the network)"
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"its certificate could not be verified ({e.verify_message})"
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


def send_emails(emails: Sequence[Email], server: SmtpServer, policy: RetryPolicy,
                context: ssl.SSLContext | None = None) -> Outcome:  # fmt: skip
    """Send ``emails`` (each to its own Bcc list) through ``server``. ``context``: the TLS settings (default: the
    system's trusted authorities, certificates and host names checked)."""
    ctx = context or ssl.create_default_context()
    secrets = [server.url, server.password]
    progress = _Progress()
    attempts = 0
    where = f"{server.host}:{server.port}"

    def fail(text: str) -> Outcome:
        done = f" ({progress.sent} of {len(emails)} messages were sent)" if progress.sent else ""
        return Outcome("email", False, scrub(f"{text}{done}", secrets), attempts, progress.sent)

    for attempt in range(1, policy.attempts + 1):
        attempts += 1
        last = attempt == policy.attempts
        try:
            conn = _connect(server, policy, ctx)
            try:
                _send(conn, emails, progress)
            finally:
                try:
                    conn.quit()
                except (smtplib.SMTPException, OSError):
                    conn.close()
            break
        except _Permanent as e:
            return fail(str(e))
        except smtplib.SMTPAuthenticationError as e:
            return fail(f"{where} refused the login ({_reason(e)}): check the user name and password")
        except smtplib.SMTPResponseException as e:
            if 400 <= e.smtp_code < 500 and not last:
                sleep(policy.wait(attempt))
                continue
            return fail(f"{where} refused the message: {_reason(e)}")
        except ssl.SSLCertVerificationError as e:
            return fail(f"{where}: {_reason(e)}")
        except (smtplib.SMTPException, OSError) as e:
            if last:
                return fail(f"could not send through {where}: {_reason(e)}, after {attempt} tries")
            sleep(policy.wait(attempt))
    else:  # pragma: no cover - every path above returns or breaks
        return fail(f"could not send through {where}")
    refused = sorted(set(progress.refused or []))
    if progress.failed:
        return fail(f"{where} refused every recipient of {progress.failed} message(s): {', '.join(refused)}")
    n = sum(len(e.recipients) for e in emails)
    detail = f"{len(emails)} message{'s' if len(emails) != 1 else ''} to {n} recipient{'s' if n != 1 else ''} " \
             f"via {where}"  # fmt: skip
    if refused:
        detail += f"; refused by the server: {', '.join(refused)}"
    return Outcome("email", True, scrub(detail, secrets), attempts, progress.sent)
