"""Every rule's pass and fail cases, from tests/rules/fixtures/<CODE>.toml, through real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlproduction.checks import ALL_RULES, rule_by_code, run_checks

from .harness import Case, apply_patch, base, load_cases, production_of

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: Case, tmp_path: Path) -> None:
    file_ops = {k: case.patch[k] for k in ("plain_ranges", "append_columns", "extra_settings") if k in case.patch}
    p = production_of(apply_patch(base(), case.patch), tmp_path, file_ops=file_ops)
    # Only the rule under test runs (plus the reader's findings, which every production carries): the whole
    # rule list runs on the base production in test_base_production_is_clean and on the sample in test_demo.
    found = [f for f in run_checks(p, [rule_by_code(case.code)]) if f.code == case.code]
    where = sorted(((f.sheet, f.cell) for f in found), key=str)
    if case.kind == "pass":
        assert found == [], f"{case.code} should pass but reported: {[f.message for f in found]}"
    else:
        assert found, f"{case.code} found nothing"
        assert where == sorted(case.expect, key=str), [f.message for f in found]
        assert all(f.message and f.hint for f in found), "every finding needs a message and a hint"


def test_base_production_is_clean(tmp_path: Path) -> None:
    findings = run_checks(production_of(base(), tmp_path))
    assert [(f.code, f.location, f.message) for f in findings if f.severity.value != "info"] == []


def test_every_rule_has_pass_and_fail_fixtures() -> None:
    kinds = {(c.code, c.kind) for c in CASES}
    missing = [r.code for r in ALL_RULES if (r.code, "pass") not in kinds or (r.code, "fail") not in kinds]
    assert missing == [], f"rules without a pass and a fail case in tests/rules/fixtures: {missing}"
    assert len(ALL_RULES) >= 40


def test_rule_codes_and_names_are_unique_and_documented() -> None:
    codes = [r.code for r in ALL_RULES]
    names = [r.name for r in ALL_RULES]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
    for r in ALL_RULES:
        assert r.info.description.endswith("."), r.code
        for part in ("What it does", "Why it matters", "Example", "Fix"):
            assert part in r.info.doc, f"{r.code} doc lacks {part!r}"
