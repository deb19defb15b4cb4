"""Keeping phone numbers and e-mail addresses out of messages: findings, errors, alerts and logs.

Findings are printed to terminals and CI logs, written into the Issues tab of a workbook that travels, pasted
into bug reports. A finding names the *cell* to fix, so it never needs the personal value in it; the rules about
phones and emails are written that way (xlproduction.checks.people). But a value can still reach a message by
another road: a phone typed into a date column ("expected a date, found '+1 310 555 0101'"), an address pasted
into a rate, an exception text quoting a cell. ``redact`` is the last filter on those roads: every finding's
message and hint goes through it (``RuleInfo.finding``), and so does every error line the command line prints.

What counts as a phone number is deliberately broad (a coordinator's "(310) 555-0101 x12", "+44 20 7946 0958",
"310.555.0101") and what is kept deliberately narrow: dates (2027-03-01, 03/01/2027), times, money with thousands
separators, and identifiers glued to letters (T-2027-000123) are left as they are. An e-mail address is anything
with an @ after a non-space run (``ana@``, ``ana@example``); ``@SUM(1)`` or a handle is not one.
"""

from __future__ import annotations

import re

PHONE_MASK = "[phone]"
EMAIL_MASK = "[email]"

_EMAIL = re.compile(r"[^\s@'\"<>()\[\],;:]+@+(?:[^\s@'\"<>()\[\],;:]*[^\s@'\"<>()\[\],;:.])?")
# A run of digits with the separators phones are written with; a leading + or an opening parenthesis may start it.
_PHONE = re.compile(r"(?<![\w\-./:])(?:\+|\(\s*)?\d[\d\s().\-/]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?(?![\w\-/:])",
                    re.IGNORECASE)  # fmt: skip
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_DECIMAL = re.compile(r"\d+\.\d+")


def _phone_like(text: str) -> bool:
    """Whether a run of digits and separators is a phone number rather than a date, an amount or a list."""
    core = text.strip()
    groups = re.findall(r"\d+", core.split("x")[0].split("X")[0].split("ext")[0])
    digits = sum(map(len, groups))
    if not 7 <= digits <= 17:
        return False
    if core.startswith("+"):
        return True
    if _DATE.fullmatch(core) or _DECIMAL.fullmatch(core):
        return False
    if len(groups) == 1:
        return digits >= 10  # 3105550101; a shorter bare number is an amount or an identifier
    # "310 555 0101", "(310) 555-0101"; not "1 2 3 4 5 6 7" (a list of scenes) nor "12 14 15 16".
    return len(groups) <= 5 and max(map(len, groups)) >= 3


_NO_DIGITS = str.maketrans("", "", "0123456789")


def redact(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers replaced by [email] and [phone]."""
    if not text:
        return text
    out = _EMAIL.sub(EMAIL_MASK, text) if "@" in text else text
    if len(out) - len(out.translate(_NO_DIGITS)) >= 7:  # fewer than seven digits cannot be a phone number
        out = _PHONE.sub(lambda m: PHONE_MASK if _phone_like(m[0]) else m[0], out)
    return out
