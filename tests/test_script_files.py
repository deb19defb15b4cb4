"""What is not a script, or not a safe one, is refused with what to export instead; the paginator's rules on
hand-made pages; the command line; and the script package's import contract (no workbook engine)."""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlproduction.cli import app
from xlproduction.interchange.script import Element, Kind, ScriptUnreadable, breakdown, parse_script, read_script
from xlproduction.interchange.script.paginate import A4, LETTER, paginate, wrapped

FIXTURES = Path(__file__).parent / "fixtures" / "scripts"
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF"),
        (_docx(), "Word document (.docx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word 97"),
        (b"{\\rtf1\\ansi INT. HOUSE - DAY}", "Rich Text"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "binary file"),
        (b"<?xml version='1.0'?><html><body>INT. HOUSE</body></html>", "web page"),
        (b"<?xml version='1.0'?><screenplay/>", "not a Final Draft script"),
    ],
)
def test_not_a_script_is_refused_with_what_to_export(data: bytes, says: str) -> None:
    with pytest.raises(ScriptUnreadable) as e:
        parse_script(data, "draft")
    assert says in str(e.value) and "draft" in str(e.value)
    assert "Fountain" in str(e.value) or "Final Draft" in str(e.value)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<FinalDraft DocumentType="Script" Version="4"><Content><Paragraph Type="Action"><Text>&lol2;</Text></Paragraph>
