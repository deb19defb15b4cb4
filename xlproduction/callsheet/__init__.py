"""Call sheets: one shoot day's sheet built from the production, filled into the coordinator's template tab.

``model`` decides what the sheet says (engine-neutral), ``fill`` lays it into a template grid (engine-neutral),
``readiness`` narrows the checks to the day. Drawing belongs to the engines (``workbook/callsheet_xlsx.py`` and
``callsheet_canvas.py`` for files, ``excel/callsheet_render.py`` for the open workbook), the default template to
``workbook/callsheet_template.py``, and the job that runs it all to ``jobs/callsheets.py``. The placeholder syntax
is documented in ``fill`` and docs/callsheets.md.
"""

from __future__ import annotations

from .model import Audience, CallSheet, UnknownDay, build_callsheet

__all__ = ["Audience", "CallSheet", "UnknownDay", "build_callsheet"]
