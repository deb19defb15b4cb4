"""Delivery you can trust: how long to wait, when to try again, and what each channel's outcome was.

Networks fail in two ways that matter here. Some failures pass (a dropped connection, a timeout, a 5xx from a
service having a bad minute, a 4xx SMTP reply meaning "try later"): those are retried, waiting longer each time
(``backoff``, doubled, never more than ``max_wait``). Some do not (a 400 invalid payload, a 404 revoked webhook, a
wrong SMTP password): retrying only repeats them, so they fail at once with what the service said. A 429 says how
long to wait (``Retry-After``): that wait is honoured when it is reasonable (at most ``max_retry_after``), else the
channel fails saying so. Every request has a timeout, so a silent server cannot hang a publication.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4  # tries in all
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 30.0  # at most this between two tries
    max_retry_after: float = 120.0  # a 429 asking to wait longer than this fails instead
    timeout: float = 20.0  # seconds for one connection or answer

    def wait(self, attempt: int) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for: a number of seconds, or an HTTP date. None when unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened on one channel."""

    channel: str  # slack | teams | email
    ok: bool
    detail: str  # one line for the coordinator, secrets already removed
    attempts: int = 0  # requests made (all messages together)
    sent: int = 0  # messages delivered
    skipped: bool = False  # already sent for this revision: nothing done (publish --force sends again)

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else ("sent" if self.ok else "failed")


def sleep(seconds: float) -> None:
    """Waiting between tries (a function of its own so the wait is one obvious place when reading a trace)."""
    if seconds > 0:
        time.sleep(seconds)
