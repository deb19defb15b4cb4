"""Comparing two versions of one production: every change a coordinator announces, as ``Change`` records.

Both versions are typed ``Production``s read the same way, so a change is a change of what the workbook *means*,
never of how it was typed (see ``context``). The parts — the stripboard and shoot days (``schedule``), people and
places (``people``), the budget and ledger (``finance``) — each compare what they own; this module runs them and
orders the result as the memo reads it. On a season's workbook (1,500 scenes, 100,000 ledger lines) the whole
comparison costs a small fraction of reading the two files: small tables row by row, big ones on whole columns.
"""

from __future__ import annotations

from ..model.production import Production
from . import finance, people, schedule
from .context import Context, k, text
from .finance import threshold_of
from .model import ChangeSet, sort_changes


def compare(old: Production, new: Production, *, threshold: float | None = None) -> ChangeSet:
    """Every change from ``old`` to ``new`` (two versions of one production). ``threshold``: budget lines and account
    totals that moved by more than this amount are listed (default: the new version's Budget Change Threshold).

    Tables absent from either version (a partial read) are not compared. Two different productions (their titles
    differ) are compared all the same, with a warning: a coordinator may have renamed the show."""
    ctx = Context(old, new)
    warnings: list[str] = []
    ot, nt = text(old.settings.get("title")), text(new.settings.get("title"))
    if ot and nt and k(ot) != k(nt):
        warnings.append(f"These look like two different productions (titles “{ot}” and “{nt}”): the changes are "
                        "listed all the same.")  # fmt: skip
    limit = threshold if threshold is not None else threshold_of(new)
    changes = [*schedule.scenes(ctx), *schedule.order_and_banners(ctx), *schedule.shoot_days(ctx),
               *people.cast_days(ctx), *people.calls(ctx), *people.cast_list(ctx), *people.crew(ctx),
               *people.locations(ctx), *finance.budget(ctx, limit), *finance.actuals(ctx)]  # fmt: skip
    return ChangeSet(sort_changes(changes), old=old.source, new=new.source, title=nt or ot,
                     warnings=tuple(warnings), characters=dict(ctx.characters))  # fmt: skip
