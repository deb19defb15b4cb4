"""The call sheet as Slack messages: Block Kit for an incoming webhook, within Slack's limits.

An incoming webhook posts to the one channel it was made for; its JSON is ``{"text", "blocks"}``, where ``text`` is
what a phone's notification and a screen reader show. Slack refuses (HTTP 400) a message over its limits, and a
call sheet's scene list and a week's changes can pass them, so everything is cut to fit: a header of at most 150
characters, at most 10 fields of at most 2,000, section text of at most 3,000 (long lists are split between
sections at line ends, never inside a line), at most 50 blocks and about 12,000 characters of block text per
message (Slack's undocumented total, ``msg_blocks_too_long``, is near 13,000) — beyond that, further messages
follow, each saying which part it is. Text typed in the workbook is escaped (``&``, ``<``, ``>``), so a set called
"<BACK LOT>" is printed, not taken for a link or a mention.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .content import Digest

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FIELD = 2000
MAX_FIELDS = 10
MAX_MESSAGE_TEXT = 12_000  # block text per message, under Slack's undocumented ~13,000 (msg_blocks_too_long)
MAX_FALLBACK = 3000


def escape(text: str) -> str:
    """Slack's three control characters, as its docs say to escape them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _chunks(lines: Iterable[str], limit: int) -> list[str]:
    """Lines joined into texts of at most ``limit`` characters, split between lines (a longer line is cut)."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = _cut(line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _list_blocks(title: str, lines: Iterable[str]) -> list[dict[str, Any]]:
    """A titled list as sections of at most 3,000 characters; the title heads the first."""
    # A banner (— LUNCH —) stands as it is between the strips; every other line is an item.
    escaped = [escape(line) if line.startswith("— ") else f"• {escape(line)}" for line in lines]
    chunks = _chunks([f"*{escape(title)}*", *escaped], MAX_SECTION)
    return [_section(c) for c in chunks]


def _text_size(block: dict[str, Any]) -> int:
    size = 0
    text = block.get("text")
    if isinstance(text, dict):
        size += len(text.get("text", ""))
    for f in block.get("fields", ()):
        size += len(f.get("text", ""))
    for e in block.get("elements", ()):
        size += len(e.get("text", ""))
    return size


def blocks(d: Digest) -> list[dict[str, Any]]:
    """Every block of the call sheet's message, in order (before splitting into messages)."""
    out: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(d.headline, MAX_HEADER), "emoji": False}},
    ]
    fields = [{"type": "mrkdwn", "text": _cut(f"*{escape(k)}*\n{escape(v)}", MAX_FIELD)} for k, v in d.facts]
    fields.append({"type": "mrkdwn", "text": _cut(f"*Nearest hospital*\n{escape(d.hospital)}", MAX_FIELD)})
    for i in range(0, len(fields), MAX_FIELDS):
        out.append({"type": "section", "fields": fields[i : i + MAX_FIELDS]})
    out.append({"type": "divider"})
    out += _list_blocks(f"Scenes — {d.scene_total}", d.scenes) if d.scenes else [_section("*Scenes*\nnone scheduled")]
    if d.changes:
        out.append({"type": "divider"})
        out += _list_blocks("Changes since the last call sheet", d.changes)
    out.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(d.footer)}]})
    return out


def messages(d: Digest) -> list[dict[str, Any]]:
    """The webhook payloads, in posting order: one message when it fits, else several, each within the limits."""
    all_blocks = blocks(d)
    groups: list[list[dict[str, Any]]] = [[]]
    size = 0
    for b in all_blocks:
        n = _text_size(b)
        # Room for a "part i of n" context block in each message.
        if groups[-1] and (len(groups[-1]) >= MAX_BLOCKS - 1 or size + n > MAX_MESSAGE_TEXT):
            groups.append([])
            size = 0
        groups[-1].append(b)
        size += n
    fallback = _cut(d.fallback, MAX_FALLBACK)
    if len(groups) == 1:
        return [{"text": fallback, "blocks": groups[0]}]
    out: list[dict[str, Any]] = []
    for i, g in enumerate(groups, 1):
        part = f"Part {i} of {len(groups)}"
        if i > 1:
            g = [{"type": "context", "elements": [{"type": "mrkdwn", "text": escape(f"{d.headline} ({part})")}]}, *g]
        else:
            g = [*g, {"type": "context", "elements": [{"type": "mrkdwn", "text": f"{part}: continued below"}]}]
        out.append({"text": _cut(f"{fallback} ({part})", MAX_FALLBACK), "blocks": g})
    return out
