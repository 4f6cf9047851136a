"""PyCon JP 2019 (custom JSON platform) on the real ``assets/sessions.json``, and its crawl.

The sessions come from tests/recordings/pycon-jp-2019 (a byte copy of pyconjp/pycon.jp.2019 @
e75bfa26 ``assets/sessions.json``, built by tools/build_schedule_recordings.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import TextResponse

from scrapers.items import Event, Talk
from scrapers.platforms.base import ConfigError, Edition
from scrapers.platforms.customjson import CustomJsonSpider, session_kind, session_start
from scrapers.tooling.httpcache import Recording

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "recordings" / "pycon-jp-2019"
TOKYO = ZoneInfo("Asia/Tokyo")
Spider = importlib.import_module("spiders.pycon_jp").PyconJpSpider


def parse() -> tuple[Event, dict[str, Talk]]:
    """(event, talks by id) as the spider builds them from the recorded document."""
    spider = Spider(year="2019")
    url = spider.edition.opt("sessions_url")
    entry = Recording.open(FOLDER).get("GET", url)
    assert entry is not None
    response = TextResponse(url, body=entry.body, encoding="utf-8")

    async def no_recordings(_event: Event) -> None:
        return None

    spider.collect_recordings = no_recordings
    events = []

    async def run() -> None:
        async for item in spider.parse_schedule(response):
            events.append(item)

    asyncio.run(run())
    (event,) = events
    return event, {t.source_id: t for t in event.talks}


EVENT, TALKS = parse()


def test_day_ordinal_and_optional_clock_time() -> None:
    first = dt.date(2019, 9, 16)
    assert session_start("2", "13:40 - 14:25", first, "Asia/Tokyo") == dt.datetime(
        2019, 9, 17, 13, 40, tzinfo=TOKYO
    )
    assert session_start("1", "", first, "Asia/Tokyo") == first  # keynotes: no hours
    assert session_start("", "11:25 - 12:10", first, "Asia/Tokyo") is None  # posters: no day
    assert session_start("1", "11:25", None, "Asia/Tokyo") is None  # no edition date


@pytest.mark.parametrize(
    ("value", "kind"),
    [("keynote", "keynote"), ("lt", "lightning"), ("45min", "talk"), ("invited_talk", "talk")],
)
def test_kind(value: str, kind: str) -> None:
    assert session_kind(value) == kind


def test_full_width_space_language_video_and_slides() -> None:
    talk = TALKS["101"]  # name "鈴木　庸氏" (U+3000), day 1, hours 11:25 - 12:10
    assert talk.speakers == ["鈴木 庸氏"]
    assert talk.start == dt.datetime(2019, 9, 16, 11, 25, tzinfo=TOKYO)
    assert talk.language == "jp"  # mapped to jpn by clean (see the crawl test)
    assert talk.video_urls == ["https://www.youtube.com/watch?v=xv_mFS4YmKE"]
    assert talk.related_urls == [
        {
            "label": "Presentation slides",
            "url": "https://www.slideshare.net/ssusercf0f3c/ss-171856551",
        }
    ]
    assert talk.description.startswith("工場や店舗施設における")  # description, not abstract
    assert talk.description_format == "markdown"


def test_several_speakers_joined_with_semicolons() -> None:
    talk = next(t for t in TALKS.values() if t.title.startswith("ML Algorithm to Detect"))
    assert talk.speakers == [
        "Haque Ishfaq", "Hassan Sami Adnan", "Samara Sharmeen", "Hassan Saad Ifti", "Atia Amin",
    ]  # fmt: skip


def test_keynote_has_the_day_only() -> None:
    talk = TALKS["502"]
    assert (talk.kind, talk.start, talk.speakers) == (
        "keynote",
        dt.date(2019, 9, 16),
        ["Cory Althoff"],
    )


def test_posters_and_job_fair_are_skipped_lightning_talks_leave_the_video_to_the_block() -> None:
    reasons = [s.reason for s in EVENT.skipped]
    assert reasons.count("poster") == 34 and reasons.count("not a talk") == 1
    assert len(EVENT.talks) == 59
    day1 = [t for t in EVENT.talks if t.kind == "lightning" and t.speakers]
    assert len(day1) == 6 and all(not t.video_urls for t in day1)
    block = TALKS["504"]  # "ライトニングトーク", day 1, no speaker
    assert block.video_urls == ["https://www.youtube.com/watch?v=7U2D5tcMZb4"]


def test_edition_without_sessions_url_fails_at_import() -> None:
    with pytest.raises(ConfigError, match="sessions_url"):
        type("Bad", (CustomJsonSpider,), {"name": "bad", "editions": {1: Edition("b", "B")}})


def test_crawl_replay_writes_the_linked_talks(tmp_path: Path) -> None:
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "pycon-jp", "-a", "year=2019",
        "-s", "RECORDING_MODE=replay", "-s", f"RECORDING_DIR={FOLDER}",
        "-s", f"PYVIDEO_DATA_DIR={tmp_path}/data", "-s", f"PYVIDEO_REPORT_DIR={tmp_path}/r",
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "records written:    52" in proc.stderr
    assert "duplicate" not in proc.stderr  # each video once: the blocks own the LT videos
    records: list[dict[str, Any]] = [
        json.loads(p.read_text("utf-8"))
        for p in (tmp_path / "data/pycon-jp-2019/videos").glob("*.json")
    ]
    assert {r["language"] for r in records} == {"jpn", "eng"}
    assert {r["recorded"] for r in records} == {"2019-09-16", "2019-09-17"}
