"""Hours are worked out once per distinct text a build (hours.danish_hours, structured_data's
OpeningHoursSpecification): each caller still gets a list of its own, so a caller that changes
its list changes nothing for the next space with the same hours."""
from __future__ import annotations

from landhub_spaces.hours import danish_hours, weekly_intervals
from landhub_spaces.structured_data import opening_hours_specification

HOURS = "Mo-Fr 08:00-17:00; Sa 10:00-14:00"


def test_danish_hours_are_a_new_list_each_time():
    first = danish_hours(HOURS)
    assert first == ["man-fre 8-17", "lør 10-14"]
    first.append("changed")
    second = danish_hours(HOURS)
    assert second == ["man-fre 8-17", "lør 10-14"] and second is not first
    assert danish_hours("Mo-Su 00:00-24:00") == ["alle dage, døgnet rundt"]
    assert danish_hours("Mo-Su off") == ["lukket hele ugen"]
    assert danish_hours("hver dag efter aftale") is None


def test_opening_hours_specification_is_a_new_list_each_time():
    intervals = weekly_intervals(HOURS)
    first = opening_hours_specification(intervals)
    assert [entry["opens"] for entry in first] == ["08:00", "10:00"]
    first.clear()
    second = opening_hours_specification(list(intervals))  # a list of intervals is taken too
    assert len(second) == 2 and second[0]["closes"] == "17:00"
    assert second[0]["dayOfWeek"][0] == "https://schema.org/Monday"
