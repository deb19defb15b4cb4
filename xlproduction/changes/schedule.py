"""Changes to the stripboard and the shoot days: what the whole unit hears about first.

A scene is followed by its number across the two versions' strips: on other days now (moved), on no day (back to
the boneyard), on a day for the first time (added), in another number of parts (split), or gone from the breakdown
(omitted — also when its breakdown row now says OMITTED, the screenwriter's placeholder). Its breakdown row is
compared too, as a revised draft changes it: a new scene, another set, I/E, D/N, length, cast, location or script
day (each told to the scene's cast, on the days it is scheduled). Within a day, only the
relative order of the scenes the day keeps is compared, so a scene leaving a day is one change, not a reordering of
every strip after it. Banners (LUNCH, COMPANY MOVE) are compared per day by the scene they follow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..model.textkeys import id_key
from .context import (
    Context,
    Strip,
    Version,
    capital,
    changed_keys,
    date,
    fmt_date,
    fmt_time,
    has,
    k,
    natural,
    text,
    timedelta,
    was,
)
from .model import EVERYONE, Change, Kind

_OMITTED = re.compile(r"\bomit(?:ted)?\b", re.IGNORECASE)
_DAY_TIMES = (("crew_call", Kind.CREW_CALL, "crew call"), ("shooting_call", Kind.SHOOTING_CALL, "shooting call"),
              ("lunch", Kind.LUNCH, "lunch"), ("est_wrap", Kind.EST_WRAP, "estimated wrap"))  # fmt: skip


def _scene_days(v: Version) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for day, items in v.strips.items():
        for sk, *_ in items:
            out.setdefault(sk, []).append(day)
    return {key: sorted(days) for key, days in out.items()}


def _omitted(row: Mapping[str, Any] | None) -> bool:
    return row is not None and any(_OMITTED.search(text(row.get(c))) for c in ("set", "synopsis", "notes"))


def _first(days: Sequence[int]) -> int | None:
    return min(days) if days else None


# What a revised draft (or a coordinator) changes in a scene's breakdown row, as the memo names it.
_BREAKDOWN = (("int_ext", "I/E"), ("set", "set"), ("day_night", "D/N"), ("pages", "length"), ("cast", "cast"),
              ("location_id", "location"), ("script_day", "script day"))  # fmt: skip


def _shown(key: str, v: Any) -> str:
    if key == "pages":
        from ..model.pages import format_pages

        return f"{format_pages(int(v))} pgs" if v is not None and text(v) else ""
    if isinstance(v, tuple | list):
        return ", ".join(text(x) for x in v)
    return text(v)


def breakdown(ctx: Context, sk: str, scene: str, title: str, days: Sequence[int]) -> list[Change]:
    """A scene's breakdown row edited: one change per column, for its cast and the days it is on."""
    old, new = ctx.old.scenes.get(sk), ctx.new.scenes.get(sk)
    if old is None or new is None:
        return []
    out: list[Change] = []
    for key, label in _BREAKDOWN:
        before, after = _shown(key, old.get(key)), _shown(key, new.get(key))
        if before == after:
            continue
        message = f"{title}: {label} {was(after, before)}."
        out.append(Change(Kind.SCENE_EDITED, message, day=_first(days), days=tuple(days), scene=scene,
                          before=before or None, after=after or None, column=key, date=ctx.date(_first(days)),
                          affects=ctx.cast_affects(ctx.scene_cast(sk))))  # fmt: skip
    return out


