"""Talent-scheduling instances for ``python -m bench talent``: the published ones converted, our own generated.

``python -m bench.talent_instances convert FILE… --out DIR`` turns instances in the format of de la Banda, Stuckey
& Chu's page (https://people.eng.unimelb.edu.au/pstuckey/talent/: name; number of scenes; number of actors; per
actor a 0/1 row over the scenes followed by the actor's daily cost; the scenes' durations) into the JSON the
benchmark reads, adding where each came from and its published optimum when ``SOURCES`` knows the instance. Those
files are not committed: their terms of use are not stated anywhere (bench/talent/README.md says where to get them).

``python -m bench.talent_instances generate --out DIR`` writes our own instances shaped like a feature film (leads
in most scenes, supporting cast by storyline, day players in a scene or two), deterministic from their seeds; the
committed copies are bench/talent/generated/.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from xlproduction.plan.model import PlanError, TalentProblem

ROOT = Path(__file__).resolve().parent.parent

DDO = "https://github.com/xgillard/ddo/tree/062bb3b51632b77fd7c6b8feeb7bda66a381fc96/resources/talentsched"
DDO_TESTS = ("xgillard/ddo ddo/examples/talentsched/tests.rs at 062bb3b51632b77fd7c6b8feeb7bda66a381fc96 (MIT): "
             "solve_id(instance) == optimum")
STUCKEY = "https://people.eng.unimelb.edu.au/pstuckey/talent/"
# Per instance name (as the first line of the .dat file spells it): where it comes from and the published optimum,
# a total cost (Σ cost × days on location). The optima were checked against each other where two sources give one.
SOURCES: dict[str, dict[str, Any]] = {
    "mobstory": {"origin": "Cheng, Diamond & Lin (1993), 'Mob Story', as on de la Banda et al.'s page",
                 "published_total_cost": 871, "published_in": DDO_TESTS},
    "film103": {"origin": "Smith (2005), via de la Banda et al.'s page", "published_total_cost": 1031,
                "published_in": DDO_TESTS},
    "film105": {"origin": "Smith (2005), via de la Banda et al.'s page", "published_total_cost": 849,
                    "published_in": DDO_TESTS},
    "film114": {"origin": "Smith (2005), via de la Banda et al.'s page", "published_total_cost": 867,
                    "published_in": DDO_TESTS},
    "film116": {"origin": "Smith (2005), via de la Banda et al.'s page", "published_total_cost": 541,
                    "published_in": DDO_TESTS},
    "film117": {"origin": "Smith (2005), via de la Banda et al.'s page"},
    "film118": {"origin": "Smith (2005), via de la Banda et al.'s page", "published_total_cost": 853,
                    "published_in": DDO_TESTS},
    "film119": {"origin": "Smith (2005), via de la Banda et al.'s page", "published_total_cost": 790,
                    "published_in": DDO_TESTS},
    "film10": {"origin": "Smith (2005)", "published_total_cost": 352, "published_in": DDO_TESTS},
    "film12": {"origin": "Smith (2005)", "published_total_cost": 401, "published_in": DDO_TESTS},
    # The rehearsal problem (Smith 2003; CSPLib prob039). ddo's copy has 7 for the last piece's duration where
    # CSPLib's table has 6; CSPLib publishes 17 units of waiting (idle) as optimal for its table.
    "concert": {"origin": "Smith's rehearsal problem (CSPLib prob039), ddo's copy", "published_total_cost": 111,
                "published_in": DDO_TESTS},
    "Warwick1201": {"origin": "ddo's resources", "published_total_cost": 222, "published_in": DDO_TESTS},
    "Shaw2020": {"origin": "ddo's resources", "published_total_cost": 877, "published_in": DDO_TESTS},
}


def parse_dat(text: str) -> TalentProblem:
    """One instance in de la Banda et al.'s text format (whitespace-separated tokens)."""
    tokens = text.split()
    try:
        name, n, m = tokens[0], int(tokens[1]), int(tokens[2])
        pos = 3
        scenes: list[set[int]] = [set() for _ in range(n)]
        costs = []
        for a in range(m):
            row = tokens[pos : pos + n]
            for s, flag in enumerate(row):
                if flag not in ("0", "1"):
                    raise PlanError(f"actor {a}, scene {s}: {flag!r} is not 0 or 1")
                if flag == "1":
                    scenes[s].add(a)
            costs.append(_number(tokens[pos + n]))
            pos += n + 1
        durations = [_number(t) for t in tokens[pos : pos + n]]
    except (IndexError, ValueError) as e:
        raise PlanError(f"not a talent-scheduling .dat file: {e}") from e
    if len(durations) != n or pos + n != len(tokens):
        raise PlanError(f"{name}: expected {pos + n} numbers, found {len(tokens)}")
    # Some files name themselves "film105.dat": the instance is film105.
    return TalentProblem.build(costs, zip(durations, scenes, strict=True), name.removesuffix(".dat"))


