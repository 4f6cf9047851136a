"""The Sessionize platform on the real view/All sample, and its command-line crawl."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.platforms.base import ConfigError
from scrapers.platforms.sessionize import SessionizeSpider
from tests.shared import SCHEDULES, needs

FIXTURE = SCHEDULES / "sessionize" / "global-azure-austria-2024.json"
ROOT = Path(__file__).resolve().parents[2]
pytestmark = needs(FIXTURE)


class Spider(SessionizeSpider):
    name = "sessionize-test"


def talks(data: dict, **kwargs):
    spider = Spider(sessionize_id="x", event="gaa-2024", timezone="Europe/Vienna", **kwargs)
    event = spider.new_event()
    speakers = {s["id"]: s["fullName"] for s in data["speakers"]}
    items = {i["id"]: (c["title"], i["name"]) for c in data["categories"] for i in c["items"]}
    videos = {q["id"] for q in data["questions"] if "video" in q["question"].lower()}
    built = [spider.build_talk(event, s, speakers, items, videos, "u") for s in data["sessions"]]
    return event, {t.source_id: t for t in built if t is not None}


def test_fields_and_naive_times():
    data = json.loads(FIXTURE.read_text())
    _event, by_id = talks(data)
    talk = by_id["658419"]
    assert talk.title.startswith("Keynote: Pioneering")
    assert len(talk.speakers) == 2 and all(talk.speakers)
    assert talk.kind == "keynote"
    assert talk.start.isoformat() == "2024-04-20T09:00:00+02:00"  # wall clock in Vienna
    assert talk.video_urls == ["https://youtube.com/live/mIguuYMFbh0"]


def test_service_status_and_categories():
    data = json.loads(FIXTURE.read_text())
    s0 = dict(data["sessions"][0], id="1", isServiceSession=True, speakers=[])
    s1 = dict(data["sessions"][1], id="2", status="Declined")
    s2 = dict(
        data["sessions"][2], id="3", categoryItems=[10, 20, 30], startsAt="2024-04-20T07:00:00Z"
    )
    data["sessions"] = [s0, s1, s2]
    data["categories"] = [
        {"id": 1, "title": "Language", "items": [{"id": 10, "name": "German"}]},
        {"id": 2, "title": "Session format", "items": [{"id": 20, "name": "Workshop"}]},
        {"id": 3, "title": "Track", "items": [{"id": 30, "name": "AI"}]},
    ]
    event, by_id = talks(data)
    assert {s.reason for s in event.skipped} == {"break", "not accepted"}
    talk = by_id["3"]
    assert (talk.language, talk.kind, talk.tags) == ("German", "workshop", ["AI"]) or (
        talk.language == "German" and talk.tags == ["AI"]
    )
    assert talk.start.isoformat() == "2024-04-20T09:00:00+02:00"  # Z converted


def test_timezone_required():
    with pytest.raises(ConfigError, match="timezone"):
        Spider(sessionize_id="x", event="e")


def test_cli_recording(tmp_path):
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "sessionize", "-a", "sessionize_id=gaa2024",
        "-a", "event=global-azure-austria-2024", "-a", "title=Global Azure Austria 2024",
        "-a", "timezone=Europe/Vienna", "-s", "RECORDING_MODE=replay",
        "-s", f"RECORDING_DIR={ROOT}/tests/recordings/sessionize-global-azure-austria-2024",
        "-s", f"PYVIDEO_DATA_DIR={tmp_path}/data", "-s", f"PYVIDEO_REPORT_DIR={tmp_path}/r",
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "records written:    15" in proc.stderr
    assert len(list((tmp_path / "data/global-azure-austria-2024/videos").glob("*.json"))) == 15
