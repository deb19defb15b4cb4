"""The ribbon add-in: built from macros/ on Linux and verified as far as possible without Excel.

Proven here: the package's content types and relationships, the ribbon XML and that each of its callbacks is a
sub of the VBA module, the VBA modules re-extracted by oletools equal to the sources byte for byte, the VBA
compressor against an independent decompressor, and LibreOffice (a third, independent MS-OVBA reader) opening the
workbook form and listing the modules with their code. Not provided here: Excel loading the project and showing
the ribbon (README, "What is verified").
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from xlproduction.excel.build_addin import (
    MACROS,
    build_addin,
    extract_modules,
    module_sources,
    ribbon_callbacks,
    ribbon_subs,
    verify_addin,
)
from xlproduction.excel.entry_points import BUTTONS
from xlproduction.excel.vbaproject import compress


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "xlproduction.xlam")


def test_built_addin_verifies(addin: Path) -> None:
    v = verify_addin(addin)
    assert v.ok, v.problems
    assert set(v.modules) == {"ThisWorkbook", "Sheet1", "XlProductionRibbon"}
    assert len(v.callbacks) == 19  # one per button: Publish, the interchange, logistics and Optimize ones included


def test_modules_round_trip_byte_for_byte(addin: Path) -> None:
    with zipfile.ZipFile(addin) as z:
        modules = extract_modules(z.read("xl/vbaProject.bin"))
    for src in module_sources():
        assert modules[src.stem] == src.read_bytes()
        assert src.read_bytes().count(b"\r\n") == src.read_bytes().count(b"\n")  # CRLF, as VBA stores it


def test_every_ribbon_button_calls_an_existing_sub_and_entry_point() -> None:
    callbacks = ribbon_callbacks((MACROS / "customUI.xml").read_bytes())
    code = (MACROS / "XlProductionRibbon.bas").read_text("cp1252")
    subs = ribbon_subs(code)
    assert {cb.split(".")[1] for cb in callbacks} == subs
    called = set(re.findall(r'RunEntryPoint "(\w+)"', code))
    assert called == set(BUTTONS), "every VBA sub runs an entry point, every entry point has a button"
    labels = re.findall(r'<group id="\w+" label="([^"]+)"', (MACROS / "customUI.xml").read_text())
    assert labels == ["Script", "Check", "Call sheets", "Reports", "Schedule &amp; tasks", "Logistics", "Finance"]


def test_verification_catches_a_broken_build(addin: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlam"
    with zipfile.ZipFile(addin) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "customUI/customUI.xml":
                data = data.replace(b"XlProductionRibbon.OnDood", b"XlProductionRibbon.OnDoodle")
            if name != "xl/styles.xml":
                dst.writestr(name, data)
    macros = tmp_path / "macros"
    macros.mkdir()
    for src_file in MACROS.iterdir():
        if src_file.is_file():
            (macros / src_file.name).write_bytes(src_file.read_bytes())
    (macros / "customUI.xml").write_bytes((MACROS / "customUI.xml").read_bytes().replace(b"OnDood", b"OnDoodle"))
    problems = " ".join(verify_addin(bad, macros).problems)
    assert "OnDoodle" in problems and "xl/styles.xml" in problems


def test_compressor_against_an_independent_decompressor() -> None:
    """The MS-OVBA compressor (replacing ms-ovba-compression 1.0.1's, whose long matches corrupt modules)."""
    from oletools.olevba import decompress_stream

    samples = [b"", b"a", b"abcabcabc", (MACROS / "XlProductionRibbon.bas").read_bytes() * 7, os.urandom(5000),
               b"x" * 10_000, b"Sub A()\r\nEnd Sub\r\n" * 600]  # fmt: skip
    for data in samples:
        assert bytes(decompress_stream(bytearray(compress(data)))) == data


def test_the_build_leaves_nothing_beside_its_sources(addin: Path) -> None:
    assert sorted(p.name for p in MACROS.iterdir()) == [".gitattributes", "XlProductionRibbon.bas", "customUI.xml"]


@pytest.mark.libreoffice
def test_libreoffice_opens_it_and_lists_the_modules(soffice: str, tmp_path: Path) -> None:
    """LibreOffice has no add-in import, so it opens the .xlsm form (the same parts, typed as a workbook) and
    saves it as .ods, whose Basic library holds each VBA module it read."""
    xlsm = build_addin(tmp_path / "xlproduction.xlsm", standalone=True)
    assert verify_addin(xlsm, standalone=True).ok
    profile = tmp_path / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", "ods", "--outdir", str(tmp_path / "out"), str(xlsm)]  # fmt: skip
    subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    ods = tmp_path / "out" / "xlproduction.ods"
    assert ods.is_file(), "LibreOffice could not open the macro-enabled workbook"
    with zipfile.ZipFile(ods) as z:
        listed = z.read("Basic/VBAProject/script-lb.xml").decode()
        module = z.read("Basic/VBAProject/XlProductionRibbon.xml").decode()
    for name in ("ThisWorkbook", "Sheet1", "XlProductionRibbon"):
        assert f'library:name="{name}"' in listed
    body = html.unescape(module.split(">", 2)[2].rsplit("</script:module>", 1)[0])
    source = (MACROS / "XlProductionRibbon.bas").read_text("cp1252").replace("\r\n", "\n")
    # LibreOffice drops the Attribute line and adds its own two VBA-mode lines; the code is the same.
    assert body.split("Option VBASupport 1\n", 1)[1].rstrip("\n") == source.split("\n", 1)[1].rstrip("\n")


def test_build_addin_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xlproduction.cli import app

    out = tmp_path / "xlproduction.xlam"
    result = CliRunner().invoke(app, ["build-addin", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "byte for byte" in " ".join(result.output.split())
