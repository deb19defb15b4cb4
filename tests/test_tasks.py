"""Prep tasks: derived with stable IDs and hand-checked dates, merged into real workbooks without duplicating or
overwriting what people did, and sent out as an Asana CSV (asserted cell by cell) and as Trello cards (against a
real HTTP server on 127.0.0.1 serving the API paths used)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.rules.base import TODAY, base_data
from xlproduction.checks import run_checks
from xlproduction.interchange.tasks.derive import checksum, derive_tasks, merge_tasks
from xlproduction.interchange.tasks.trello import TrelloClient, TrelloError, check_url
from xlproduction.jobs.asana import export_asana
from xlproduction.jobs.source import workbook_file
from xlproduction.jobs.tasks import derive
from xlproduction.jobs.trello import export_trello
from xlproduction.model.production import production_from_data
from xlproduction.model.tabledata import ProductionData
from xlproduction.sample import SAMPLE_TODAY, sample_production
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.writer import write_workbook

D = dt.date


def data() -> ProductionData:
    """The rules' base production with a minor, a performer who travels in, and no Tasks yet."""
    d = base_data()
    d.tables["Cast"][2]["minor"] = True
    d.tables["CastEvents"].append({"cast_id": "2", "date": D(2027, 2, 27), "event": "Travel"})
    d.tables["CastEvents"].append({"cast_id": "3", "date": D(2027, 2, 25), "event": "Rehearsal"})
    d.tables["Tasks"] = []
    return d


def test_derived_tasks_and_their_dates() -> None:
    got = {t.task_id: t for t in derive_tasks(production_from_data(data(), TODAY))}
    # L1 is first shot on Mon 1 March, L2 on Wed 3 March; lead times are the Settings' defaults.
    assert (got["permit-L1"].due, got["insurance-L1"].due, got["recce-L1"].due) == (D(2027, 2, 15), D(2027, 2, 12),
                                                                                   D(2027, 2, 8))  # fmt: skip
    assert (got["permit-L2"].due, got["recce-L2"].start) == (D(2027, 2, 17), D(2027, 2, 3))
    assert got["permit-L1"].status == "Done" and "permit FLA-1 on file" in got["permit-L1"].notes
    assert (got["permit-L1"].task, got["permit-L1"].linked_to) == ("Location permit — Starlite Diner", "Location L1")
    f = got["fitting-1-2027-02-26"]
    assert (f.task, f.department, f.start, f.due, f.linked_to) == ("Fitting — MAYA (#1)", "Costume", D(2027, 2, 19),
                                                                   D(2027, 2, 26), "Cast 1")  # fmt: skip
    assert got["rehearsal-3-2027-02-25"].department == "Assistant Directors"
    # RITA (a minor) first works on day 2 (Tue 2 March): her permit is due 21 days before.
    assert (got["minor-permit-3"].due, got["minor-permit-3"].linked_to) == (D(2027, 2, 9), "Cast 3")
    assert (got["travel-2-2027-02-27"].due, got["hotel-2-2027-02-27"].due) == (D(2027, 2, 6), D(2027, 2, 6))
    cs = got["callsheet-day-3"]
    assert (cs.task, cs.start, cs.due, cs.linked_to) == ("Call sheet out — Day 3 (Wed 03-Mar)", D(2027, 3, 2),
                                                         D(2027, 3, 2), "Day 3")  # fmt: skip
    assert cs.notes == "Out by 6:00 PM on Tue 02-Mar" and cs.owner == "office@example.com"
    assert got["recce-L1"].owner is None  # no Locations crew on the base production: no owner to guess
    assert len(got) == 3 * 2 + 1 + 1 + 1 + 2 + 3


def _tasks(path: Path) -> list[dict[str, Any]]:
    from xlproduction.interchange.uss.merge import _rows

    return _rows(load_production(path), "Tasks")


