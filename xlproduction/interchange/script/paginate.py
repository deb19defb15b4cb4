"""Pages as a printed screenplay counts them, for scripts whose file does not say (every Fountain script).

A scene's length in eighths of a page is a schedule's unit of work, and it is a property of the *printed* script:
12-pt Courier, ten characters to the inch, six lines to the inch, each element wrapped to its standard width, 55
lines to a US Letter page (57 on A4). This module lays the script out the way Final Draft, Fade In and afterwriting
do, closely enough that a scene comes out within an eighth of what they say (the two commercial apps themselves
differ by 0.3 eighth a scene on average, DESIGN/interchange §2.3):

- element widths (characters): action, heading, transition and shot 61 on Letter (58 on A4), character cue 33,
  parenthetical 26, dialogue 36; dual dialogue at three quarters of those, side by side;
- one blank line before every element except the parentheticals and dialogue of a speech; none at the top of a page;
- a scene heading is never left at the foot of a page: it needs two lines of what follows below it;
- action of four lines or more may split leaving at least two lines on each page; shorter action moves whole;
- a speech may split between dialogue lines, with at least two lines on each side: ``(MORE)`` ends the page and
  ``NAME (CONT'D)`` starts the next, each a line;
- Fountain's ``===`` starts a new page.

A scene runs from its heading to the next heading, so the space a page leaves empty below a scene counts to that
scene, and the scenes' eighths add up to the script's pages. Eighths are rounded to the nearest, at least one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .fountain import plain
from .model import UNPRINTED, Element, Kind


@dataclass(frozen=True, slots=True)
class Paper:
    name: str
    lines_per_page: int
    full_width: int  # action, scene heading, transition, shot, centred text, lyrics
    cue: int = 33
    parenthetical: int = 26
    dialogue: int = 36
    dual_factor: float = 0.75


LETTER = Paper("Letter", 55, 61)
A4 = Paper("A4", 57, 58)


def paper_for(name: str | None) -> Paper:
    """Letter unless the name says A4 (Settings → Paper Size, or the FDX page layout)."""
    return A4 if (name or "").strip().casefold() == "a4" else LETTER


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where every element starts on the printed script."""

    paper: Paper
    pages: int
    # Per element: (page, line on the page), both from 1. An unprinted element (section, synopsis, page break)
    # takes the place of the next printed line.
    starts: tuple[tuple[int, int], ...]
    end: int  # the absolute line just after the last printed line: (page - 1) * lines_per_page + line

    def absolute(self, index: int) -> int:
        page, line = self.starts[index]
        return (page - 1) * self.paper.lines_per_page + line - 1

    def eighths(self, lines: int) -> int:
        """Lines of a page in eighths: nearest eighth, at least one."""
        return max(1, int(lines * 8 / self.paper.lines_per_page + 0.5))


def wrapped(text: str, width: int) -> int:
    """How many printed lines ``text`` takes at ``width`` characters: words wrap at spaces, a word longer than a
    line breaks where the line ends, and the text's own line breaks stay."""
    n = 0
    for line in text.split("\n"):
        length = len(line)
        if length <= width:
            n += 1
            continue
        count, used = 1, 0
        for word in line.split():
            w = len(word)
            if used == 0:
                while w > width:  # a word longer than the line
                    count += 1
                    w -= width
                used = w
            elif used + 1 + w <= width:
                used += 1 + w
            else:
                count += 1
                while w > width:
                    count += 1
                    w -= width
                used = w
        n += count
    return n


_SPEECH = frozenset({Kind.PARENTHETICAL, Kind.DIALOGUE})


@dataclass(slots=True)
class _Block:
    first: int  # index of its first element
    kinds: list[str]  # one entry per printed line: "cue", "paren", "dialogue", "action", "other"
    offsets: list[tuple[int, int]]  # (element index, line offset within the block) for each element it holds
    kind: Kind
    dual: bool = False


def _blocks(elements: tuple[Element, ...], paper: Paper, fountain: bool) -> list[_Block | int]:
    """The script as blocks to lay out; an int stands for a forced page break at that element."""
    out: list[_Block | int] = []
    i, n = 0, len(elements)

    def text(e: Element) -> str:
        return plain(e.text) if fountain else e.text

    while i < n:
        e = elements[i]
        if e.kind is Kind.PAGE_BREAK:
            out.append(i)
            i += 1
            continue
        if e.kind in UNPRINTED:
            i += 1
            continue
        if e.kind is Kind.CHARACTER:
            left, i = _speech(elements, i, paper, text, 1.0)
            if i < n and elements[i].kind is Kind.CHARACTER and elements[i].dual:
                # Dual dialogue: both speeches side by side, narrower; the pair takes the taller one's lines.
                left, _ = _speech(elements, left.first, paper, text, paper.dual_factor)
                right, i = _speech(elements, i, paper, text, paper.dual_factor)
                height = max(len(left.kinds), len(right.kinds))
                left.kinds += ["dialogue"] * (height - len(left.kinds))
                left.offsets += [(idx, min(off, height - 1)) for idx, off in right.offsets]
                left.dual = True
            out.append(left)
            continue
        if e.kind in _SPEECH:  # a parenthetical or dialogue without a cue (FDX allows it): printed as speech
            lines = wrapped(text(e), paper.dialogue if e.kind is Kind.DIALOGUE else paper.parenthetical)
            out.append(_Block(i, ["dialogue"] * lines, [(i, 0)], Kind.DIALOGUE))
            i += 1
            continue
        lines = wrapped(text(e), paper.full_width) if e.text.strip() else 1
        kind = "action" if e.kind in (Kind.ACTION, Kind.SHOT) else "other"
        out.append(_Block(i, [kind] * lines, [(i, 0)], e.kind))
        i += 1
    return out


