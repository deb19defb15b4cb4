"""Screenplays into a breakdown: Fountain and Final Draft (.fdx) files read into Scenes and Cast, with page eighths.

``read_script(path)`` recognises and reads the file (refusing PDFs, Word documents and unsafe XML with what to
export instead), ``breakdown(script)`` lays it out on the page and breaks it down. Pure Python plus defusedxml: no
workbook engine, so the CLI, desktop Excel and xlwings Lite all run it; writing the breakdown into a workbook is a
job's work (``xlproduction.jobs``).
"""

from __future__ import annotations

from .breakdown import breakdown, parse_heading
from .model import Breakdown, CharacterCount, Element, Kind, SceneBreakdown, Script, Suggestion
from .problems import RULES, ScriptUnreadable
from .source import parse_script, read_script

__all__ = [
    "RULES", "Breakdown", "CharacterCount", "Element", "Kind", "SceneBreakdown", "Script", "ScriptUnreadable",
    "Suggestion", "breakdown", "parse_heading", "parse_script", "read_script",
]  # fmt: skip