def test_deriving_again_updates_and_never_duplicates_or_overwrites(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", data())
    first = derive(workbook_file(book, book, backups=0))
    assert len(first.merge.added) == 14 and first.written == book
    again = derive(workbook_file(book, book, backups=0))
    assert (again.merge.added, again.merge.updated, again.written) == ([], [], None)  # nothing to write
    # People work on the list: a due date moved, a task marked done, an owner given, a task of their own.
    rows = _tasks(book)
    for r in rows:
        if r["task_id"] == "recce-L2":
            r["due"] = D(2027, 2, 20)
        if r["task_id"] == "insurance-L1":
            r["status"], r["owner"] = "Done", "gus@example.com"
        if r["task_id"] == "callsheet-day-1":
            r["task"] = "Call sheet out — Day 1 (with the safety bulletin)"
    rows.append({"task": "Order walkie batteries", "department": "Production", "due": D(2027, 2, 28)})
    from xlproduction.workbook.table_update import TableRows, update_tables

    update_tables(book, book, [TableRows("Tasks", rows)], backups=0)
    # The schedule changes: day 3 moves to L1, so L2 is no longer shot; L1's first day stays.
    d = data()
    d.tables["Days"][2]["location"] = "L1"
    for s in d.tables["Scenes"]:
        s["location"] = "L1"
    from xlproduction.workbook.table_update import rows_of

    update_tables(book, book, rows_of(d, ["Days", "Scenes"]), backups=0)
    third = derive(workbook_file(book, book, backups=0))
    m = third.merge
    assert m.added == [] and m.kept == ["callsheet-day-1"]  # edited by a person: theirs now
    assert m.removed == ["insurance-L2"]  # untouched and still To Do: no longer needed
    assert sorted(m.stale) == ["permit-L2", "recce-L2"]  # no longer needed, but done or edited: kept
    after = {r.get("task_id") or r["task"]: r for r in _tasks(book)}
    assert after["recce-L2"]["due"] == D(2027, 2, 20)
    assert (after["insurance-L1"]["status"], after["insurance-L1"]["owner"]) == ("Done", "gus@example.com")
    assert after["callsheet-day-1"]["task"] == "Call sheet out — Day 1 (with the safety bulletin)"
    assert "Order walkie batteries" in after and len(after) == 14
    # The kept task links to a location the schedule no longer uses but the Locations table still has: no TK002;
    # once the location is deleted, the check points at its link.
    d.tables["Locations"] = d.tables["Locations"][:1]
    update_tables(book, book, rows_of(d, ["Locations"]), backups=0)
    found = [(f.code, f.cell) for f in run_checks(load_production(book, today=TODAY)) if f.code.startswith("TK")]
    assert ("TK002", f"H{[*after].index('recce-L2') + 2}") in found


def test_the_checksum_says_whether_a_row_was_touched() -> None:
    t = derive_tasks(production_from_data(data(), TODAY))[0]
    row = {"task_id": t.task_id, **t.owned(), "owner": "x@example.com", "status": "Waiting", "derived": t.checksum}
    merged = merge_tasks([row], [t])
    assert merged.rows[0]["owner"] == "x@example.com" and merged.rows[0]["status"] == "Waiting"
    assert checksum({**t.owned(), "task": t.task + " (call Sam)"}) != t.checksum


def test_the_sample_has_a_realistic_prep_list_and_breakdown() -> None:
    d = sample_production()
    tasks = d.rows("Tasks")
    kinds = {(r["task_id"] or "own").split("-")[0] for r in tasks}
    assert kinds == {"recce", "permit", "insurance", "fitting", "rehearsal", "minor", "travel", "hotel", "callsheet",
                     "own"}  # fmt: skip
    assert {r["status"] for r in tasks} == {"Done", "In Progress", "To Do"}
    assert all(r["status"] == "Done" for r in tasks if r["due"] < SAMPLE_TODAY)  # nothing overdue mid-shoot
    elements = d.rows("Elements")
    assert {r["category"] for r in elements} >= {"Props", "Vehicles", "Special Effects", "Stunts", "Animals"}
    assert {r["scene"] for r in elements} == {r["scene"] for r in d.rows("Scenes")}  # every scene has its props
    p = production_from_data(d, SAMPLE_TODAY)
    assert [f for f in run_checks(p) if f.code[:2] in ("TK", "EL")] == []
    assert merge_tasks(p.df("Tasks").to_dict("records"), derive_tasks(p)).changed is False


def test_the_tasks_command_lists_and_derives(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx", data())
    env = {**os.environ, "COLUMNS": "250"}
    run = subprocess.run([sys.executable, "-m", "xlproduction", "tasks", "book.xlsx", "--derive"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "prep tasks 14 added, 0 updated" in run.stdout and (tmp_path / "book.tasks.xlsx").exists()
    assert book.read_bytes() == write_workbook(tmp_path / "again.xlsx", data()).read_bytes()
    run = subprocess.run([sys.executable, "-m", "xlproduction", "tasks", "book.tasks.xlsx"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Call sheet out — Day 1 (Mon 01-Mar)" in run.stdout and "12 open tasks" in run.stdout


# --- Asana ------------------------------------------------------------------------------------------------------


def _derived_book(tmp_path: Path) -> Path:
    d = data()
    p = production_from_data(d, TODAY)
    d.tables["Tasks"] = merge_tasks([], derive_tasks(p)).rows
    d.tables["Tasks"].append({"task": "=HYPERLINK(\"http://x\")", "department": "Production", "due": D(2027, 3, 1),
                              "owner": "office@example.com", "notes": "a formula-like name"})  # fmt: skip
    return write_workbook(tmp_path / "book.xlsx", d)


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark: Asana reads the first header as "Name"
    r = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    return list(r.fieldnames or []), list(r)


def test_asana_csv_in_the_importers_layout(tmp_path: Path) -> None:
    book = _derived_book(tmp_path)
    result = export_asana(workbook_file(book), tmp_path / "asana.csv")
    header, rows = _csv(tmp_path / "asana.csv")
    assert header == ["Name", "Description", "Section", "Assignee", "Collaborators", "Start Date", "Due Date",
                      "Dependencies"]  # fmt: skip
    assert result.rows.closed == 2  # the permits with their number on file are Done: not sent
    by = {r["Name"]: r for r in rows}
    f = by["Fitting — MAYA (#1)"]
    assert (f["Section"], f["Start Date"], f["Due Date"]) == ("Costume", "02/19/2027", "02/26/2027")
    assert f["Description"] == "Linked to: Cast 1\nxlproduction task: fitting-1-2027-02-26"
    cs = by["Call sheet out — Day 2 (Tue 02-Mar)"]
    assert (cs["Assignee"], cs["Collaborators"]) == ("office@example.com", "")
    # A permit depends on its location's insurance certificate, which comes on an earlier row.
    assert by["'=HYPERLINK(\"http://x\")"]["Due Date"] == "03/01/2027"  # formula-like text neutralised
    assert len(rows) == 13
    # A permit depends on its location's insurance certificate, which must come on an earlier row.
    rows_of_book = _tasks(book)
    for r in rows_of_book:
        if r["task_id"] == "permit-L2":
            r["status"], r["due"] = "To Do", D(2027, 2, 1)  # reopened, and due before its certificate
    from xlproduction.workbook.table_update import TableRows, update_tables

    update_tables(book, book, [TableRows("Tasks", rows_of_book)], backups=0)
    export_asana(workbook_file(book), tmp_path / "asana2.csv")
    _, rows = _csv(tmp_path / "asana2.csv")
    names = [r["Name"] for r in rows]
    permit = next(r for r in rows if r["Name"] == "Location permit — Echo Park")
    assert permit["Dependencies"] == "Insurance certificate — Echo Park"
    assert names.index("Insurance certificate — Echo Park") < names.index("Location permit — Echo Park")


def test_asana_since_the_last_export_sends_only_new_tasks(tmp_path: Path) -> None:
    book = _derived_book(tmp_path)
    export_asana(workbook_file(book), tmp_path / "first.csv")
    d = data()
    d.tables["CastEvents"].append({"cast_id": "2", "date": D(2027, 2, 28), "event": "Fitting"})
    p = production_from_data(d, TODAY)
    rows = _tasks(book)
    merged = merge_tasks(rows, derive_tasks(p))
    assert merged.added == ["fitting-2-2027-02-28"]
    from xlproduction.workbook.table_update import TableRows, update_tables

    update_tables(book, book, [TableRows("Tasks", merged.rows)], backups=0)
    result = export_asana(workbook_file(book), tmp_path / "second.csv", since=tmp_path / "first.csv")
    _, rows2 = _csv(tmp_path / "second.csv")
    assert [r["Name"] for r in rows2] == ["Fitting — JOE (#2)"] and result.rows.since == 13


# --- Trello: a real HTTP server on 127.0.0.1 ------------------------------------------------------------------------

KEY, TOKEN = "k3y-for-tests", "t0ken-for-tests"


class FakeTrello:
    """The Trello API paths xlproduction uses, in memory; every request recorded."""

    def __init__(self) -> None:
        self.lists: list[dict[str, Any]] = [{"id": "list-0", "name": "Ideas", "closed": False}]
        self.labels: list[dict[str, Any]] = []
        self.cards: list[dict[str, Any]] = [{"id": "card-0", "name": "Someone else's card", "desc": "not ours",
                                             "idList": "list-0", "idLabels": [], "closed": False}]  # fmt: skip
        self.requests: list[tuple[str, str, dict[str, str], dict[str, str]]] = []
        self.refuse: int | None = None
        self.busy = 0
        self.n = 0

    def new_id(self, kind: str) -> str:
        self.n += 1
        return f"{kind}-{self.n}"

    def handle(self, method: str, path: str, query: dict[str, str], form: dict[str, str],
               headers: dict[str, str]) -> tuple[int, Any]:  # fmt: skip
        self.requests.append((method, path, {**query, **form}, headers))
        if headers.get("Authorization") != f'OAuth oauth_consumer_key="{KEY}", oauth_token="{TOKEN}"':
            return 401, "invalid key"
        if self.refuse:
            return self.refuse, "board not found"
        if self.busy:
            self.busy -= 1
            return 429, "API_TOO_MANY_REQUESTS"
        parts = path.strip("/").split("/")
        if method == "GET" and parts[:2] == ["1", "boards"] and len(parts) == 4:
            return 200, {"lists": self.lists, "labels": self.labels, "cards": self.cards}[parts[3]]
        if method == "POST" and path == "/1/lists":
            item = {"id": self.new_id("list"), "name": form["name"], "closed": False}
            self.lists.append(item)
            return 200, item
        if method == "POST" and path == "/1/labels":
            item = {"id": self.new_id("label"), "name": form["name"], "color": form["color"]}
            self.labels.append(item)
            return 200, item
        if method == "POST" and path == "/1/cards":
            item = {"id": self.new_id("card"), "closed": False, **self._card(form)}
            self.cards.append(item)
            return 200, item
        if method == "PUT" and parts[:2] == ["1", "cards"]:
            card = next(c for c in self.cards if c["id"] == parts[2])
            card.update(self._card(form))
            if form.get("closed") == "true":
                card["closed"] = True
            return 200, card
        return 404, "no such path"

    @staticmethod
    def _card(form: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {k: form[k] for k in ("name", "desc", "idList", "due", "start") if k in form}
        if "idLabels" in form:
            out["idLabels"] = [x for x in form["idLabels"].split(",") if x]
        if "dueComplete" in form:
            out["dueComplete"] = form["dueComplete"] == "true"
        return out


@pytest.fixture
def trello() -> Iterator[tuple[FakeTrello, str]]:
    fake = FakeTrello()

    class Handler(BaseHTTPRequestHandler):
        def _go(self) -> None:
            u = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(u.query).items()}
            n = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(n).decode(), keep_blank_values=True).items()}
            code, body = fake.handle(self.command, u.path, query, form, dict(self.headers))
            data = json.dumps(body).encode() if code == 200 else str(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json" if code == 200 else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            if code == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _go

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


ENV = {"XLPRODUCTION_TRELLO_KEY": KEY, "XLPRODUCTION_TRELLO_TOKEN": TOKEN}


def test_trello_cards_are_created_then_updated_not_duplicated(tmp_path: Path, trello: tuple[FakeTrello, str]) -> None:
    fake, url = trello
    book = _derived_book(tmp_path)
    first = export_trello(workbook_file(book), "b0ard1d", api=url, env=ENV).synced
    assert first is not None and len(first.created) == 15 and first.updated == []
    assert sorted(first.lists_created) == ["Assistant Directors", "Costume", "Locations", "Production"]
    assert sorted(first.labels_created) == ["Done", "Overdue", "To Do"]
    ours = [c for c in fake.cards if c["id"] != "card-0"]
    lists = {x["id"]: x["name"] for x in fake.lists}
    labels = {x["id"]: x["name"] for x in fake.labels}
    fit = next(c for c in ours if c["name"] == "Fitting — MAYA (#1)")
    assert (lists[fit["idList"]], fit["due"], fit["start"]) == ("Costume", "2027-02-26T12:00:00.000Z", "2027-02-19")
    assert [labels[x] for x in fit["idLabels"]] == ["To Do", "Overdue"]  # due 26-Feb, today is 2 March
    assert fit["desc"].endswith("xlproduction task: fitting-1-2027-02-26")
    permit = next(c for c in ours if c["name"] == "Location permit — Starlite Diner")
    assert permit["dueComplete"] is True and [labels[x] for x in permit["idLabels"]] == ["Done"]
    # Every request carries the credentials in its Authorization header, never in the address.
    for _method, path, params, headers in fake.requests:
        assert KEY not in path + json.dumps(params) and TOKEN not in path + json.dumps(params)
        assert headers["Authorization"].startswith("OAuth oauth_consumer_key=")
    assert {(m, p) for m, p, *_ in fake.requests} == {
        ("GET", "/1/boards/b0ard1d/lists"), ("GET", "/1/boards/b0ard1d/labels"), ("GET", "/1/boards/b0ard1d/cards"),
        ("POST", "/1/lists"), ("POST", "/1/labels"), ("POST", "/1/cards")}
    # A second run changes one task and cancels another: one card updated, one archived, none created.
    rows = _tasks(book)
    for r in rows:
        if r["task_id"] == "callsheet-day-3":
            r["due"], r["derived"] = D(2027, 3, 1), None
        if r["task_id"] == "recce-L2":
            r["status"] = "Cancelled"
    from xlproduction.workbook.table_update import TableRows, update_tables

    update_tables(book, book, [TableRows("Tasks", rows)], backups=0)
    n = len(fake.cards)
    fake.busy = 1  # one 429 on the way: waited for and retried
    second = export_trello(workbook_file(book), "b0ard1d", api=url, env=ENV).synced
    assert second is not None and second.created == [] and len(fake.cards) == n
    assert second.updated == ["callsheet-day-3"] and second.archived == ["recce-L2"] and second.unchanged == 13
    assert next(c for c in fake.cards if c["name"].startswith("Tech recce — Echo"))["closed"] is True
    assert fake.cards[0] == {"id": "card-0", "name": "Someone else's card", "desc": "not ours", "idList": "list-0",
                             "idLabels": [], "closed": False}  # fmt: skip


def test_trello_refusals_and_credentials(tmp_path: Path, trello: tuple[FakeTrello, str]) -> None:
    fake, url = trello
    book = _derived_book(tmp_path)
    with pytest.raises(TrelloError, match="XLPRODUCTION_TRELLO_KEY and XLPRODUCTION_TRELLO_TOKEN") as e:
        export_trello(workbook_file(book), "b0ard1d", api=url, env={})
    bad = {**ENV, "XLPRODUCTION_TRELLO_TOKEN": "wrong-token"}
    with pytest.raises(TrelloError, match=r"refused GET /1/boards/b0ard1d/lists \(401") as e:
        export_trello(workbook_file(book), "b0ard1d", api=url, env=bad)
    assert "wrong-token" not in str(e.value)
    fake.refuse = 404
    with pytest.raises(TrelloError, match="Check the board ID"):
        export_trello(workbook_file(book), "nope", api=url, env=ENV)
    for base in ("http://api.example.com", "ftp://127.0.0.1", "https://"):
        with pytest.raises(TrelloError, match="must start with https://"):
            check_url(base)
    assert check_url("http://localhost:8080/") == "http://localhost:8080"
    with pytest.raises(TrelloError, match="could not be reached"):
        TrelloClient(KEY, TOKEN, "http://127.0.0.1:9", timeout=2).call("GET", "/1/boards/x/lists")


def test_trello_json_instead_of_the_api_and_the_command(tmp_path: Path, trello: tuple[FakeTrello, str]) -> None:
    fake, url = trello
    book = _derived_book(tmp_path)
    out = export_trello(workbook_file(book), None, json_path=tmp_path / "cards.json", group="status")
    cards = json.loads((tmp_path / "cards.json").read_text(encoding="utf-8"))["cards"]
    assert len(cards) == len(out.cards) == 15 and fake.requests == []
    assert {c["list"] for c in cards} == {"To Do", "Done"}
    env = {**os.environ, **ENV, "COLUMNS": "250"}
    run = subprocess.run([sys.executable, "-m", "xlproduction", "export", "trello", str(book), "--board", "b0ard1d",
                          "--api", url], capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "15 cards created, 0 updated" in run.stdout
    assert KEY not in run.stdout + run.stderr and TOKEN not in run.stdout + run.stderr