def scenes(ctx: Context) -> list[Change]:
    """Scenes moved, added, taken off, omitted or split."""
    old_days, new_days = _scene_days(ctx.old), _scene_days(ctx.new)
    typed = {sk: scene for v in (ctx.old, ctx.new) for items in v.strips.values() for sk, scene, *_ in items}
    out: list[Change] = []
    # Only scenes whose days or breakdown row differ can have changed (the others are most of a season's 1,500).
    keys = set(changed_keys(old_days, new_days)) | set(changed_keys(ctx.old.scenes, ctx.new.scenes))
    for sk in sorted(keys, key=natural):
        od, nd = old_days.get(sk, []), new_days.get(sk, [])
        gone = sk in ctx.old.scenes and sk not in ctx.new.scenes
        omitted = gone or (_omitted(ctx.new.scenes.get(sk)) and not _omitted(ctx.old.scenes.get(sk)))
        title = capital(ctx.scene_title(sk, typed.get(sk, "")))
        scene = text((ctx.new.scenes.get(sk) or ctx.old.scenes.get(sk) or {}).get("scene")) or typed.get(sk, sk)
        if not omitted:
            out += breakdown(ctx, sk, scene, title, nd)
        if od == nd and not omitted:
            if not nd and sk in ctx.new.scenes and sk not in ctx.old.scenes and ctx.old.scenes:
                out.append(Change(Kind.SCENE_NEW, f"{title} is new to the breakdown (not scheduled yet).",
                                  scene=scene, after="unscheduled", affects=ctx.cast_affects(ctx.scene_cast(sk))))
            continue
        days = tuple(sorted(set(od) | set(nd)))
        common: dict[str, Any] = {"days": days, "scene": scene, "affects": ctx.cast_affects(ctx.scene_cast(sk)),
                                  "before": ctx.days_text(od)}  # fmt: skip
        if omitted:
            where = f" (was on {ctx.days_text(od)})" if od else ""
            still = f"; still on {ctx.days_text(nd)}'s strips" if nd else ""
            how = "removed from the breakdown" if gone else "marked omitted in the breakdown"
            kind, message, day, after = Kind.SCENE_OMITTED, f"{title} is omitted: {how}{where}{still}.", \
                _first(od or nd), "omitted"  # fmt: skip
        elif not od:
            fresh = "" if sk in ctx.old.scenes else " (a new scene)"
            kind, message, day = Kind.SCENE_ADDED, f"{title}{fresh} added to {ctx.days_text(nd)}.", _first(nd)
            after = ctx.days_text(nd)
        elif not nd:
            kind, day, after = Kind.SCENE_REMOVED, _first(od), "unscheduled"
            message = f"{title} taken off {ctx.days_text(od)}: back to the boneyard (unscheduled)."
        elif len(od) != len(nd):
            parts = f"now shot in {len(nd)} parts" if len(nd) > 1 else "no longer split"
            kind, day, after = Kind.SCENE_SPLIT, _first(nd), ctx.days_text(nd)
            message = f"{title} is {parts}: {ctx.days_text(nd)} (was {ctx.days_text(od)})."
        else:
            kind, day, after = Kind.SCENE_MOVED, _first(nd), ctx.days_text(nd)
            message = f"{title} moved from {ctx.days_text(od)} to {ctx.days_text(nd)}."
        out.append(Change(kind, message, day=day, date=ctx.date(day), after=after, **common))
    return out


def order_and_banners(ctx: Context) -> list[Change]:
    """Each day's shooting order, and its banners."""
    out: list[Change] = []
    for day in sorted(set(ctx.old.strips) & set(ctx.new.strips)):
        old, new = ctx.old.strips[day], ctx.new.strips[day]
        kept = {sk for sk, *_ in old} & {sk for sk, *_ in new}
        old_seq = [sk for sk, *_ in old if sk in kept]
        new_seq = [sk for sk, *_ in new if sk in kept]
        if old_seq != new_seq:
            # The cast of the scenes whose place moved: their staggered on-set calls move with it.
            # (A split scene's two parts may now share a day, or no longer: the sequences can differ in length.)
            shifted = {sk for i, sk in enumerate(new_seq) if i >= len(old_seq) or old_seq[i] != sk}
            cast = set().union(*(ctx.scene_cast(sk) for sk in shifted))
            before, after = ", ".join(s for _, s, *_ in old), ", ".join(s for _, s, *_ in new)
            out.append(ctx.on_day(Kind.SCENE_REORDERED, f"{ctx.day_label(day, start=True)}: shooting order is now "
                                  f"{after} (was {before}).", day, before=before, after=after,
                                  affects=ctx.cast_affects(cast)))  # fmt: skip
        out += _banners(ctx, day, old, new)
    return out