</Content></FinalDraft>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE fd [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<FinalDraft DocumentType="Script" Version="4"><Content><Paragraph Type="Action"><Text>&xxe;</Text></Paragraph>
</Content></FinalDraft>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE FinalDraft SYSTEM "fd.dtd">
<FinalDraft DocumentType="Script" Version="4"><Content/></FinalDraft>"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL, DTD_ONLY])
def test_fdx_with_a_dtd_or_entities_is_refused(data: bytes) -> None:
    with pytest.raises(ScriptUnreadable, match="refused") as e:
        parse_script(data, "evil.fdx")
    assert "/etc/passwd" not in str(e.value) and "root:" not in str(e.value)


def test_damaged_fdx_names_the_line() -> None:
    good = (FIXTURES / "rosies.fdx").read_bytes()
    with pytest.raises(ScriptUnreadable, match=r"cut\.fdx, line \d+, column \d+: not well-formed XML"):
        parse_script(good[: len(good) // 2], "cut.fdx")


def test_empty_file_and_no_headings_are_findings_not_crashes() -> None:
    for data in (b"", b"\n\n  \n", b"Just some prose, no scene headings at all.\n"):
        b = breakdown(parse_script(data, "empty.fountain"))
        assert not b.scenes and [f.code for f in b.findings] == ["SP001"]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScriptUnreadable, match="no such file"):
        read_script(tmp_path / "nope.fountain")
    with pytest.raises(ScriptUnreadable, match="folder"):
        read_script(tmp_path)


def test_fdx_renamed_txt_still_reads(tmp_path: Path) -> None:
    p = tmp_path / "script.txt"
    p.write_bytes((FIXTURES / "rosies.fdx").read_bytes())
    assert read_script(p).format == "fdx"


# --- the paginator -------------------------------------------------------------------------------------------


def test_wrapping_counts_printed_lines() -> None:
    assert wrapped("short", 61) == 1
    assert wrapped("word " * 30, 61) == 3  # 150 characters at 61 a line
    assert wrapped("x" * 130, 61) == 3  # a word longer than a line breaks where the line ends
    assert wrapped("one\ntwo\nthree", 61) == 3  # the text's own line breaks stay


def _h(text: str) -> Element:
    return Element(Kind.HEADING, text, 0)


def test_a_page_holds_55_lines_on_letter_and_57_on_a4() -> None:
    # A heading, then 26 one-line action paragraphs: 1 + 26 * 2 = 53 lines, then a heading that needs 2 more
    # lines below it than the page has: it moves to page 2 instead of being left alone at the foot.
    els = [_h("INT. A - DAY"), *[Element(Kind.ACTION, "x", 0)] * 26, _h("INT. B - DAY"), Element(Kind.ACTION, "y", 0)]
    p = paginate(tuple(els), LETTER)
    assert p.starts[0] == (1, 1) and p.starts[26] == (1, 53)
    assert p.starts[27] == (2, 1) and p.pages == 2
    a4 = paginate(tuple(els), A4)
    assert a4.starts[27] == (1, 55) and a4.pages == 1  # A4's two extra lines hold the heading and its action
    # Scene A runs from its heading to B's: a whole Letter page (8/8) on Letter, 54 lines (8/8) on A4.
    assert p.eighths(p.absolute(27) - p.absolute(0)) == 8


def test_dialogue_splits_with_more_and_contd() -> None:
    # 49 lines of action fill most of page 1; a 10-line speech splits: its cue and 3 lines (51-54) and (MORE) on
    # line 55 end the page, NAME (CONT'D) and the 7 other lines start page 2.
    els = [Element(Kind.ACTION, "\n".join(["x"] * 49), 0), Element(Kind.CHARACTER, "ROSIE", 0),
           Element(Kind.DIALOGUE, "\n".join(["line"] * 10), 0), Element(Kind.ACTION, "after", 0)]  # fmt: skip
    p = paginate(tuple(els), LETTER)
    assert p.starts[1] == (1, 51)  # blank line at 50, cue at 51
    assert p.starts[3] == (2, 1 + 7 + 1 + 1)  # CONT'D cue, 7 remaining lines, blank, then the action
    # Without room for two lines of speech and (MORE), the whole speech moves.
    els2 = [Element(Kind.ACTION, "\n".join(["x"] * 51), 0), *els[1:]]  # room for the cue and 2 lines, no (MORE)
    p2 = paginate(tuple(els2), LETTER)
    assert p2.starts[1] == (2, 1)


def test_forced_page_break_and_short_action_moves_whole() -> None:
    els = [Element(Kind.ACTION, "\n".join(["x"] * 53), 0), Element(Kind.ACTION, "a\nb\nc", 0),
           Element(Kind.PAGE_BREAK, "", 0), Element(Kind.ACTION, "z", 0)]  # fmt: skip
    p = paginate(tuple(els), LETTER)
    assert p.starts[1] == (2, 1)  # three lines never split
    assert p.starts[3] == (3, 1) and p.pages == 3


# --- the command line ----------------------------------------------------------------------------------------


def test_cli_json_is_exactly_the_documented_shape() -> None:
    cyber_bob = FIXTURES / "earthbound19_ebScreenplays__Cyber_Bob_ep00001.fountain"
    r = runner.invoke(app, ["script", "breakdown", str(cyber_bob), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) == {"title", "pages", "scenes", "characters"}
    assert data["pages"] == 5.375 and len(data["scenes"]) == 3
    assert set(data["scenes"][0]) == {"scene", "ie", "set", "dn", "eighths", "script_page", "characters", "synopsis"}
    assert data["scenes"][2] | {"synopsis": ""} == {"scene": "3", "ie": "INT", "set": "TRAFFIC LIGHT HORIZONTAL BEAM",
                                                    "dn": "NIGHT", "eighths": 23, "script_page": "3",
                                                    "characters": ["DOG", "CYBER BOB"], "synopsis": ""}  # fmt: skip
    assert data["characters"][0] == {"name": "CYBER BOB", "scenes": 2}


def test_cli_table_and_exit_codes(tmp_path: Path) -> None:
    r = runner.invoke(app, ["script", "breakdown", str(FIXTURES / "rosies.fdx")])
    assert r.exit_code == 0, r.output
    assert "STATION" in r.output and "1 3/8" in r.output and "SP002" in r.output
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(b"%PDF-1.4 whatever")
    r = runner.invoke(app, ["script", "breakdown", str(pdf)])
    assert r.exit_code == 2 and "is a PDF" in r.output and "Traceback" not in r.output
    dup = FIXTURES / "nyousefi_Fountain__SceneNumbers.fountain"
    r = runner.invoke(app, ["script", "breakdown", str(dup), "--format", "json"])
    assert r.exit_code == 1 and json.loads(r.stdout)["scenes"][0]["scene"] == "1"
    assert "SP004" in r.stderr


# --- the import contract -------------------------------------------------------------------------------------

FORBIDDEN = ("openpyxl", "xlwings", "python_calamine", "lxml", "xlproduction.workbook", "xlproduction.excel",
             "xlproduction.jobs", "xlproduction.cli")  # fmt: skip


def test_script_package_imports_no_engine() -> None:
    package = ROOT / "xlproduction" / "interchange"
    for f in package.rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                depth = len(f.relative_to(ROOT).parts) - 1 - node.level  # resolve relative imports
                base = ".".join(f.relative_to(ROOT).parts[: depth + 1]) if node.level else ""
                names = [f"{base}.{node.module}" if node.level and node.module else node.module or base]
            for n in names:
                assert not n.startswith(FORBIDDEN), f"{f.relative_to(ROOT)} imports {n}"
    code = ("import sys, xlproduction.interchange.script as s; s.breakdown(s.read_script(sys.argv[1])); "
            f"print([m for m in {FORBIDDEN!r} if m in sys.modules])")  # fmt: skip
    r = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "rosies.fdx")], capture_output=True, text=True,
                       cwd=ROOT, check=True)  # fmt: skip
    assert r.stdout.strip() == "[]"
