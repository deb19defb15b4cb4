"""Every figure of an exchange file recomputed, and the lines whose file figures disagree.

A file's Subtotal and Total are never trusted over the arithmetic: another system may round, drop fringes (EP
Vista warns that fringes "may not come over correctly") or carry a stale total. So the importer recomputes every
line, account, category and charge from the inputs with ``xlproduction.model.budget`` — the workbook's own
arithmetic — and lists where the file says something else, figure by figure. Differences up to a cent are rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...model import budget as B
from ...model.contract import ACCOUNTS, BUDGET, CHARGES, FRINGES
from .read import BudgetFile

CENT = 0.01  # a file rounds to the cent: a difference up to a cent is rounding


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A figure the file states that the recomputation does not give."""

    line: int  # the file's line number
    level: str
    account: str
    description: str
    figure: str  # "Subtotal" or "Total"
    file: float
    computed: float | None  # None: the recomputation is an error (an unknown global or currency)

    def text(self) -> str:
        what = f"{self.level} {self.account} {self.description}".strip()
        got = "an error" if self.computed is None else f"{self.computed:,.2f}"
        return f"line {self.line} ({what}): {self.figure} {self.file:,.2f} in the file, {got} recomputed"


def _frame(rows: list[dict[str, object]], keys: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    for k in keys:
        if k not in df:
            df[k] = None
    return df


def recompute(bf: BudgetFile, ctx: B.BudgetContext, fringes: pd.DataFrame | None = None,
              accounts: pd.DataFrame | None = None) -> B.BudgetFigures:  # fmt: skip
    """The file's budget computed through ``ctx`` (see ``context_of_file``): with the file's fringes when it carries
    its definitions, else ``fringes`` (the workbook's); with ``accounts`` when given (the chart the import leaves),
    else the file's ``C``/``A`` rows."""
    lines = _frame(bf.lines, tuple(c.key for c in BUDGET.input_columns))
    fr = _frame(bf.fringes, tuple(c.key for c in FRINGES.input_columns)) if bf.definitions or fringes is None \
        else fringes  # fmt: skip
    acc = accounts if accounts is not None else _frame(bf.accounts, tuple(c.key for c in ACCOUNTS.input_columns))
    fr = fr.assign(percent=fr["percent"].astype("Float64"), flat=fr["flat"].astype("Float64"),
                   cap=fr["cap"].astype("Float64"))  # fmt: skip
    return B.figures_from(lines, fr, acc, ctx)


def context_of_file(bf: BudgetFile, fallback: B.BudgetContext | None = None) -> B.BudgetContext:
    """What the file's lines compute through: its settings, globals, currencies and charges when it carries its
    definitions (an empty section meaning none); a details-only file computes through ``fallback``'s (the
    workbook's), its settings too."""
    fb = fallback or B.BudgetContext()
    if not bf.definitions:
        return fb
    return B.context_from({**_settings_of(fb), **bf.settings},
                          pd.DataFrame(bf.globals) if bf.globals else None,
                          pd.DataFrame(bf.currencies) if bf.currencies else None,
                          _frame(bf.charges, tuple(c.key for c in CHARGES.input_columns)) if bf.charges else None)


def _settings_of(ctx: B.BudgetContext) -> dict[str, object]:
    return {"currency": ctx.base_currency, "hours_per_day": ctx.hours_per_day, "hours_per_week": ctx.hours_per_week,
            "hours_per_month": ctx.hours_per_month, "fringe_posting": ctx.fringe_posting,
            "fringe_account": ctx.fringe_account}  # fmt: skip


def disagreements(bf: BudgetFile, fig: B.BudgetFigures) -> list[Disagreement]:
    """Each figure of the file that the recomputation ``fig`` (of the same file) does not give."""
    lines = fig.lines
    sub = lines["subtotal"].tolist()
    tot = lines["total"].tolist()
    out: list[Disagreement] = []

    def compare(f_line: int, level: str, account: str, description: str, figure: str, file: float | None,
                computed: float) -> None:  # fmt: skip
        if file is None:
            return
        bad = computed != computed  # NaN: an error in the workbook
        if bad or abs(file - computed) > CENT:
            out.append(Disagreement(f_line, level, account, description, figure, file, None if bad else computed))

    # Headers (C, A) total the detail lines below them: a C row until the next C, an A row until the next C or A.
    open_headers: list[list] = []  # [figure, total so far]
    charges = fig.charges["amount"].tolist()
    k = 0

    def close(levels: tuple[str, ...]) -> None:
        for h in [h for h in open_headers if h[0].level in levels]:
            g = h[0]
            compare(g.line, g.level, g.account, g.description, "Total", g.total, h[1])
            open_headers.remove(h)

    for f in bf.figures:
        if f.level == "C":
            close(("C", "A"))
            open_headers.append([f, 0.0])
        elif f.level == "A":
            close(("A",))
            open_headers.append([f, 0.0])
        elif f.level == "D" and f.index is not None:
            compare(f.line, "D", f.account, f.description, "Subtotal", f.subtotal, float(sub[f.index]))
            compare(f.line, "D", f.account, f.description, "Total", f.total, float(tot[f.index]))
            for h in open_headers:
                h[1] += float(tot[f.index])
        elif f.level == "S" and f.index is not None:  # counted in no header: its lines are
            compare(f.line, "S", f.account, f.description, "Total", f.total, float(tot[f.index]))
        elif f.level == "CHARGE":
            if k < len(charges):
                compare(f.line, "CHARGE", f.account, f.description, "Total", f.total, float(charges[k]))
            k += 1
    close(("C", "A"))
    return sorted(out, key=lambda d: d.line)