def _banners(ctx: Context, day: int, old: list[Strip], new: list[Strip]) -> list[Change]:
    def where(items: list[Strip]) -> dict[str, tuple[str, list[str]]]:
        out: dict[str, tuple[str, list[str]]] = {}
        for _, scene, _, banner in items:
            if banner:
                out.setdefault(k(banner), (banner, []))[1].append(scene)
        return out

    before_all, after_all = where(old), where(new)
    out: list[Change] = []
    for key in sorted(set(before_all) | set(after_all)):
        (b_text, b_scenes), (a_text, a_scenes) = before_all.get(key, ("", [])), after_all.get(key, ("", []))
        if b_scenes == a_scenes:
            continue
        banner = a_text or b_text
        b = f"{banner} after scene {', '.join(b_scenes)}" if b_scenes else ""
        a = f"{banner} after scene {', '.join(a_scenes)}" if a_scenes else ""
        label = ctx.day_label(day, start=True)
        if b and a:
            message = f"{label}: {banner} now after scene {', '.join(a_scenes)} (was after scene " \
                      f"{', '.join(b_scenes)})."
        else:
            message = f"{label}: {a} (new)." if a else f"{label}: no more {b}."
        out.append(ctx.on_day(Kind.BANNER, message, day, column="banner", before=b or None, after=a or None,
                              affects=EVERYONE))  # fmt: skip
    return out


def location_name(ctx: Context, lid: str) -> str:
    """L01 Rosie's Diner"""
    if not lid:
        return ""
    for p in (ctx.new.p, ctx.old.p):
        if has(p, "Locations"):
            hit = p.locations[(id_key(p.locations["location_id"]) == k(lid)).fillna(False).to_numpy(dtype=bool)]
            if not hit.empty:
                return f"{lid} {text(hit.iloc[0]['name'])}".strip()
    return lid


def shoot_days(ctx: Context) -> list[Change]:
    """Days added or removed; their date, calls, wrap, location, weather and notes."""
    out: list[Change] = []
    for day in changed_keys(ctx.old.days, ctx.new.days):
        o, n = ctx.old.days.get(day), ctx.new.days.get(day)
        label = ctx.day_label(day, start=True)
        if o is None and n is not None:
            call, where = fmt_time(timedelta(n.get("crew_call"))), location_name(ctx, text(n.get("location")))
            bits = [fmt_date(date(n.get("date"))), f"crew call {call}" if call else "", f"at {where}" if where else ""]
            out.append(ctx.on_day(Kind.DAY_ADDED, f"Shoot day {day} added: {', '.join(b for b in bits if b)}.", day,
                                  after=fmt_date(date(n.get("date"))) or None, affects=EVERYONE))  # fmt: skip
            continue
        if n is None and o is not None:
            when = fmt_date(date(o.get("date")))
            out.append(Change(Kind.DAY_REMOVED, f"Shoot day {day} ({when}) is no longer on the schedule.", day=day,
                              days=(day,), date=date(o.get("date")), before=when or None,
                              affects=EVERYONE))  # fmt: skip
            continue
        assert o is not None and n is not None
        od, nd = date(o.get("date")), date(n.get("date"))
        if od != nd:
            out.append(ctx.on_day(Kind.DAY_DATE, f"Shoot day {day} moves to {was(fmt_date(nd), fmt_date(od))}.",
                                  day, column="date", before=fmt_date(od) or None, after=fmt_date(nd) or None,
                                  affects=EVERYONE))  # fmt: skip
        for col, kind, what in _DAY_TIMES:
            b, a = fmt_time(timedelta(o.get(col))), fmt_time(timedelta(n.get(col)))
            if a != b:
                out.append(ctx.on_day(kind, f"{label}: {what} {was(a, b)}.", day, column=col, before=b or None,
                                      after=a or None, affects=EVERYONE))  # fmt: skip
        if k(text(o.get("location"))) != k(text(n.get("location"))):
            b, a = location_name(ctx, text(o.get("location"))), location_name(ctx, text(n.get("location")))
            out.append(ctx.on_day(Kind.DAY_LOCATION, f"{label}: location {was(a, b)}.", day, column="location",
                                  before=b or None, after=a or None, affects=EVERYONE))  # fmt: skip
        for col, kind in (("weather", Kind.WEATHER), ("notes", Kind.DAY_NOTES)):
            b, a = text(o.get(col)), text(n.get(col))
            if a != b:
                out.append(ctx.on_day(kind, f"{label}: {col} {was(a, b, quote=True)}.", day, column=col,
                                      before=b or None, after=a or None, affects=EVERYONE))  # fmt: skip
    return out
