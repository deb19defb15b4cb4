"""Export Trello: the prep tasks as cards on a Trello board through its REST API, or as the same cards in a JSON
file (the job behind `xlproduction export trello`).

The key and token come from the environment only (``XLPRODUCTION_TRELLO_KEY``, ``XLPRODUCTION_TRELLO_TOKEN``); the
API address from ``XLPRODUCTION_TRELLO_API`` or the caller (a test server), https unless it is this machine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..interchange.tasks.trello import API, Card, SyncResult, TrelloClient, cards, sync
from .source import Source

KEY_ENV, TOKEN_ENV, API_ENV = "XLPRODUCTION_TRELLO_KEY", "XLPRODUCTION_TRELLO_TOKEN", "XLPRODUCTION_TRELLO_API"


@dataclass(frozen=True)
class TrelloResult:
    cards: list[Card]
    synced: SyncResult | None = None
    json_path: Path | None = None


def export_trello(source: Source, board: str | None, *, json_path: Path | None = None, group: str = "department",
                  api: str | None = None, env: Mapping[str, str] | None = None) -> TrelloResult:  # fmt: skip
    """Send the tasks to ``board`` (or, with ``json_path``, write the cards there instead)."""
    from ..workbook.safe_write import atomic_save

    env = os.environ if env is None else env
    with source.step(f"Reading {source.name}"):
        p = source.read(("Tasks",))
    wanted = cards(p, group)
    if json_path is not None:
        data = json.dumps({"board": board, "cards": [c.as_json() for c in wanted]}, ensure_ascii=False, indent=2)
        written = atomic_save(lambda tmp: Path(tmp).write_text(data + "\n", encoding="utf-8"), Path(json_path))
        return TrelloResult(wanted, json_path=written)
    assert board
    client = TrelloClient(env.get(KEY_ENV, ""), env.get(TOKEN_ENV, ""), api or env.get(API_ENV) or API)
    with source.step(f"Sending {len(wanted)} cards to Trello"):
        synced = sync(client, board, wanted)
    return TrelloResult(wanted, synced)
