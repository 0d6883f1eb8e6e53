"""Opening hours: OpenStreetMap syntax -> weekly intervals (for "open now") and Danish text.

Parsed at build time with the real parser (opening-hours-py). A week is evaluated on fixed
reference weeks, so the result never depends on the day of the build. Hours that differ
between those weeks (seasons, week numbers) are "irregular": shown as written, not computed.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from opening_hours import OpeningHours, ParserError, State

# Mondays of ordinary weeks (no Danish public holiday), one in every month, so hours that
# change with the month or the season ("Jan-Mar ...") differ between them and count as irregular.
REFERENCE_WEEKS = tuple(datetime(year, month, day) for year, month, day in (
    (2026, 11, 23), (2026, 12, 7), (2027, 1, 11), (2027, 2, 8), (2027, 3, 8), (2027, 4, 12),
    (2027, 5, 24), (2027, 6, 14), (2027, 7, 12), (2027, 8, 9), (2027, 9, 13), (2027, 10, 11)))
MINUTES_PER_DAY = 24 * 60
DAYS_DA = ("man", "tir", "ons", "tor", "fre", "lør", "søn")


def _week_intervals(hours: OpeningHours, monday: datetime) -> tuple[tuple[int, int], ...]:
    out = []
    for start, end, state, _comment in hours.intervals(monday, monday + timedelta(days=7)):
        if state == State.OPEN:
            out.append((_minute_of_week(start, monday), _minute_of_week(end, monday)))
    return tuple(out)


def _minute_of_week(moment: datetime, monday: datetime) -> int:
    return int((moment - monday).total_seconds() // 60)


_SOLAR = re.compile(r"sunrise|sunset|dawn|dusk", re.IGNORECASE)


@lru_cache(maxsize=4096)
def weekly_intervals(text: str) -> tuple[tuple[int, int], ...] | None:
    """Open intervals as (start, end) minutes from Monday 00:00, or None if not weekly."""
    if _SOLAR.search(text):
        return None  # the parser knows no coordinates here, so it would invent times
    try:
        hours = OpeningHours(text)
    except ParserError:
        return None
    weeks = {_week_intervals(hours, monday) for monday in REFERENCE_WEEKS}
    return weeks.pop() if len(weeks) == 1 else None


def _clock(minute: int) -> str:
    hour, rest = divmod(minute, 60)
    return f"{hour}" if rest == 0 else f"{hour}.{rest:02d}"


def day_pieces(intervals) -> list[tuple[int, int, int]]:
    """Weekly intervals -> (weekday, start, end) in minutes from that day's midnight, by day.

    Cut at every midnight, so a day open around the clock is one day, not a span of several;
    then an evening open until midnight takes the next day's early morning as its own end
    (22:00-02:00 is Friday's, end 26 * 60), Sunday's evening running on into Monday's.
    """
    pieces: dict[tuple[int, int], int] = {}  # (weekday, start) -> end
    for start, end in intervals:
        while start < end:
            day = start // MINUTES_PER_DAY
            stop = min(end, (day + 1) * MINUTES_PER_DAY)
            pieces[(day % 7, start - day * MINUTES_PER_DAY)] = stop - day * MINUTES_PER_DAY
            start = stop
    out, tails = [], set()
    for (day, start), end in sorted(pieces.items()):
        tail = ((day + 1) % 7, 0)
        if end == MINUTES_PER_DAY and start > 0 and pieces.get(tail, MINUTES_PER_DAY) < MINUTES_PER_DAY:
            end += pieces[tail]
            tails.add(tail)
        out.append((day, start, end))
    return [(day, start, end) for day, start, end in out if (day, start) not in tails]


def _day_spans(intervals) -> list[tuple[tuple[int, int], ...]]:
    """For each weekday, its open spans in minutes from that day's midnight (may pass 24)."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for day, start, end in day_pieces(intervals):
        days[day].append((start, end))
    return [tuple(spans) for spans in days]


def danish_hours(text: str) -> list[str] | None:
    """`Mo-Fr 08:00-17:00; Sa 10:00-14:00` -> ["man-fre 8-17", "lør 10-14"]; None if irregular."""
    lines = _danish_hours(text)
    return list(lines) if lines is not None else None


# Many spaces share their hours: each text is written out once a build (a copy for each caller).
@lru_cache(maxsize=4096)
def _danish_hours(text: str) -> tuple[str, ...] | None:
    intervals = weekly_intervals(text)
    if intervals is None:
        return None
    if intervals == ((0, 7 * MINUTES_PER_DAY),):
        return ("alle dage, døgnet rundt",)
    days = _day_spans(intervals)
    lines, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and days[last + 1] == days[day]:
            last += 1
        if days[day]:
            label = DAYS_DA[day] if last == day else f"{DAYS_DA[day]}-{DAYS_DA[last]}"
            spans = ", ".join(f"{_clock(a)}-{_clock(b if b <= MINUTES_PER_DAY else b - MINUTES_PER_DAY)}"
                              for a, b in days[day])
            lines.append(f"{label} {spans}")
        day = last + 1
    return tuple(lines) or ("lukket hele ugen",)
