"""The crawl summary adds up: all entries seen = written + updated + unchanged + every skip.

Checked on every golden case's expected summary (so a counting change shows in review), and on
the summary code itself when a stage loses a record without saying so.
"""

from __future__ import annotations

import re

import pytest

from scrapers.items import Event, Skip
from scrapers.tooling.golden import cases

SUMMARIES = [c for c in cases() if (c.expected / "summary.txt").exists()]


def numbers(text: str) -> dict[str, int]:
    found = {k: int(v) for k, v in re.findall(r"^  records (\w+):\s+(\d+)$", text, re.M)}
    found["skips"] = sum(int(v) for v in re.findall(r"^  skipped, [^:]+:\s*(\d+)$", text, re.M))
    return found


@pytest.mark.parametrize("case", SUMMARIES, ids=[c.name for c in SUMMARIES])
def test_expected_summary_adds_up(case):
    text = (case.expected / "summary.txt").read_text(encoding="utf-8")
    n = numbers(text)
    line = re.search(
        r"^  all entries seen:\s+(\d+) = (\d+) written \+ (\d+) updated \+ (\d+) unchanged"
        r" \+ (\d+) skipped$",
        text,
        re.M,
    )
    assert line, "the summary has no 'all entries seen' line"
    seen, written, updated, unchanged, skipped = map(int, line.groups())
    assert (written, updated, unchanged) == (n["written"], n["updated"], n["unchanged"])
    assert skipped == n["skips"]
    assert seen == written + updated + unchanged + skipped


def test_a_record_lost_without_a_skip_is_reported():
    from scrapers.summary import accounts, summarize

    event = Event(slug="pyohio-2024", title="PyOhio 2024", skipped=[Skip("slot 'Lunch'", "meal")])
    stats = {
        "pyvideo/skipped/before_records": 1,
        "pyvideo/records/built": 3,
        "pyvideo/records/written": 2,  # one record vanished between dedupe and the writer
    }
    seen, outcomes, problem = accounts(event, stats)
    assert (seen, outcomes) == (4, 3)
    assert problem and "3 records built" in problem
    assert "all entries seen:   4 = 2 written + 0 updated + 0 unchanged + 1 skipped" in summarize(
        event, stats
    )
