"""The stripboard: which location each day is at, and the scenes shot there, in shooting order.

Built day-first, the way a 1st AD thinks: the days and their locations come first, then each day gets scenes
of that location's sets, pages that fit a day, a lunch banner, and on a few days a company move to the next
day's location. Scene numbers (story order) are dealt afterwards, so the breakdown reads like a script and the
stripboard like a schedule, while every scene is scheduled exactly once by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from .places import Place
from .shootdays import LUNCH_AFTER, MIN, DayTimes, H
from .story import BACKGROUND

MAX_DAY_EIGHTHS = 64  # eight pages
MEAL = 30 * MIN
MARGIN = 15 * MIN  # slack left in every day's timings
MEAN_DAY_EIGHTHS = 35.5  # ≈ 4.4 pages a day; the 23-day sample comes to about 102 pages


@dataclass(slots=True)
class SceneDraft:
    day: int  # index of the day of its (first) strip
    place: int
    set_name: str
    int_ext: str
    day_night: str
    kind: str
    pages: int = 1
    minutes: int = 15
    split: bool = False  # shot over this day and the next (parts 1/2 and 2/2)
    cast: list[int] = field(default_factory=list)  # indices into the cast plans
    background: str | None = None


@dataclass(slots=True)
class Strip:
    scene: int  # index into Board.scenes
    part: str | None = None
    banner: str | None = None


@dataclass(slots=True)
class Board:
    places: list[int]  # main place of each day
    moves: dict[int, int]  # day -> place the company moves to after the banner
    splits: list[int]  # days whose last scene continues as the first strip of the next day
    scenes: list[SceneDraft]
    days: list[list[Strip]]


def day_places(places: list[Place], n_days: int, rng: random.Random) -> list[int]:
    """Each place gets at least a day; bigger places come back for a second block."""
    n = min(len(places), n_days)
    counts = [1] * n
    weights = [p.weight for p in places[:n]]
    for i in rng.choices(range(n), weights=weights, k=n_days - n):
        counts[i] += 1
    blocks: list[tuple[int, int]] = []
    for i, c in enumerate(counts):
        if c >= 4 and rng.random() < 0.5:
            a = rng.randint(2, c - 2)
            blocks += [(i, a), (i, c - a)]
        else:
            blocks.append((i, c))
    rng.shuffle(blocks)
    return [i for i, c in blocks for _ in range(c)]


def _scene_counts(n_days: int, n_scenes: int, minimum: list[int], rng: np.random.Generator) -> list[int]:
    extra = n_scenes - sum(minimum)
    if extra < 0:
        raise ValueError(f"{n_scenes} scenes cannot fill {n_days} days")
    w = rng.uniform(0.6, 1.4, n_days)
    add = rng.multinomial(extra, w / w.sum())
    return [m + int(a) for m, a in zip(minimum, add, strict=True)]


def _day_eighths(counts: list[int], moves: dict[int, int], rng: np.random.Generator) -> list[int]:
    """Pages per day, within bounds, adding up to the size's page count."""
    n = len(counts)
    lows = [max(12, c + 2) for c in counts]
    highs = [56 if d not in moves else 44 for d in range(n)]
    drawn = rng.normal(MEAN_DAY_EIGHTHS, 8, n).round().astype(int)
    out = [int(min(max(x, lo), hi)) for x, lo, hi in zip(drawn, lows, highs, strict=True)]
    target = round(n * MEAN_DAY_EIGHTHS)
    order = rng.permutation(n)
    k = 0
    while sum(out) != target and k < 100 * n:
        d = int(order[k % n])
        if sum(out) < target and out[d] < highs[d]:
            out[d] += 1
        elif sum(out) > target and out[d] > lows[d]:
            out[d] -= 1
        k += 1
    return out


def _partition(total: int, parts: int, rng: np.random.Generator) -> list[int]:
    """total eighths into parts scenes of at least an eighth each, unevenly, as scenes are."""
    if parts <= 0:
        return []
    w = rng.gamma(1.6, 1.0, parts)
    return [1 + int(x) for x in rng.multinomial(total - parts, w / w.sum())]


