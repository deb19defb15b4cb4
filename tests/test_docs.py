"""Generated documentation stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from xlproduction.checks import ALL_RULES
from xlproduction.checks.docs import rules_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is stale: run `xlproduction rules --write docs/rules.md`"


def test_every_rule_is_documented_in_rules_md() -> None:
    text = rules_markdown()
    for r in ALL_RULES:
        assert f"### {r.code} {r.name}" in text


def test_readme_opens_with_demo_and_test_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ")[0]
    assert "xlproduction demo" in head
    assert "scripts/test.sh" in head
