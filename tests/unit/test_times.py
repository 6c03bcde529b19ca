"""Times in the window (issue 13, item 7): a stored time is shown in this computer's zone, so no
zone needs saying; a time written by a computer in another zone is converted, not shown raw."""

from __future__ import annotations

import os
import time

import pytest

from jianmi_desktop.gui.widgets.times import shown_time


@pytest.fixture
def in_zone():
    saved = os.environ.get("TZ")

    def use(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_shown_in_this_computers_zone(in_zone):
    in_zone("Asia/Shanghai")
    assert shown_time("2026-12-04T15:30:05.123+08:00") == "2026-12-04 15:30:05"
    assert shown_time("2026-12-04T07:30:05+00:00", seconds=False) == "2026-12-04 15:30"   # written in UTC
    in_zone("Europe/Berlin")
    assert shown_time("2026-12-04T15:30:05.123+08:00") == "2026-12-04 08:30:05"


def test_what_is_not_a_time_comes_back_as_it_is():
    assert shown_time("") == "" and shown_time(None) == "" and shown_time("—") == "—"
    assert shown_time("2026-12-04T15:30:05") == "2026-12-04 15:30:05"   # no zone: as written
