"""Opening hours: OpenStreetMap syntax -> weekly intervals (for "open now") and Danish text.

Parsed at build time with the real parser (opening-hours-py). A week is evaluated on fixed
reference weeks, so the result never depends on the day of the build. Hours that differ
between those weeks (seasons, week numbers) are "irregular": shown as written, not computed.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from opening_hours import OpeningHours, ParserError, State

# Mondays of ordinary weeks (no Danish public holiday), one in winter and one in summer.
REFERENCE_WEEKS = (datetime(2026, 11, 23), datetime(2027, 6, 14))
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


@lru_cache(maxsize=4096)
def weekly_intervals(text: str) -> tuple[tuple[int, int], ...] | None:
    """Open intervals as (start, end) minutes from Monday 00:00, or None if not weekly."""
    try:
        hours = OpeningHours(text)
    except ParserError:
        return None
    weeks = {_week_intervals(hours, monday) for monday in REFERENCE_WEEKS}
    return weeks.pop() if len(weeks) == 1 else None


def _clock(minute: int) -> str:
    hour, rest = divmod(minute, 60)
    return f"{hour}" if rest == 0 else f"{hour}.{rest:02d}"


def _day_spans(intervals) -> list[tuple[tuple[int, int], ...]]:
    """For each weekday, its open spans in minutes from that day's midnight (may pass 24)."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for start, end in intervals:
        day = start // MINUTES_PER_DAY
        days[day].append((start - day * MINUTES_PER_DAY, end - day * MINUTES_PER_DAY))
    return [tuple(spans) for spans in days]


def danish_hours(text: str) -> list[str] | None:
    """`Mo-Fr 08:00-17:00; Sa 10:00-14:00` -> ["man-fre 8-17", "lør 10-14"]; None if irregular."""
    intervals = weekly_intervals(text)
    if intervals is None:
        return None
    if intervals == ((0, 7 * MINUTES_PER_DAY),):
        return ["alle dage, døgnet rundt"]
    days = _day_spans(_merge_midnight(intervals))
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
    return lines or ["lukket hele ugen"]


def _merge_midnight(intervals):
    """The parser splits 22:00-02:00 at midnight; join such halves so text says 22-2."""
    merged: list[list[int]] = []
    for start, end in intervals:
        if merged and merged[-1][1] == start and start % MINUTES_PER_DAY == 0:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [tuple(pair) for pair in merged]