def _pick_sets(place: Place, rows: int, night: bool, late: bool, rng: random.Random) -> list[tuple[str, str]]:
    """Sets for rows scenes at a place, grouped so the company stays on a set as long as it can."""
    def weight(ie: str) -> float:
        if ie == "INT/EXT":
            return 0.5
        return 0.3 if ie == "EXT" and late and not night else 1.0

    pool = list(place.sets)
    chosen: list[tuple[str, str]] = []
    for _ in range(min(len(pool), 1 + rows // 3)):
        s = rng.choices(pool, weights=[weight(ie) for _, ie in pool])[0]
        pool.remove(s)
        chosen.append(s)
    picks = chosen + [rng.choice(chosen) for _ in range(rows - len(chosen))]
    order = {s: i for i, s in enumerate(chosen)}
    return sorted(picks, key=lambda s: order[s])


def _day_night(night: bool, int_ext: str, first: bool, last: bool, rng: random.Random) -> str:
    if night:
        return "DUSK" if first and int_ext == "EXT" and rng.random() < 0.2 else "NIGHT"
    return "DUSK" if last and int_ext == "EXT" and rng.random() < 0.15 else "DAY"


def build_board(places: list[Place], n_days: int, n_scenes: int, nights: list[bool], times: list[DayTimes],
                n_moves: int, n_splits: int, rng: random.Random, nrng: np.random.Generator) -> Board:  # fmt: skip
    where = day_places(places, n_days, rng)
    cand = [d for d in range(n_days - 1) if where[d] != where[d + 1]]
    moves = {d: where[d + 1] for d in sorted(rng.sample(cand, k=min(n_moves, len(cand))))}
    splits: list[int] = []
    used: set[int] = set()
    cand = [d for d in range(n_days - 1) if where[d] == where[d + 1] and nights[d] == nights[d + 1]
            and d not in moves and d + 1 not in moves]  # fmt: skip
    for d in rng.sample(cand, k=len(cand)):
        if len(splits) < n_splits and d not in used and d + 1 not in used:
            splits.append(d)
            used |= {d, d + 1}
    splits.sort()
    minimum = [3 if d in moves else 2 for d in range(n_days)]
    counts = _scene_counts(n_days, n_scenes, minimum, nrng)
    eighths = _day_eighths(counts, moves, nrng)

    # A split scene's pages count on both of its days; keep the second day within eight pages.
    split_pages: dict[int, int] = {}
    for d in splits:
        p = min(rng.randint(12, 24), eighths[d] - counts[d] - 1)
        split_pages[d] = max(1, p)
        eighths[d + 1] = min(eighths[d + 1], MAX_DAY_EIGHTHS - split_pages[d])

    scenes: list[SceneDraft] = []
    days: list[list[Strip]] = []
    carried: Strip | None = None
    for d in range(n_days):
        night = nights[d]
        late = times[d].crew_call >= 10 * H  # a late day-call after nights: favour interiors
        n_new = counts[d]
        split_here = d in split_pages
        fixed = split_pages.get(d, 0)
        pages = _partition(eighths[d] - fixed, n_new - (1 if split_here else 0), nrng)
        if split_here:
            pages.append(fixed)
        n_move = max(1, n_new // 3) if d in moves else 0
        segments = [(where[d], n_new - n_move)] + ([(moves[d], n_move)] if n_move else [])
        strips: list[Strip] = [carried] if carried else []
        carried = None
        k = 0
        for place_i, rows in segments:
            place = places[place_i]
            for set_name, ie in _pick_sets(place, rows, night, late, rng):
                first, last = k == 0 and not strips, k == n_new - 1
                dn = _day_night(night, ie, first, last, rng)
                eighth = pages[k]
                factor = (1.2 if ie != "INT" else 1.0) * (1.15 if dn == "NIGHT" else 1.0)
                bg = rng.choice(BACKGROUND[place.kind]) if place.kind in BACKGROUND and rng.random() < 0.45 else None
                scenes.append(SceneDraft(d, place_i, set_name, ie, dn, place.kind, eighth,
                                         max(15, 5 * round((eighth * 7.5 * factor + 10) / 5)),
                                         split=split_here and k == n_new - 1, background=bg))  # fmt: skip
                strips.append(Strip(len(scenes) - 1, "1/2" if scenes[-1].split else None))
                k += 1
        if split_here:
            carried = Strip(len(scenes) - 1, "2/2")
        _fit_timings(strips, scenes, times[d])
        _banners(strips, scenes, d in moves, n_move)
        days.append(strips)
    return Board(where, moves, splits, scenes, days)


def _fit_timings(strips: list[Strip], scenes: list[SceneDraft], t: DayTimes) -> None:
    """Trim the day's new scene timings so they fit between shooting call and est. wrap, less the meal.

    A split scene's time is counted whole on each of its days, which is more than any check will count."""
    room = (t.est_wrap - t.shooting_call - MEAL - MARGIN).total_seconds() / 60
    own = [scenes[s.scene] for s in strips if s.part != "2/2"]
    fixed = sum(scenes[s.scene].minutes for s in strips if s.part == "2/2")
    need = sum(sc.minutes for sc in own)
    if fixed + need > room:
        factor = (room - fixed) / need
        for sc in own:
            sc.minutes = max(5, 5 * int(sc.minutes * factor // 5))


def _banners(strips: list[Strip], scenes: list[SceneDraft], moved: bool, n_move: int) -> None:
    """LUNCH after the strip that reaches lunch time; COMPANY MOVE before the last n_move strips."""
    target = (LUNCH_AFTER.total_seconds() / 60) - 60 - 20  # minutes after shooting call, with slack
    cum, lunch = 0, len(strips) - 1
    for i, s in enumerate(strips):
        cum += scenes[s.scene].minutes
        if cum >= target:
            lunch = i
            break
    lunch = max(0, min(lunch, len(strips) - 2))
    if moved:
        move = len(strips) - n_move - 1
        strips[move].banner = "COMPANY MOVE"
        if lunch == move:
            lunch = move - 1 if move > 0 else move + 1
    strips[lunch].banner = "LUNCH"
