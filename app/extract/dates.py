"""Publication dates: whatever a source wrote, as ISO 8601 (or nothing)."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?Z?$")
# Years outside this range are typing errors or placeholders ("0000-00-00"), not publication dates.
_FIRST_YEAR, _LAST_YEAR = 1800, 2200


def normalize_date(value: object) -> str | None:
    """An ISO 8601 string for a date written in any common way, or ``None`` when it is not a date.

    A date without a time stays a date; a time without an offset stays without one (it is never
    invented).

    >>> normalize_date("2023-06-19T01:21:57Z")
    '2023-06-19T01:21:57+00:00'
    >>> normalize_date("June 18, 2023")
    '2023-06-18'
    >>> normalize_date("Sun, 18 Jun 2023 09:30:00 +0200")
    '2023-06-18T09:30:00+02:00'
    >>> normalize_date("yesterday") is None
    True
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and 1e8 < value < 1e10:
        return datetime.fromtimestamp(value, tz=UTC).isoformat()  # a Unix timestamp
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if _ISO_DATE.match(text):
        return text if _plausible(int(text[:4])) and _valid_date(text) else None
    compact = _COMPACT.match(text)
    if compact:
        y, mo, d, hh, mm, ss = compact.groups()
        text = f"{y}-{mo}-{d}" + (f"T{hh}:{mm}:{ss or '00'}" if hh else "") + ("+00:00" if text.endswith("Z") else "")
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = _parse_loosely(text)
        if parsed is not None and not _has_time(text):
            return parsed.date().isoformat() if _plausible(parsed.year) else None
    if parsed is None or not _plausible(parsed.year):
        return None
    return parsed.isoformat()


def _parse_loosely(text: str) -> datetime | None:
    from dateutil import parser as dateutil_parser  # imported on first use: most dates are ISO 8601

    try:
        # Two defaults that differ in every field tell whether the text gave a day, a month and a year.
        # An unknown zone abbreviation ("EST", "IST": ambiguous) leaves the time without an offset, quietly.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            a = dateutil_parser.parse(text, default=datetime(2000, 1, 1))
            b = dateutil_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None  # an incomplete date ("June 18", "2023") is not a publication date
    return a


def _has_time(text: str) -> bool:
    return bool(re.search(r"\d{1,2}:\d{2}", text))


def _plausible(year: int) -> bool:
    return _FIRST_YEAR <= year <= _LAST_YEAR


def _valid_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True
