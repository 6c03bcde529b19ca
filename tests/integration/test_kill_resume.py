"""SIGKILL the real `jianmi-desktop sms send` 20 times during a 5,000-number campaign.

The child process sends to the real sandbox (150 ms of latency, so requests are in flight
when the kill lands) and is killed at 20 seeded random moments, each time started again
with `sms resume`, until the campaign is done. The sandbox's own record of what it carried
out is the judge: every number exactly once, except numbers in batches the store marks
`uncertain`, which are carried out at most once; every recipient in a final, truthful state.
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.support import kill_resume

pytestmark = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "kill"), reason="needs SIGKILL")


def test_twenty_kills_nothing_twice_nothing_lost(tmp_path):
    f = kill_resume.run(tmp_path, numbers=5000, kills=20, seed=2024, latency_ms=150, batch_size=25)
    report = kill_resume.as_json(f)
    assert f.kills == 20, report
    assert f.duplicates == 0, report
    assert f.missing == 0, report
    assert f.untruthful == [], report
    assert sum(f.states.values()) == 5000, report
    assert not {"pending", "sending"} & set(f.states), report
    # the kills landed while sending: most left batches in flight, found 'sending' at the next
    # start; delivery reports then prove most of those, so few stay uncertain
    assert f.interrupted_batches >= f.kills // 2, report
    assert f.uncertain_batches <= f.interrupted_batches, report
    assert f.uncertain_numbers == 25 * f.uncertain_batches, report
    assert f.requests + f.uncertain_batches - f.uncertain_carried_out == f.batches, report
