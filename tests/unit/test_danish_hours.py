"""Opening hours as a visitor reads them on the space page: "man-fre 8-17"."""
from __future__ import annotations

import pytest

from landhub_spaces.hours import danish_hours, weekly_intervals


@pytest.mark.parametrize("text, expected", [
    ("Mo-Fr 08:00-17:00", ["man-fre 8-17"]),
    ("Mo-Fr 08:00-17:00; Sa 10:00-14:00", ["man-fre 8-17", "lør 10-14"]),
    ("Mo-Fr 08:30-16:00", ["man-fre 8.30-16"]),
    ("Mo-Fr 08:00-12:00,13:00-17:00", ["man-fre 8-12, 13-17"]),
    ("Mo,We,Fr 09:00-15:00", ["man 9-15", "ons 9-15", "fre 9-15"]),
    ("Mo-Th 08:00-17:00; Fr 08:00-14:00", ["man-tor 8-17", "fre 8-14"]),
    ("Tu-Su 10:00-18:00", ["tir-søn 10-18"]),
    ("24/7", ["alle dage, døgnet rundt"]),
    ("Mo-Su 00:00-24:00", ["alle dage, døgnet rundt"]),
    # past midnight: one span, on the day it starts
    ("Fr 22:00-02:00", ["fre 22-2"]),
    ("Mo-Sa 22:00-02:00", ["man-lør 22-2"]),
    ("Su 20:00-02:00", ["søn 20-2"]),
    # whole days are days, not one long span
    ("Mo-Fr 00:00-24:00", ["man-fre 0-24"]),
    ("Mo-Fr 08:00-17:00; Sa-Su 00:00-24:00", ["man-fre 8-17", "lør-søn 0-24"]),
    ("Mo 00:00-24:00; Tu 00:00-02:00", ["man 0-24", "tir 0-2"]),
    ("Mo-Fr 08:00-17:00; PH off", ["man-fre 8-17"]),
    ("off", ["lukket hele ugen"]),
])
def test_weekly_hours_in_danish(text, expected):
    assert danish_hours(text) == expected


@pytest.mark.parametrize("text", [
    "Jan-Mar Mo-Fr 08:00-16:00",  # closed in the other months: not "closed all week"
    "Jan-Mar Mo-Fr 08:00-16:00; Apr-Dec Mo-Fr 09:00-15:00",
    "week 01-26 Mo-Fr 08:00-16:00",
    "Mo-Fr 08:00-17:00; Jul off",
])
def test_hours_that_change_through_the_year_are_irregular(text):
    assert weekly_intervals(text) is None
    assert danish_hours(text) is None  # the page shows them as written


def test_text_the_parser_refuses_is_irregular_not_an_error():
    assert weekly_intervals("hver dag efter aftale") is None
    assert danish_hours("hver dag efter aftale") is None


@pytest.mark.parametrize("text", ["Mo-Fr sunrise-sunset", "Sa 10:00-dusk", "Mo-Su dawn-18:00"])
def test_hours_tied_to_the_sun_are_irregular_not_invented(text):
    # the parser has no coordinates, so it would make up fixed times for these
    assert weekly_intervals(text) is None
    assert danish_hours(text) is None