def _speech(elements: tuple[Element, ...], i: int, paper: Paper, text: Callable[[Element], str],
            factor: float) -> tuple[_Block, int]:  # fmt: skip
    cue = elements[i]
    block = _Block(i, ["cue"] * wrapped(text(cue), int(paper.cue * factor)), [(i, 0)], Kind.CHARACTER, cue.dual)
    i += 1
    while i < len(elements) and elements[i].kind in _SPEECH | {Kind.SECTION, Kind.SYNOPSIS}:
        e = elements[i]
        if e.kind in _SPEECH:
            paren = e.kind is Kind.PARENTHETICAL
            width = int((paper.parenthetical if paren else paper.dialogue) * factor)
            block.offsets.append((i, len(block.kinds)))
            block.kinds += ["paren" if paren else "dialogue"] * wrapped(text(e), width)
        i += 1
    return block, i


def paginate(elements: tuple[Element, ...], paper: Paper = LETTER, fountain: bool = True) -> Pagination:
    """Lay the script out on ``paper``; where each element starts and how many pages it takes."""
    lpp = paper.lines_per_page
    starts: list[tuple[int, int] | None] = [None] * len(elements)
    page, used = 1, 0  # lines used on the current page
    blocks = _blocks(elements, paper, fountain)
    for bi, block in enumerate(blocks):
        if isinstance(block, int):  # forced page break
            if used:
                page, used = page + 1, 0
            continue
        gap = 1 if used and not (block.kind is Kind.DIALOGUE and _after_speech(blocks, bi)) else 0
        height = len(block.kinds)
        if block.kind is Kind.HEADING:
            follow = _next_lines(blocks, bi)
            if used and used + gap + height + (1 + follow if follow else 0) > lpp:
                page, used, gap = page + 1, 0, 0
        if used + gap + height <= lpp:
            _place(block, starts, page, used + gap, 0, height)
            used += gap + height
            continue
        # The block does not fit: split it if the rules allow, else start it on the next page.
        room = lpp - used - gap
        k = _split_at(block, room) if used else None
        if k is None:
            if used:
                page, used, gap = page + 1, 0, 0
            k = 0
        else:
            _place(block, starts, page, used + gap, 0, k)
            page, used = page + 1, 0
        # What is left starts a page (speech resumes under NAME (CONT'D)); a block taller than a page runs on.
        rest = height - k
        cont = 1 if (k and block.kind is Kind.CHARACTER) else 0
        offset = k
        while rest + cont > lpp:
            take = lpp - cont - (1 if block.kind is Kind.CHARACTER else 0)
            _place(block, starts, page, cont, offset, take)
            offset += take
            rest -= take
            page, used = page + 1, 0
            cont = 1 if block.kind is Kind.CHARACTER else 0
        _place(block, starts, page, cont, offset, rest)
        used = cont + rest
    # Unprinted elements stand where the next printed line goes.
    nxt = (page, used + 1) if used else (page, 1)
    for i in range(len(elements) - 1, -1, -1):
        if starts[i] is None:
            starts[i] = nxt
        else:
            nxt = starts[i]  # type: ignore[assignment]
    end = (page - 1) * lpp + used
    return Pagination(paper, page if used or page == 1 else page - 1, tuple(starts), end)  # type: ignore[arg-type]


def _after_speech(blocks: list[_Block | int], bi: int) -> bool:
    prev = blocks[bi - 1] if bi else None
    return isinstance(prev, _Block) and prev.kind in (Kind.CHARACTER, Kind.DIALOGUE)


def _next_lines(blocks: list[_Block | int], bi: int) -> int:
    """Lines of what follows a heading that must stay on its page: two, or fewer if the next block is shorter."""
    if bi + 1 < len(blocks) and isinstance(blocks[bi + 1], _Block):
        nxt = blocks[bi + 1]
        return min(2, len(nxt.kinds)) if nxt.kind is not Kind.HEADING else 0  # type: ignore[union-attr]
    return 0


def _split_at(block: _Block, room: int) -> int | None:
    """How many of the block's lines go on this page when it is split to fit ``room`` lines, or None."""
    n = len(block.kinds)
    if block.kind in (Kind.ACTION, Kind.SHOT):
        if n < 4:
            return None
        k = min(room, n - 2)
        return k if k >= 2 else None
    if block.kind is Kind.CHARACTER and not block.dual:
        # (MORE) takes a line here; break after a dialogue line, two lines of speech on each side of the break.
        for k in range(min(room - 1, n - 2), 0, -1):
            spoken = sum(1 for x in block.kinds[:k] if x != "cue")
            if spoken >= 2 and block.kinds[k - 1] == "dialogue" and block.kinds[k] in ("dialogue", "paren"):
                return k
        return None
    return None


def _place(block: _Block, starts: list[tuple[int, int] | None], page: int, line0: int, offset: int,
           count: int) -> None:  # fmt: skip
    """Record the start of every element of the block whose first line is among lines offset..offset+count."""
    for idx, off in block.offsets:
        if offset <= off < offset + count and starts[idx] is None:
            starts[idx] = (page, line0 + off - offset + 1)
    if offset == 0 and starts[block.first] is None:
        starts[block.first] = (page, line0 + 1)
