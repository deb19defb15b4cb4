"""``python -m bench talent``: one JSON line per instance with the fields issue 19 names, the published optimum
checked, the reference solvers beside ours; the instance converter; and ``python -m bench`` still doing its own job.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.talent_instances import feature_film, parse_dat, to_json
from xlproduction.plan import TalentProblem, talent_costs

REPO = Path(__file__).resolve().parents[1]
# Our own instance in de la Banda et al.'s text format: 4 scenes, 3 actors (a 0/1 row per actor, then its cost),
# then the durations.
DAT = """tiny
4
3
1 0 1 0   7
0 1 0 1   2
1 1 0 0   3
2 1 1 3
"""


def run_bench(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def test_dat_converter_reads_the_published_format() -> None:
    p = parse_dat(DAT)
    assert p.name == "tiny" and p.actor_costs == (7, 2, 3) and p.scene_durations == (2, 1, 1, 3)
    assert p.scene_actors == (frozenset({0, 2}), frozenset({1, 2}), frozenset({0}), frozenset({1}))
    assert TalentProblem.from_json(to_json(p)) == p


def test_bench_talent_prints_one_line_per_instance(tmp_path: Path) -> None:
    small = parse_dat(DAT)
    best = min(talent_costs(small, o)[0] for o in itertools.permutations(range(small.n_scenes)))
    (tmp_path / "tiny.json").write_text(json.dumps({**small.to_json(), "source": {"published_total_cost": best}}))
    film = feature_film(1, 14)
    (tmp_path / "film.json").write_text(json.dumps(film.to_json()))
    done = run_bench("talent", str(tmp_path / "tiny.json"), str(tmp_path / "film.json"), "--reference", "none",
                     "--time-limit", "20", "--json", str(tmp_path / "out.json"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    assert [ln["name"] for ln in lines] == ["tiny", film.name]
    for ln, problem in zip(lines, (small, film), strict=True):
        assert {"name", "idle_cost", "total_cost", "order", "optimal", "seconds"} <= set(ln)
        assert (ln["total_cost"], ln["idle_cost"]) == talent_costs(problem, ln["order"])
        assert ln["optimal"] is True
    assert lines[0]["total_cost"] == best and lines[0]["matches_published"] is True
    assert "ours s" in done.stderr  # the table for people
    assert len(json.loads((tmp_path / "out.json").read_text())["instances"]) == 2


def test_a_wrong_published_optimum_fails_the_run(tmp_path: Path) -> None:
    small = parse_dat(DAT)
    best = min(talent_costs(small, o)[0] for o in itertools.permutations(range(small.n_scenes)))
    (tmp_path / "tiny.json").write_text(json.dumps({**small.to_json(), "source": {"published_total_cost": best - 1}}))
    done = run_bench("talent", str(tmp_path / "tiny.json"), "--reference", "none", "--json", str(tmp_path / "o.json"))
    assert done.returncode == 1 and "MISMATCH" in done.stderr
    assert json.loads(done.stdout)["matches_published"] is False


@pytest.mark.skipif(importlib.util.find_spec("didppy") is None, reason="didppy (the bench extra) is not installed")
def test_didppy_reference_agrees(tmp_path: Path) -> None:
    film = feature_film(2, 16)
    (tmp_path / "film.json").write_text(json.dumps(film.to_json()))
    done = run_bench("talent", str(tmp_path / "film.json"), "--reference", "didppy-cabs,didppy-astar",
                     "--time-limit", "30", "--json", str(tmp_path / "o.json"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout)
    for kind in ("didppy-cabs", "didppy-astar"):
        ref = line["reference"][kind]
        assert ref["optimal"] and ref["total_cost"] == line["total_cost"], ref


def test_python_m_bench_keeps_its_own_command_line() -> None:
    done = run_bench("--help")
    assert done.returncode == 0 and "--sizes" in done.stdout and "--no-excel" in done.stdout