def _number(token: str) -> int | float:
    value = float(token)
    return int(value) if value.is_integer() else value


def to_json(problem: TalentProblem, source: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = problem.to_json()
    known = SOURCES.get(problem.name)
    if source or known:
        out["source"] = {**({"file": source} if source else {}), **(known or {})}
    return out


def feature_film(seed: int, n_scenes: int, leads: int = 3, supporting: int = 6, day_players: int = 4) -> TalentProblem:
    """A feature-film-shaped instance: a few expensive leads appear in most storylines, supporting cast belong to a
    storyline or two, cheap day players drop in; scenes take a day, some two."""
    r = random.Random(seed)
    m = leads + supporting + day_players
    costs = ([r.choice([30, 40, 50, 60]) for _ in range(leads)] + [r.choice([8, 10, 12, 15]) for _ in range(supporting)]
             + [r.choice([2, 3, 4]) for _ in range(day_players)])  # fmt: skip
    k = max(2, supporting // 2)  # storylines
    line_support = [r.sample(range(leads, leads + supporting), r.randint(1, 3)) for _ in range(k)]
    line_leads = [r.sample(range(leads), r.randint(1, leads)) for _ in range(k)]
    scenes = []
    for _ in range(n_scenes):
        line = r.randrange(k)
        cast = {a for a in line_leads[line] if r.random() < 0.8} | {a for a in line_support[line] if r.random() < 0.6}
        if r.random() < 0.25:
            cast.add(r.randrange(leads + supporting, m))
        if not cast:
            cast.add(r.choice(line_leads[line]))
        scenes.append((r.choice([1, 1, 1, 2]), cast))
    return TalentProblem.build(costs, scenes, f"feature-{n_scenes}x{m}-s{seed}")


GENERATED = [(seed, n) for n in (20, 24, 28, 32) for seed in range(3)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.talent_instances", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    conv = sub.add_parser("convert", help="de la Banda et al.'s .dat files to the benchmark's JSON")
    conv.add_argument("files", nargs="+", type=Path)
    conv.add_argument("--out", type=Path, required=True)
    gen = sub.add_parser("generate", help="our feature-film-shaped instances")
    gen.add_argument("--out", type=Path, default=ROOT / "bench" / "talent" / "generated")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.cmd == "convert":
        for f in args.files:
            p = parse_dat(f.read_text(encoding="utf-8"))
            target = args.out / f"{p.name}.json"
            target.write_text(json.dumps(to_json(p, f.name)) + "\n", encoding="utf-8")
            print(f"{f} → {target} ({p.n_scenes} scenes × {p.n_actors} actors)")
    else:
        for seed, n in GENERATED:
            p = feature_film(seed, n)
            target = args.out / f"{p.name}.json"
            data = {**p.to_json(), "source": {"origin": f"bench/talent_instances.py feature_film({seed}, {n})"}}
            target.write_text(json.dumps(data) + "\n", encoding="utf-8")
            print(f"{target} ({p.n_scenes} scenes × {p.n_actors} actors)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
