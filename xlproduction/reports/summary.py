"""A few lines that tell a coordinator what is in a production workbook (the demo and `check` print them)."""

from __future__ import annotations

from typing import Any

from ..model.budget import budget_figures
from ..model.numformats import excel_round, money_text
from ..model.pages import format_pages
from ..model.production import Production


def production_summary(p: Production) -> dict[str, Any]:
    days = p.days.dropna(subset=["date"])
    fig = budget_figures(p)
    lines = fig.lines
    posted = p.actuals[p.actuals["status"] == "Posted"]["amount"].sum()
    return {
        "title": p.settings.title or "(untitled)",
        "shoot_days": len(days),
        "first_day": days["date"].min().date().isoformat() if len(days) else None,
        "last_day": days["date"].max().date().isoformat() if len(days) else None,
        "scenes": len(p.scenes),
        "pages": format_pages(int(p.scenes["pages"].fillna(0).sum())),
        "cast": len(p.cast),
        "crew": len(p.crew),
        "departments": int(p.crew["department"].nunique()),
        "locations": len(p.locations),
        "budget_lines": len(lines),
        # Everything the accounts carry: lines with their fringes, and the contractual charges (the cost report's
        # grand total, accounts missing from the chart included).
        "budget_total": excel_round(float(fig.carried.sum())),
        "actuals": len(p.actuals),
        "posted_to_date": excel_round(float(posted)),
        "currency": p.settings.currency or "USD",
    }


def summary_lines(s: dict[str, Any]) -> list[str]:
    cur = s["currency"]
    return [
        f"{s['title']}: {s['shoot_days']} shoot days ({s['first_day']} → {s['last_day']}), {s['scenes']} scenes, "
        f"{s['pages']} pages",
        f"{s['cast']} cast, {s['crew']} crew in {s['departments']} departments, {s['locations']} locations",
        f"Budget {cur} {money_text(s['budget_total'])} over {s['budget_lines']} lines; "
        f"{s['actuals']} actuals, {cur} {money_text(s['posted_to_date'])} posted to date",
    ]
