"""The second version of a benchmark production, for the ``changes`` figure: a week of a coordinator's edits.

``python -m bench.changed SIZE PATH`` writes it. The edits are the kind ``xlproduction changes`` exists for — scenes
moved between days, an earlier crew call, a new location address, calls and department notes, a new crew member,
budget lines over the threshold, new postings and a corrected one — spread over the production, so the comparison
does real work; everything else is the same production, generated from the same seed.
"""

from __future__ import annotations

import datetime as dt
import sys

from xlproduction.model.tabledata import ProductionData


def edit(data: ProductionData) -> ProductionData:
    t = data.tables
    days = sorted(t["Days"], key=lambda r: r["day"])
    strips = sorted(t["Schedule"], key=lambda r: (r["day"], r["order"]))
    for i, strip in enumerate(strips[10:: max(1, len(strips) // 5)][:5]):  # five scenes to other days
        strip["day"] = days[(days.index(next(d for d in days if d["day"] == strip["day"])) + 3 + i) % len(days)]["day"]
        strip["order"] = 99
    for d in days[5::max(1, len(days) // 4)][:4]:  # four earlier crew calls
        d["crew_call"] -= dt.timedelta(minutes=30)
    days[-1]["weather"] = "Rain all day"
    t["Locations"][0]["address"] = "1 New Address Way"
    for c in t["Calls"][:: max(1, len(t["Calls"]) // 6)][:6]:
        if c.get("pickup"):
            c["pickup"] -= dt.timedelta(minutes=15)
        else:
            c["remarks"] = "Updated note"
    t["Crew"].append({"name": "Bench Newhire", "department": "Camera", "position": "2nd AC"})
    for line in t["Budget"][:: max(1, len(t["Budget"]) // 10)][:10]:
        line["rate"] = (line.get("rate") or 0) + 5000
    account = t["Actuals"][0]["account"]
    for i in range(50):
        t["Actuals"].append({"date": dt.date(2027, 5, 1), "txn_id": f"BENCH-{i:04d}", "account": account,
                             "vendor": "Bench Vendor", "description": "New posting", "amount": 100.0 + i,
                             "status": "Posted"})  # fmt: skip
    for row in t["Actuals"][:: max(1, len(t["Actuals"]) // 20)][:20]:
        row["amount"] = (row.get("amount") or 0) + 10
    return data


def main(argv: list[str]) -> int:
    from xlproduction.sample import generate_production
    from xlproduction.workbook.writer import write_workbook

    size, path = argv[0], argv[1]
    write_workbook(path, edit(generate_production(size)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
