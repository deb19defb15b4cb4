"""Call sheets: one shoot day's sheet built from the production, filled into the coordinator's template tab.

``model`` decides what the sheet says (engine-neutral), ``fill`` lays it into a template grid (engine-neutral),
``render_xlsx`` draws it with openpyxl, ``template_tab`` writes the default template, ``readiness`` narrows the
checks to the day, and ``generate`` runs the whole job on a workbook file (CLI, demo). The placeholder syntax is
documented in ``fill`` and docs/callsheets.md.
"""

from __future__ import annotations

from .model import Audience, CallSheet, UnknownDay, build_callsheet

__all__ = ["Audience", "CallSheet", "UnknownDay", "build_callsheet"]
