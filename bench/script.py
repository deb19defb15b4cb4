"""``python -m bench script``: the script import's speed and accuracy, beside screenplain's, in one run.

- **Speed.** The breakdown of a generated 120-page, 200-scene feature (xlproduction.sample.screenplay; the target
  is 0.5 s), file to breakdown: read, parse, lay out on US Letter, break down. Beside it, screenplain's parse of
  the same file (parse only: screenplain neither paginates nor breaks down), when screenplain is installed
  (``pip install screenplain``; it is not a dependency). Best of ``--repeat`` runs, in this process, after imports.
- **Accuracy of the reader.** On the Fountain fixtures (tests/fixtures/scripts), the scene headings and character
  cues xlproduction reads against screenplain's, with every difference listed.
- **Accuracy of the eighths.** When the afterwriting CLI is at hand (``npm install afterwriting``; point the
  ``AFTERWRITING`` variable at its ``afterwriting`` executable), the long script is printed to PDF by afterwriting
  on US Letter and every scene's eighths are measured from where its heading sits on the printed pages (pypdf),
  then compared with the paginator's. No genuine Final Draft export can be committed here; FDX lengths themselves
  are used verbatim, never estimated.

Results go to bench/results/script.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
FIXTURES = ROOT / "tests" / "fixtures" / "scripts"
TARGET_SECONDS = 0.5


def best(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def speed(path: Path, repeat: int) -> dict[str, Any]:
    from xlproduction.interchange.script import breakdown, read_script

    result = breakdown(read_script(path))
    out: dict[str, Any] = {
        "scenes": len(result.scenes), "printed_pages": result.page_count, "pages": result.pages,
        "bytes": path.stat().st_size,
        "breakdown_s": best(lambda: breakdown(read_script(path)), repeat),
        "parse_s": best(lambda: read_script(path), repeat),
    }  # fmt: skip
    try:
        from screenplain.parsers.fountain import parse as screenplain_parse
    except ImportError:
        out["screenplain_parse_s"] = None
    else:
        text = path.read_text(encoding="utf-8")
        out["screenplain_parse_s"] = best(lambda: screenplain_parse(io.StringIO(text)), repeat)
    return out


def _plain(rich: Any) -> str:
    return "".join(seg.text for seg in rich.segments) if hasattr(rich, "segments") else str(rich)


def reader_accuracy() -> dict[str, Any]:
    """Headings and cues per fixture, xlproduction's against screenplain's."""
    from xlproduction.interchange.script import Kind, read_script

    try:
        from screenplain.parsers.fountain import parse as screenplain_parse
    except ImportError:
        return {"screenplain": None}
    files = {}
    for f in sorted(FIXTURES.glob("*.fountain")):
        script = read_script(f)
        ours_h = [(e.text, (e.number or "").upper() or None) for e in script.elements if e.kind is Kind.HEADING]
        ours_c = [e.text for e in script.elements if e.kind is Kind.CHARACTER]
        sp = screenplain_parse(io.StringIO(f.read_text(encoding="utf-8-sig")))
        sp_h, sp_c = [], []
        for p in sp:
            name = type(p).__name__
            if name == "Slug":
                sp_h.append((_plain(p.line), _plain(p.scene_number) if p.scene_number else None))
            elif name == "Dialog":
                sp_c.append(_plain(p.character))
            elif name == "DualDialog":
                sp_c += [_plain(p.left.character), _plain(p.right.character)]
        files[f.name] = {
            "headings": [len(ours_h), len(sp_h)], "cues": [len(ours_c), len(sp_c)],
            "only_xlproduction": sorted(set(map(str, ours_h)) - set(map(str, sp_h)))
            + sorted(set(ours_c) - set(sp_c)),
            "only_screenplain": sorted(set(map(str, sp_h)) - set(map(str, ours_h))) + sorted(set(sp_c) - set(ours_c)),
        }  # fmt: skip
    return files


_HEAD = re.compile(r"^(INT|EXT|EST|I/E|INT\./EXT)[ .]")


def afterwriting_eighths(path: Path) -> dict[str, Any] | None:
    """Each scene's eighths measured on afterwriting's printed PDF against the paginator's, scene by scene."""
    exe = os.environ.get("AFTERWRITING") or shutil.which("afterwriting")
    if not exe:
        return None
    from pypdf import PdfReader

    from xlproduction.interchange.script import breakdown, read_script

    config = {"print_profile": "usletter", "double_space_between_scenes": False, "print_title_page": False,
              "print_sections": False, "print_synopsis": False, "print_notes": False, "split_dialogue": True,
              "scenes_numbers": "none", "use_dual_dialogue": True, "merge_empty_lines": True}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        cfg, pdf = Path(tmp, "config.json"), Path(tmp, "script.pdf")
        cfg.write_text(json.dumps(config))
        subprocess.run([exe, "--source", str(path), "--pdf", str(pdf), "--overwrite", "--config", str(cfg)],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
        reader = PdfReader(pdf)
        lpp, heads, last, top = 55, [], 0, None
        for pn, page in enumerate(reader.pages):
            items: list[tuple[float, float, str]] = []
            page.extract_text(visitor_text=lambda t, cm, tm, fd, fs, items=items: items.append((tm[5], tm[4], t))
                              if t.strip() else None)  # fmt: skip
            body = [it for it in items if it[1] < 500]  # the page number prints at the right margin
            if not body:
                continue
            top = top if top is not None else max(y for y, _, _ in body)
            for y, x, t in body:
                line = pn * lpp + round((top - y) / 12)  # 12-pt lines from the first line of page 1
                last = max(last, line)
                if x < 110 and _HEAD.match(t.strip()):
                    heads.append(line)
        printed_pages = len(reader.pages)
    heads.sort()
    theirs = [max(1, int((b - a) * 8 / lpp + 0.5)) for a, b in zip(heads, [*heads[1:], last + 1], strict=True)]
    ours = [s.eighths for s in breakdown(read_script(path)).scenes]
    if len(ours) != len(theirs):
        return {"error": f"{len(ours)} scenes here, {len(theirs)} headings found in the PDF"}
    diff = [o - t for o, t in zip(ours, theirs, strict=True)]
    return {
        "scenes": len(diff), "identical": diff.count(0), "within_one_eighth": sum(abs(d) <= 1 for d in diff),
        "mean_abs_diff_eighths": sum(map(abs, diff)) / len(diff), "max_abs_diff_eighths": max(map(abs, diff)),
        "total_eighths": [sum(ours), sum(theirs)], "printed_pages_afterwriting": printed_pages,
        "differences": dict(Counter(diff)),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench script", description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scenes", type=int, default=200)
    ap.add_argument("--json", type=Path, default=RESULTS / "script.json")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from xlproduction.sample.screenplay import generate_screenplay

    files = RESULTS / "files"
    files.mkdir(parents=True, exist_ok=True)
    path = files / f"feature-{args.scenes}.fountain"
    path.write_text(generate_screenplay(args.scenes), encoding="utf-8")
    result = {"speed": speed(path, args.repeat), "reader": reader_accuracy(), "eighths": afterwriting_eighths(path)}
    s = result["speed"]
    print(f"Script breakdown, {s['scenes']} scenes, {s['printed_pages']} printed pages ({s['bytes'] // 1024} KB), "
          f"best of {args.repeat}:")  # fmt: skip
    print(f"  xlproduction: file → breakdown {s['breakdown_s']:.3f} s (target {TARGET_SECONDS} s), "
          f"of which reading and parsing {s['parse_s']:.3f} s")  # fmt: skip
    if s["screenplain_parse_s"] is not None:
        print(f"  screenplain:  parse only      {s['screenplain_parse_s']:.3f} s "
              f"({s['screenplain_parse_s'] / s['parse_s']:.1f}x xlproduction's parse)")  # fmt: skip
    else:
        print("  screenplain not installed (pip install screenplain) — no comparison")
    for name, r in (result["reader"] or {}).items():
        if r is None:
            continue
        same = not r["only_xlproduction"] and not r["only_screenplain"]
        print(f"  {name}: headings {r['headings'][0]} vs screenplain {r['headings'][1]}, cues {r['cues'][0]} vs "
              f"{r['cues'][1]}" + ("" if same else f"; only here {r['only_xlproduction']}, only screenplain "
                                   f"{r['only_screenplain']}"))  # fmt: skip
    e = result["eighths"]
    if e is None:
        print("  eighths: afterwriting not found (npm install afterwriting; AFTERWRITING=path) — not compared")
    elif "error" in e:
        print(f"  eighths: {e['error']}")
    else:
        print(f"  eighths against afterwriting's printed PDF: {e['identical']}/{e['scenes']} scenes identical, "
              f"{e['within_one_eighth']} within 1/8, mean |difference| {e['mean_abs_diff_eighths']:.2f} eighth, "
              f"total {e['total_eighths'][0]} vs {e['total_eighths'][1]} eighths")  # fmt: skip
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    return 0 if s["breakdown_s"] <= TARGET_SECONDS else 1
