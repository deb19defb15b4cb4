"""What changed between two versions of a production workbook, for the coordinator to announce.

``compare(old, new)`` gives a ``ChangeSet`` of immutable ``Change`` records (kind, day(s), scene, before, after,
who is affected, one plain sentence); ``present`` lays them out as a text or Markdown memo and as JSON, and
``sheet`` as the Changes tab. The publishing code (``xlproduction.notify``) puts the same records into Slack, Teams
and email messages. A domain package: it works on ``Production``s only and imports no workbook engine.
"""

from __future__ import annotations

from .compare import compare, threshold_of
from .model import Affects, Area, Change, ChangeSet, Kind

__all__ = ["Affects", "Area", "Change", "ChangeSet", "Kind", "compare", "threshold_of"]
