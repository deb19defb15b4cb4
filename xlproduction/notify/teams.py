"""The call sheet as a Microsoft Teams message: an Adaptive Card posted to a Workflows webhook.

Office 365 connectors (and their MessageCard format) are retired; a Teams channel now receives webhook posts
through a Workflow ("Post to a channel when a webhook request is received"), which reads ``attachments`` and posts
each Adaptive Card. So the payload is ``{"type": "message", "attachments": [{"contentType":
"application/vnd.microsoft.card.adaptive", "content": <card>}]}``, with ``content.type`` exactly "AdaptiveCard"
(anything else makes the flow fail after it has already answered 202). Card version 1.4 is what Teams renders
everywhere. The workflow accepts the post *before* running, so a bad card fails silently in the flow's run
history: the card is kept small (long lists end with "… and N more") and plain (TextBlocks and FactSets only).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .content import Digest

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_VERSION = "1.4"
# Teams refuses messages over about 28 KB (a figure commonly cited; Microsoft's own is not published): at most 40
# lines and 8,000 characters for the scenes, as many for the changes, keep a card well under it.
MAX_ITEMS = 40  # scenes or changes listed on the card; the call sheet has the rest
MAX_TEXT = 300  # characters of one line
MAX_LIST_CHARS = 8000  # characters of one list


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _plain(text: str) -> str:
    """Text a TextBlock shows as typed: Teams reads a little Markdown (a leading "- " is a list, ** bold…)."""
    out = text.replace("\\", "\\\\")
    for ch in ("*", "_", "[", "]", "`", "#"):
        out = out.replace(ch, "\\" + ch)
    return out


def _items(title: str, lines: Sequence[str]) -> list[dict[str, Any]]:
    shown: list[str] = []
    size = 0
    for line in lines[:MAX_ITEMS]:
        line = _cut(line)
        if size + len(line) > MAX_LIST_CHARS:
            break
        shown.append(line)
        size += len(line)
    if len(shown) < len(lines):
        shown.append(f"… and {len(lines) - len(shown)} more: see the call sheet.")
    out: list[dict[str, Any]] = [{"type": "TextBlock", "text": _plain(title), "weight": "Bolder", "wrap": True,
                                  "spacing": "Medium", "separator": True}]  # fmt: skip
    out += [{"type": "TextBlock", "text": _plain(line if line.startswith(("— ", "… ")) else "• " + line),
             "wrap": True, "spacing": "None"} for line in shown]  # fmt: skip
    return out


def card(d: Digest) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": _plain(_cut(d.headline)), "weight": "Bolder", "size": "Large", "wrap": True},
        {"type": "TextBlock", "text": _plain(d.date), "isSubtle": True, "spacing": "None", "wrap": True},
        {"type": "FactSet", "facts": [{"title": _plain(k), "value": _plain(_cut(v.replace("\n", ", ")))}
                                      for k, v in d.facts if k != "Date"]
                                     + [{"title": "Nearest hospital", "value": _plain(_cut(d.hospital))}]},
    ]  # fmt: skip
    body += _items(f"Scenes — {d.scene_total}", d.scenes) if d.scenes else \
        [{"type": "TextBlock", "text": "No scenes scheduled.", "wrap": True}]  # fmt: skip
    if d.changes:
        body += _items("Changes since the last call sheet", d.changes)
    body.append({"type": "TextBlock", "text": _plain(d.footer), "isSubtle": True, "size": "Small", "wrap": True,
                 "separator": True})  # fmt: skip
    return {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
            "version": CARD_VERSION, "body": body}  # fmt: skip


def message(d: Digest) -> dict[str, Any]:
    """The Workflows webhook payload."""
    return {"type": "message", "attachments": [{"contentType": CARD_TYPE, "contentUrl": None, "content": card(d)}]}
