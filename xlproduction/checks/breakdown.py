"""The breakdown beyond the Scenes table: elements (props, vehicles, special needs…) must belong to real scenes.

An Elements row names its scene by number; when that scene is renumbered or cut, the prop silently drops off every
call sheet. The Elements table is optional: a workbook without it has nothing to check.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.findings import Finding
from ..model.production import Production
from .locate import at_rows
from .references import _unknown, known_keys, maybe_unknown
from .registry import rule


@rule("EL001", "element-scene-unknown", "A breakdown element belongs to a scene that is not in the Scenes table.",
      tables=("Elements",))
def element_scene_unknown(p: Production) -> Iterator[Finding]:
    """
    **What it does.** Checks the Scene of every Elements row against the Scenes table.

    **Why it matters.** The call sheet lists each scene's props, vehicles and special needs from the Elements
    table: an element whose scene is not in the breakdown is never printed, so nobody brings it.

    **Example.** The Elements table lists `Hero cash box` (Props) for scene `41B`, but the breakdown has no 41B (it
    was renumbered 41A in the last revision).

    **Fix.** Correct the element's Scene, add the scene to Scenes, or delete the element if the scene was cut.
    """
    if "Elements" not in p.tables:
        return
    el = p.df("Elements")
    if el.empty or not maybe_unknown(el["scene"], known_keys(p, "Scenes", "scene")):
        return
    bad = el[_unknown(el["scene"], p.scenes["scene"])]
    yield from at_rows(p, element_scene_unknown.info, "Elements", bad, "scene",
                       "{category} element '{element}' belongs to scene {scene}, which is not in the Scenes table.",
                       "Correct the scene number, add scene {scene} to Scenes, or delete the element.")


RULES = (element_scene_unknown,)
