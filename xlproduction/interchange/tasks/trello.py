"""The prep tasks as Trello cards, created and updated through Trello's REST API.

Trello has no CSV import; its REST API takes cards (``POST /1/cards``) into lists (``GET /1/boards/{id}/lists``,
``POST /1/lists``) with labels (``GET /1/boards/{id}/labels``, ``POST /1/labels``). Each task becomes a card in the
list of its department (or of its status, ``group="status"``), with its due and start dates, a label for its status
(or department) and one for being overdue, and a description ending ``xlproduction task: ID``. A second run reads
the board's cards (``GET /1/boards/{id}/cards``), finds its own by that line and updates them
(``PUT /1/cards/{id}``, only what changed) instead of adding copies; a cancelled task's card is archived; a done
task's due date is ticked complete.

Credentials: the API key and token are read from the environment (``XLPRODUCTION_TRELLO_KEY``,
``XLPRODUCTION_TRELLO_TOKEN``) by the job, never from or into the workbook, and travel in an ``Authorization``
header (not the URL, which proxies and logs record). No message or exception text carries them. The API address
is configurable (for a test server) and must be ``https`` unless it is this machine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...model.production import ROW, Production
from .asana import MARK, task_key

API = "https://api.trello.com"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_MARK = re.compile(r"^xlproduction task:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
STATUS_COLOURS = {"To Do": "sky", "In Progress": "yellow", "Waiting": "orange", "Done": "green",
                  "Cancelled": "black"}  # fmt: skip
OVERDUE = "Overdue"
COLOURS = ("blue", "green", "orange", "purple", "red", "yellow", "sky", "lime", "pink", "black")
# Trello allows 100 requests per 10 seconds per token: stay under it.
RATE = (90, 10.0)


class TrelloError(Exception):
    """The API refused or could not be reached; the message says what to do (never the key or token)."""


@dataclass(frozen=True)
class Card:
    key: str  # the task's ID (or name): how a later run finds the card
    name: str
    desc: str
    list_name: str
    due: dt.date | None = None
    start: dt.date | None = None
    labels: tuple[str, ...] = ()
    done: bool = False
    archived: bool = False  # a cancelled task

    def as_json(self) -> dict[str, Any]:
        return {"list": self.list_name, "name": self.name, "desc": self.desc, "due": _due(self.due),
                "start": self.start.isoformat() if self.start else None, "dueComplete": self.done,
                "labels": list(self.labels), "closed": self.archived}  # fmt: skip


def _text(v: Any) -> str:
    return "" if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else str(v).strip()


def _date(v: Any) -> dt.date | None:
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return pd.Timestamp(v).date()


def _due(d: dt.date | None) -> str | None:
    # Trello stores a due *moment*; noon UTC keeps the same calendar date from Hawaii to New Zealand.
    return f"{d.isoformat()}T12:00:00.000Z" if d else None


def cards(p: Production, group: str = "department") -> list[Card]:
    """Every task of ``p`` as a card; ``group`` is ``department`` or ``status`` (the lists)."""
    t = p.df("Tasks") if "Tasks" in p.tables else pd.DataFrame()
    if t.empty:
        return []
    out = []
    today = p.today
    for r in t.sort_values(["due", ROW], na_position="last").to_dict("records"):
        name = _text(r.get("task"))
        if not name:
            continue
        status = _text(r.get("status")) or "To Do"
        dept = _text(r.get("department")) or "Other"
        due = _date(r.get("due"))
        lines = [x for x in (_text(r.get("notes")), f"Linked to: {_text(r.get('linked_to'))}" if _text(
            r.get("linked_to")) else "", f"Owner: {_text(r.get('owner'))}" if _text(r.get("owner")) else "") if x]
        key = task_key(r.get("task_id"), name)
        lines += ["", f"{MARK} {key}"]
        labels = [status] if group == "department" else [dept]
        if due is not None and due < today and status not in ("Done", "Cancelled"):
            labels.append(OVERDUE)
        out.append(Card(key, name, "\n".join(lines).strip(), dept if group == "department" else status, due,
                        _date(r.get("start")), tuple(labels), status == "Done", status == "Cancelled"))  # fmt: skip
    return out


def check_url(base: str) -> str:
    """The API address, refused unless https (or plain http to this machine, for a test server)."""
    u = urllib.parse.urlsplit(base.strip())
    host = (u.hostname or "").casefold()
    if u.scheme == "https" and host:
        return base.strip().rstrip("/")
    if u.scheme == "http" and host in LOCAL_HOSTS:
        return base.strip().rstrip("/")
    raise TrelloError(f"The Trello API address {base!r} must start with https:// (plain http only to this machine, "
                      "for testing).")  # fmt: skip


class TrelloClient:
    """Trello's REST API with a key and token, rate-limited and retried on 429."""

    def __init__(self, key: str, token: str, base: str = API, *, timeout: float = 20.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:  # fmt: skip
        if not key or not token:
            raise TrelloError("No Trello API key or token: set XLPRODUCTION_TRELLO_KEY and XLPRODUCTION_TRELLO_TOKEN "
                              "(https://trello.com/power-ups/admin → your Power-Up → API key, then generate a token).")
        self._auth = f'OAuth oauth_consumer_key="{key}", oauth_token="{token}"'
        self._secrets = (key, token)
        self.base = check_url(base)
        self.timeout = timeout
        self.sleep = sleep
        self.requests = 0
        self._recent: deque[float] = deque()

    def _clean(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "[hidden]")
        return text

    def _throttle(self) -> None:
        n, window = RATE
        now = time.monotonic()
        while self._recent and now - self._recent[0] > window:
            self._recent.popleft()
        if len(self._recent) >= n:
            self.sleep(window - (now - self._recent[0]))
        self._recent.append(time.monotonic())

    def call(self, method: str, path: str, params: Mapping[str, Any] | None = None) -> Any:
        query = ""
        body = None
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        if method == "GET":
            query = "?" + urllib.parse.urlencode(clean) if clean else ""
        else:
            body = urllib.parse.urlencode({k: _form(v) for k, v in clean.items()}).encode("utf-8")
        for attempt in range(4):
            self._throttle()
            req = urllib.request.Request(self.base + path + query, data=body, method=method,
                                         headers={"Authorization": self._auth, "Accept": "application/json",
                                                  "User-Agent": "xlproduction"})  # fmt: skip
            if body is not None:
                req.add_header("Content-Type", "application/x-www-form-urlencoded")
            self.requests += 1
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = resp.read()
                return json.loads(data) if data else None
            except urllib.error.HTTPError as e:
                if e.code == 429 and attempt < 3:
                    self.sleep(float(e.headers.get("Retry-After") or 1 + attempt))
                    continue
                detail = self._clean(e.read().decode("utf-8", "replace").strip()[:200])
                raise TrelloError(_advice(e.code, method, path, detail)) from None
            except (urllib.error.URLError, TimeoutError, OSError) as e:
                reason = self._clean(str(getattr(e, "reason", e)))
                raise TrelloError(f"Trello could not be reached at {self.base} ({reason}). Check the connection and "
                                  "try again; cards already sent are found and updated, not repeated.") from None
            except json.JSONDecodeError:
                raise TrelloError(f"Trello answered {method} {path} with something that is not JSON.") from None
        raise TrelloError("Trello kept answering 429 (too many requests). Wait a minute and run again.")


def _form(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return ",".join(map(str, v))
    return str(v)


def _advice(code: int, method: str, path: str, detail: str) -> str:
    what = f"Trello refused {method} {re.sub(r'/[0-9a-fA-F]{24}', '/…', path)} ({code}: {detail or 'no detail'})."
    if code in (401, 403):
        return what + " Check XLPRODUCTION_TRELLO_KEY and XLPRODUCTION_TRELLO_TOKEN, and that the token may write to " \
                      "this board."
    if code == 404:
        return what + " Check the board ID (the part after /b/ in the board's address)."
    return what + " Try again later."


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    archived: list[str] = field(default_factory=list)
    lists_created: list[str] = field(default_factory=list)
    labels_created: list[str] = field(default_factory=list)
    requests: int = 0


def sync(client: TrelloClient, board: str, wanted: Iterable[Card]) -> SyncResult:
    """Create or update the cards of ``wanted`` on ``board``; cards of other origin are left alone."""
    out = SyncResult()
    b = urllib.parse.quote(board.strip(), safe="")
    lists = {str(x["name"]).casefold(): x["id"] for x in client.call("GET", f"/1/boards/{b}/lists",
                                                                     {"fields": "name,closed"}) or []}  # fmt: skip
    labels = {str(x.get("name") or "").casefold(): x["id"] for x in client.call(
        "GET", f"/1/boards/{b}/labels", {"fields": "name,color"}) or [] if x.get("name")}  # fmt: skip
    existing: dict[str, dict[str, Any]] = {}
    for c in client.call("GET", f"/1/boards/{b}/cards",
                         {"fields": "name,desc,idList,due,start,dueComplete,idLabels,closed"}) or []:  # fmt: skip
        m = _MARK.search(c.get("desc") or "")
        if m:
            existing.setdefault(m[1].casefold(), c)
    used_colours = 0
    for card in wanted:
        old = existing.get(card.key.casefold())
        if card.archived and old is None:
            continue  # a cancelled task never gets a card
        lk = card.list_name.casefold()
        if lk not in lists:
            lists[lk] = client.call("POST", "/1/lists", {"name": card.list_name, "idBoard": board.strip(),
                                                          "pos": "bottom"})["id"]  # fmt: skip
            out.lists_created.append(card.list_name)
        ids = []
        for name in card.labels:
            if name.casefold() not in labels:
                colour = ("red" if name == OVERDUE else STATUS_COLOURS.get(name) or
                          COLOURS[used_colours % len(COLOURS)])  # fmt: skip
                used_colours += 1
                labels[name.casefold()] = client.call("POST", "/1/labels", {"name": name, "color": colour,
                                                                             "idBoard": board.strip()})["id"]
                out.labels_created.append(name)
            ids.append(labels[name.casefold()])
        fields = {"name": card.name, "desc": card.desc, "idList": lists[lk], "due": _due(card.due),
                  "start": card.start.isoformat() if card.start else None, "dueComplete": card.done,
                  "idLabels": ids}  # fmt: skip
        if old is None:
            client.call("POST", "/1/cards", {**fields, "pos": "bottom"})
            out.created.append(card.key)
            continue
        change = {k: v for k, v in fields.items() if not _same(k, old.get(k), v)}
        if card.archived and not old.get("closed"):
            change["closed"] = True
        if change:
            client.call("PUT", f"/1/cards/{urllib.parse.quote(str(old['id']), safe='')}", change)
            (out.archived if card.archived else out.updated).append(card.key)
        else:
            out.unchanged += 1
    out.requests = client.requests
    return out


def _same(k: str, old: Any, new: Any) -> bool:
    if k == "idLabels":
        return sorted(old or []) == sorted(new or [])
    if k in ("due", "start"):
        return (str(old)[:10] if old else None) == (str(new)[:10] if new else None)
    if k == "dueComplete":
        return bool(old) == bool(new)
    return (old or "") == (new or "")
