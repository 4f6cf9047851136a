"""The schedule + playlist spiders pycon-au (2020) and pycon-uk (2017), field by field.

Each spider is replayed from its recording (tests/recordings/<event>/, real repository files and
the real metadata of the event's videos) in this process with a test-only pipeline that keeps the
``Event`` item as the spider yielded it, before any pipeline: these tests pin what the schedule
side gives the matcher (talks, days, kinds, skipped slots); the golden cases pin what is written.
"""

from __future__ import annotations

import collections
import datetime as dt
import pickle
from pathlib import Path
from typing import Any

import pytest

from scrapers.domain.policy import kind_tags
from scrapers.items import Event, Talk
from scrapers.tooling.golden import in_process

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "recordings"
ACST = dt.timezone(dt.timedelta(hours=9, minutes=30))
BST = dt.timezone(dt.timedelta(hours=1))
GMT = dt.UTC  # 29 October 2017: British Summer Time ended that night


class KeepItems:
    """Test-only pipeline: pickle the items to ``KEEP_ITEMS_PATH`` exactly as yielded."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Any] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> KeepItems:
        return cls(crawler.settings["KEEP_ITEMS_PATH"])

    def process_item(self, item: Any) -> Any:
        self.items.append(item)
        return item

    def close_spider(self) -> None:
        Path(self.path).write_bytes(pickle.dumps(self.items))


def crawl(spider: str, year: int, tmp: Path, **args: str) -> Event:
    """Replay one crawl (in this process); the one Event it yields."""
    out = tmp / f"{spider}-{year}.pickle"
    settings = {
        "RECORDING_MODE": "replay",
        "RECORDING_DIR": str(RECORDINGS / f"{spider}-{year}"),
        "ITEM_PIPELINES": {f"{__name__}.KeepItems": 100},
        "EXTENSIONS": {},
        "KEEP_ITEMS_PATH": str(out),
        "YOUTUBE_API_KEY": "replay-key",
    }
    result = in_process().crawl(spider, {"year": str(year), **args}, settings)
    assert result.returncode == 0, result.stderr[-3000:]
    items = pickle.loads(out.read_bytes())
    assert len(items) == 1, "one Event per crawl"
    return items[0]


@pytest.fixture(scope="module")
def au(tmp_path_factory: pytest.TempPathFactory) -> Event:
    return crawl("pycon-au", 2020, tmp_path_factory.mktemp("au"))


@pytest.fixture(scope="module")
def uk(tmp_path_factory: pytest.TempPathFactory) -> Event:
    return crawl("pycon-uk", 2017, tmp_path_factory.mktemp("uk"))


def talk(event: Event, source_id: str) -> Talk:
    found = [t for t in event.talks if t.source_id == source_id]
    assert len(found) == 1, f"{source_id}: {sorted(t.source_id for t in event.talks)}"
    return found[0]


# --------------------------------------------------------------------------- PyCon AU 2020


def test_au_event(au: Event) -> None:
    assert (au.slug, au.title, au.timezone) == (
        "pycon-au-2020",
        "PyCon AU 2020",
        "Australia/Adelaide",
    )
    assert len(au.talks) == 93  # one per data/Session file
    assert len(au.recordings) == 74  # the curated event's videos, all public
    assert au.playlists == ["PLs9nthet1cPyC0nAU2020xxxxxxxxxxxx"]
    assert au.skipped == []  # every session file is a talk
    assert sum(bool(t.video_urls) for t in au.talks) == 73  # sessions with a youtube_slug
    kinds = collections.Counter(t.kind for t in au.talks)
    assert kinds == {"talk": 89, "keynote": 2, "lightning": 1, "panel": 1}


def test_au_talks(au: Event) -> None:
    dawn = talk(au, "KBXD9E")
    assert dawn.title == "At The Root : Wagtail + Gatsby + GitPod"
    assert dawn.speakers == ["Dawn"]  # the schedule's spelling; the video says "Dawn Wages"
    assert dawn.start == dt.datetime(2020, 9, 5, 10, 25, tzinfo=ACST)
    assert dawn.video_urls == ["https://www.youtube.com/watch?v=S6ntmaq3hIw"]
    assert dawn.url == "https://2020.pycon.org.au/program/KBXD9E"
    assert dawn.description_format == "html"

    museum = talk(au, "UKZXNT")  # three speakers; the video names one
    assert museum.speakers == ["Greg Turner", "Ali Haberfield", "Simon Loffler"]
    assert museum.kind == "talk"

    keynote = talk(au, "WAY9J7")
    assert (keynote.title, keynote.kind, kind_tags(keynote.kind)) == (
        "Opening Keynote: MirrorWorld",
        "keynote",
        ["keynote"],
    )
    assert keynote.start == dt.datetime(2020, 9, 5, 9, 25, tzinfo=ACST)

    lightning = talk(au, "DLE3GM")  # one Lightning Talks session, on Sunday
    assert (lightning.title, lightning.kind) == ("Lightning Talks", "lightning")
    assert lightning.start == dt.datetime(2020, 9, 6, 11, 0, tzinfo=ACST)


def test_au_schedule_links_off(tmp_path: Path) -> None:
    """``-a schedule_links=no`` (the benchmarks) leaves every video link out, nothing else."""
    event = crawl("pycon-au", 2020, tmp_path, schedule_links="no")
    assert len(event.talks) == 93
    assert all(t.video_urls == [] for t in event.talks)
    assert talk(event, "KBXD9E").url == "https://2020.pycon.org.au/program/KBXD9E"


# --------------------------------------------------------------------------- PyCon UK 2017


def test_uk_event(uk: Event) -> None:
    assert (uk.slug, uk.title, uk.timezone) == ("pycon-uk-2017", "PyCon UK 2017", "Europe/London")
    assert len(uk.talks) == 143
    assert len(uk.recordings) == 103
    kinds = collections.Counter(t.kind for t in uk.talks)
    assert kinds == {
        "talk": 98,
        "workshop": 30,
        "keynote": 4,
        "lightning": 4,
        "plenary": 4,
        "panel": 3,
    }
    assert sum(bool(t.video_urls) for t in uk.talks) == 86


def test_uk_skipped_slots(uk: Event) -> None:
    """Breaks, meals, Close and the all-day side events are skipped once per title and day;
    the recorded "Introduction" slots are not."""
    reasons = collections.Counter(s.reason for s in uk.skipped)
    assert reasons == {"break": 10, "not a talk": 10, "meal": 5}
    whats = {s.what for s in uk.skipped}
    assert "slot 'Lunch' Friday 27th" in whats
    assert "slot 'Trans*Code' Monday 30th" in whats
    assert "slot 'UK Python Association AGM' Saturday 28th" in whats
    assert not any("Introduction" in w for w in whats)


def test_uk_talks(uk: Event) -> None:
    quart = talk(uk, "talk/building-quart-from-flask-and-asyncio")
    assert quart.title == "Building Quart from Flask and Asyncio"
    assert quart.speakers == ["Phil Jones"]
    assert quart.start == dt.datetime(2017, 10, 26, 15, 30, tzinfo=BST)
    assert quart.raw_start == "schedule/Thursday 26th/Assembly Room/15:30"
    assert quart.kind == "talk"

    keynote = talk(uk, "keynote/shaping-the-world")  # the series' "Keynote: " titles
    assert (keynote.title, keynote.speakers, keynote.kind) == (
        "Keynote: Shaping the World",
        ["David R. MacIver"],
        "keynote",
    )
    assert keynote.start == dt.datetime(2017, 10, 27, 9, 30, tzinfo=BST)
    sunday = talk(uk, "keynote/communities-and-education")
    assert sunday.start == dt.datetime(2017, 10, 29, 9, 30, tzinfo=GMT)


def test_uk_lightning_talks_one_per_day(uk: Event) -> None:
    lightning = sorted((t for t in uk.talks if t.kind == "lightning"), key=lambda t: t.start)
    assert [(t.source_id, t.title, t.start) for t in lightning] == [
        ("talk/lightning-talks@2017-10-26", "Thursday Lightning Talks",
         dt.datetime(2017, 10, 26, 17, 30, tzinfo=BST)),
        ("talk/lightning-talks@2017-10-27", "Friday Lightning Talks",
         dt.datetime(2017, 10, 27, 17, 30, tzinfo=BST)),
        ("talk/lightning-talks@2017-10-28", "Saturday Lightning Talks",
         dt.datetime(2017, 10, 28, 16, 30, tzinfo=BST)),
        ("talk/lightning-talks@2017-10-29", "Sunday Lightning Talks",
         dt.datetime(2017, 10, 29, 17, 30, tzinfo=GMT)),
    ]  # fmt: skip
    # "Absolutely Anyone" is the sign-up sheet, not a person
    assert all(t.speakers == ["Various speakers"] for t in lightning)
    assert all(kind_tags(t.kind) == ["lightning talks"] for t in lightning)


def test_uk_recorded_introduction_slots_are_plenary_talks(uk: Event) -> None:
    plenary = sorted((t for t in uk.talks if t.kind == "plenary"), key=lambda t: t.start)
    assert [(t.source_id, t.title, t.speakers) for t in plenary] == [
        ("slot/2017-10-26/introduction", "Thursday Introduction", []),
        ("slot/2017-10-27/introduction", "Friday Introduction", []),
        ("slot/2017-10-28/introduction", "Saturday Introduction", []),
        ("slot/2017-10-29/introduction", "Sunday Introduction", []),
    ]
    assert plenary[0].start == dt.datetime(2017, 10, 26, 9, 0, tzinfo=BST)
    assert plenary[0].raw_start == "schedule/Thursday 26th/Assembly Room/09:00"
