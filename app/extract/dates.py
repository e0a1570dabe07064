"""Publication dates: whatever a source wrote, as ISO 8601 (or nothing)."""

from __future__ import annotations

import re
import time
import warnings
from datetime import UTC, date, datetime, timedelta, timezone

from app.extract.patterns import LazyPattern

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


#: Month names and abbreviations, as the loose parser (python-dateutil) knows them.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?"
_CLOCK = (
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>(?i:am|pm)))?"
    r"(?:\s*(?P<zone>GMT[+-]\d{4}|[A-Z]{1,5}|[+-]\d{2}:?\d{2}))?"
)
_DAY_MONTH_YEAR = r"(?P<d>\d{1,2})\s+(?P<mo>[a-zA-Z]{3,9})\.?,?\s+(?P<y>\d{4})"
_MONTH_DAY_YEAR = r"(?P<mo>[a-zA-Z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
_UTC_NAMES = ("UTC", "GMT", "Z")
#: The common shapes of dates written out: "Mon, 18 Nov 2019 16:07:38 -0600" (RFC 2822), "19 Nov 2019 07:09 GMT",
#: "November 19, 2019, 07:47 PM EST", "Tue Nov 19 2019 03:05:46 GMT+0000" (JavaScript), "2019-11-18 17:19:53 GMT",
#: "05/29/2007 09:49" (month first), "01:38:07 PM IST Nov 20, 2019".
_COMMON_SHAPES = (
    *(
        LazyPattern(_WEEKDAY + day + r"(?:,?\s+" + _CLOCK + ")?$")
        for day in (
            _DAY_MONTH_YEAR,
            _MONTH_DAY_YEAR,
            r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})",
            r"(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})",
        )
    ),
    LazyPattern(_CLOCK + r"\s+" + _MONTH_DAY_YEAR + "$"),
)


def _parse_common(text: str) -> datetime | None:
    """A date in one of :data:`_COMMON_SHAPES`, read as python-dateutil reads it, or ``None`` for
    anything else. An unknown zone abbreviation ("EST", "IST": ambiguous) leaves the time without an
    offset; "GMT+0300" is three hours ahead of UTC, as JavaScript writes it (dateutil reads that
    sign the other way)."""
    for shape in _COMMON_SHAPES:
        match = shape.match(text)
        if match is not None:
            break
    else:
        return None
    month_text, day_number = match["mo"], int(match["d"])
    if month_text.isdigit():
        month = int(month_text)
        if month > 12 and day_number <= 12 and "/" in text:
            month, day_number = day_number, month  # "29/05/2007": the day came first
    else:
        month = _MONTHS.get(month_text.lower(), 0)
    zone = match["zone"]
    if zone is not None and zone not in _UTC_NAMES and zone.isalpha() and zone in time.tzname:
        return None  # the name of the machine's own zone: the loose parser reads it so
    try:
        day = date(int(match["y"]), month, day_number)
    except ValueError:
        return None
    if match["h"] is None:
        return datetime(day.year, day.month, day.day)
    hour, minute, second = int(match["h"]), int(match["mi"]), int(match["s"] or 0)
    ampm = match["ampm"]
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    tz: timezone | None = None
    if zone is not None:
        if zone in _UTC_NAMES:
            tz = UTC
        elif not zone.isalpha():
            digits = zone.removeprefix("GMT")[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            tz = timezone(-offset if "-" in zone else offset)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)


def _parse_loosely(text: str) -> datetime | None:
    common = _parse_common(text)
    if common is not None:
        return common
    from dateutil import parser as dateutil_parser  # imported on first use: most dates are ISO 8601 or common

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
        date.fromisoformat(text)  # the text is YYYY-MM-DD
    except ValueError:
        return False
    return True
