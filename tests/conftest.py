"""Shared test setup: LibreOffice tests run for real, and in CI they may not skip."""

from __future__ import annotations

import os
import shutil

import pytest


def soffice_or_skip() -> str:
    """Path of soffice; skips locally when missing, fails in CI (where .ci/run installs it)."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) not installed")
    return path


@pytest.fixture
def soffice() -> str:
    return soffice_or_skip()
