"""Shared test setup: LibreOffice tests run for real, and in CI they may not skip."""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

# The long fuzz run (tests/test_fuzz.py): `pytest tests/test_fuzz.py --hypothesis-profile=long` (or XLP_FUZZ=long).
# Registered here because the option is read before test modules are imported. Only tests/test_fuzz.py reads it;
# other hypothesis tests keep their own settings.
settings.register_profile("long", max_examples=200_000, deadline=None, derandomize=False, database=None,
                          suppress_health_check=list(HealthCheck))  # fmt: skip


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
