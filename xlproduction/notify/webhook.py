"""Posting JSON to a Slack or Teams webhook over HTTPS, with timeouts and retries (``delivery.RetryPolicy``).

The standard library's urllib is enough for one POST and brings no dependency. Redirects are not followed: a
webhook answering 3xx is misconfigured, and following it could send the message (or, for plain HTTP, the secret)
somewhere else. Proxies from the environment are honoured for the services themselves (an office network may need
one) but never for an address on this machine. What a service answers is shown (Slack says ``invalid_payload``,
``channel_not_found``…), cut short and with every secret removed; the webhook's URL is never shown, only its host.

Success is what each service means by it: Slack answers 200 with the body ``ok``; a Teams Workflow answers 202 (some
flows 200) as soon as it has the request, *before* the flow posts the card — so "sent" for Teams means accepted, and
a card the flow later rejects shows only in the flow's run history.
"""

from __future__ import annotations

import json
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from .config import Secret, host_of, is_loopback, scrub
from .delivery import Outcome, RetryPolicy, retry_after, sleep

USER_AGENT = "xlproduction (call-sheet publishing)"
MAX_SHOWN = 200  # characters of a service's answer shown in an error


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


def _opener(url: str, tls: ssl.SSLContext | None) -> urllib.request.OpenerDirector:
    handlers: list[Any] = [_NoRedirect()]
    if tls is not None:
        handlers.append(urllib.request.HTTPSHandler(context=tls))
    if is_loopback(urlsplit(url).hostname):
        handlers.append(urllib.request.ProxyHandler({}))  # this machine is never reached through a proxy
    return urllib.request.build_opener(*handlers)


def slack_ok(status: int, body: str) -> bool:
    return status == 200 and body.strip() == "ok"


def teams_ok(status: int, body: str) -> bool:
    return 200 <= status < 300


class _Answer:
    def __init__(self, status: int, body: str, headers: Any) -> None:
        self.status, self.body, self.headers = status, body, headers


def _post(opener: urllib.request.OpenerDirector, url: str, data: bytes, timeout: float) -> _Answer:
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT})  # fmt: skip
    try:
        with opener.open(req, timeout=timeout) as resp:
            return _Answer(resp.status, resp.read(64_000).decode("utf-8", "replace"), resp.headers)
    except urllib.error.HTTPError as e:
        body = e.read(64_000).decode("utf-8", "replace") if e.fp is not None else ""
        return _Answer(e.code, body, e.headers)


def _reason(e: BaseException) -> str:
    """'connection refused', 'timed out', 'name not found' — what a coordinator can act on."""
    inner = e.reason if isinstance(e, urllib.error.URLError) else e
    if isinstance(inner, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, socket.gaierror):
        return "host name not found (check the address and the network)"
    if isinstance(inner, ConnectionError):
        return "connection lost"
    text = getattr(inner, "strerror", None) or str(inner)
    return text or type(inner).__name__


def post_messages(channel: str, webhook: Secret, payloads: Sequence[dict[str, Any]], policy: RetryPolicy,
                  accepted: Callable[[int, str], bool], tls: ssl.SSLContext | None = None,
                  spacing: float = 0.0) -> Outcome:  # fmt: skip
    """Post ``payloads`` in order; stop at the first that cannot be delivered. Each payload is posted until it is
    delivered or fails for good: a delivered message is never posted twice. ``tls``: the TLS settings (default:
    the system's trusted authorities, certificates and host names checked); ``spacing``: seconds between two
    messages (Slack allows one message per second per webhook)."""
    url = webhook.reveal().strip()
    opener = _opener(url, tls)
    where = host_of(webhook)
    attempts = sent = 0

    def fail(text: str) -> Outcome:
        done = f" ({sent} of {len(payloads)} messages were sent)" if sent else ""
        return Outcome(channel, False, scrub(f"{text}{done}", [webhook]), attempts, sent)

    for i, payload in enumerate(payloads):
        if i:
            sleep(spacing)
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        for attempt in range(1, policy.attempts + 1):
            attempts += 1
            last = attempt == policy.attempts
            try:
                answer = _post(opener, url, data, policy.timeout)
            except ssl.SSLCertVerificationError as e:
                return fail(f"{where}: its certificate could not be verified ({e.verify_message})")
            except (urllib.error.URLError, OSError) as e:
                if isinstance(getattr(e, "reason", None), ssl.SSLCertVerificationError):
                    return fail(f"{where}: its certificate could not be verified ({e.reason.verify_message})")
                if last:
                    return fail(f"could not reach {where}: {_reason(e)}, after {attempt} tries")
                sleep(policy.wait(attempt))
                continue
            if accepted(answer.status, answer.body):
                sent += 1
                break
            said = " ".join(answer.body.split())[:MAX_SHOWN]
            said = f" ({said})" if said else ""
            if answer.status == 429:
                wait = retry_after(answer.headers.get("Retry-After") if answer.headers else None)
                wait = policy.wait(attempt) if wait is None else wait
                if wait > policy.max_retry_after:
                    return fail(f"{where} is rate-limiting this webhook and asks to wait {wait:.0f} s; try again "
                                "later")  # fmt: skip
                if last:
                    return fail(f"{where} kept answering 429 (too many requests) after {attempt} tries")
                sleep(wait)
                continue
            if answer.status >= 500 or answer.status == 408:
                if last:
                    return fail(f"{where} answered HTTP {answer.status}{said} after {attempt} tries")
                sleep(policy.wait(attempt))
                continue
            hint = {403: " — the webhook may have been disabled", 404: " — the webhook or its channel no longer "
                    "exists", 410: " — the channel is archived"}.get(answer.status, "")  # fmt: skip
            if 300 <= answer.status < 400:
                hint = " — webhooks are not redirected: use the address the service gave you"
            if 200 <= answer.status < 300:
                return fail(f"{where} answered HTTP {answer.status} but not 'ok'{said}")
            return fail(f"{where} refused the message: HTTP {answer.status}{said}{hint}")
    n = len(payloads)
    return Outcome(channel, True, f"{n} message{'s' if n != 1 else ''} to {where}", attempts, sent)
