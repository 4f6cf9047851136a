"""The rockgarden platform (scrapers/platforms/sitedata/rockgarden.py) on PyOhio 2026's real pages.

The pages come from the golden case's recording (tests/recordings/pyohio-2026/, built from the
real site files by ``python tools/build_sitedata_recordings.py pyohio-2026``); the bad-input
tests feed edited copies of them to the spider, without a crawl.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from scrapers.domain.policy import kind_tags
from scrapers.items import Event
from scrapers.platforms.sitedata import SourceFile, TalksJsonSpider
from scrapers.tooling.httpcache import Recording
from spiders.pyohio import PyohioSpider
from tests.recorded import edited, no_traceback, talk

RECORDING = Path(__file__).resolve().parents[1] / "recordings" / "pyohio-2026"
EDT = dt.timezone(dt.timedelta(hours=-4))
PROGRAM = "2026/content/program/"
TALKS = PROGRAM + "talks/"


@pytest.fixture(scope="module")
def real() -> dict[str, SourceFile]:
    """Every Markdown page of the 2026 program, by repository path, as the crawl reads them."""
    spider = PyohioSpider()
    rec = Recording.open(RECORDING)
    listing = rec.get("GET", spider.tree_url())
    assert listing is not None
    paths = [
        e["path"]
        for e in json.loads(listing.body)["tree"]
        if e["type"] == "blob" and e["path"].startswith(PROGRAM) and e["path"].endswith(".md")
    ]
    files = {}
    for path in sorted(paths):
        entry = rec.get("GET", spider.raw_url(path))
        assert entry is not None, path
        files[path] = SourceFile(path, spider.raw_url(path), entry.body.decode("utf-8"))
    return files


def run(files: list[SourceFile]) -> Event:
    spider = PyohioSpider()
    event = spider.new_event()
    spider.parse_files(event, files)
    return event


def reasons(event: Event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in event.skipped:
        counts[s.reason] = counts.get(s.reason, 0) + 1
    return counts


# -- the real program ----------------------------------------------------------------------------


def test_whole_program(real) -> None:
    event = run(list(real.values()))
    kinds = [t.kind for t in event.talks]
    assert len(event.talks) == 35  # 31 talk pages + 4 plenary sessions without a page
    assert (kinds.count("talk"), kinds.count("keynote"), kinds.count("plenary")) == (28, 3, 3)
    assert kinds.count("lightning") == 1
    assert reasons(event) == {"break": 14, "meal": 1, "not a talk": 1}
    assert all(t.video_urls == [] for t in event.talks)  # no recording links yet
    summit = [s for s in event.skipped if s.reason == "not a talk"]
    assert summit[0].what == "slot 'Black Python Devs Leadership Summit'"
    lunch = [s for s in event.skipped if s.reason == "meal"]
    assert lunch[0].what == "slot 2026-07-25 12:15 PM 'Lunch Break'"


def test_talk_page_fields(real) -> None:
    event = run([real[TALKS + "djangonaut-space.md"]])
    t = talk(event, "K7CX9S")
    assert t.title == "Djangonaut Space: Mentoring Contributors, Empowering Leaders"
    assert t.speakers == ["Tim Schilling", "Rachell Calhoun"]
    assert t.start == dt.datetime(2026, 7, 25, 15, 0, tzinfo=EDT)
    assert t.start.utcoffset() == dt.timedelta(hours=-4)
    assert (t.kind, t.description_format) == ("talk", "markdown")
    page = "https://www.pyohio.org/2026/program/talks/djangonaut-space/"
    assert t.url == page
    assert t.related_urls == [{"label": "Presentation Webpage", "url": page}]
    assert t.description.startswith("Permission to board granted.")
    assert t.description.endswith("space puns intended.")


def test_keynote_page_says_only_keynote(real) -> None:
    event = run([real[TALKS + "dr-juliana-novic-keynote.md"]])
    t = talk(event, "BLRHC8")
    assert (t.title, t.kind, t.description) == ("Keynote", "keynote", "")
    assert t.speakers == ["Dr. Juliana Novic"]  # the speakers pipeline drops the "Dr."
    assert t.start == dt.datetime(2026, 7, 25, 9, 15, tzinfo=EDT)


def test_html_in_body_is_kept_as_markdown(real) -> None:
    t = talk(run([real[TALKS + "lights-2.md"]]), "3SYMZV")
    assert "<u>Note on Photosensitivity:</u>" in t.description  # converted by the clean pipeline
    assert t.title == "Lights! 2: Electric Boogaloo"


def test_plenary_sessions_from_the_grid(real) -> None:
    event = run([real[PROGRAM + "schedule.md"], real[PROGRAM + "lightning-talks.md"]])
    assert [t.title for t in event.talks] == [
        "Saturday Welcome", "Lightning Talks", "Sunday Welcome", "Closing Remarks",
    ]  # fmt: skip
    lightning = event.talks[1]
    assert lightning.kind == "lightning" and kind_tags(lightning.kind) == ["lightning talks"]
    assert lightning.start == dt.datetime(2026, 7, 25, 16, 30, tzinfo=EDT)
    assert lightning.speakers == []
    lines = lightning.description.splitlines()
    assert len(lines) == 12
    assert lines[0] == "- Answering Questions About Local Government (Phildini)"
    assert lines[4] == "- Have You Thought About Manufacturing? (Dan R.)"
    assert event.talks[0].kind == "plenary"
    assert event.talks[3].start == dt.datetime(2026, 7, 26, 16, 15, tzinfo=EDT)
    # every linked slot points at a talk page that was not given here
    missing = [s for s in event.skipped if s.reason == "no talk page"]
    assert len(missing) == 31


def test_lightning_list_without_session(real, caplog) -> None:
    grid = edited(real[PROGRAM + "schedule.md"], "title: Lightning Talks", "title: Show and Tell")
    event = run([grid, real[PROGRAM + "lightning-talks.md"]])
    assert not [t for t in event.talks if t.kind == "lightning"]
    assert reasons(event)["no lightning session in the grid"] == 12
    assert "0 lightning sessions in the grid" in caplog.text


# -- bad input: one clear line, never a traceback -----------------------------------------------


def test_video_id_and_bad_video(real, caplog) -> None:
    page = real[TALKS + "textual-healing.md"]
    good = edited(page, "room: Ballroom D", "room: Ballroom D\nvideo_url: GvEkCBvvA_g")
    t = talk(run([good]), "VTE8NX")
    assert t.video_urls == ["https://www.youtube.com/watch?v=GvEkCBvvA_g"]
    url = edited(page, "room: Ballroom D", "room: Ballroom D\nyoutube_url: https://youtu.be/x")
    assert talk(run([url]), "VTE8NX").video_urls == ["https://youtu.be/x"]
    caplog.set_level(logging.WARNING)
    bad = edited(page, "room: Ballroom D", "room: Ballroom D\nvideo: soon")
    assert talk(run([bad]), "VTE8NX").video_urls == []
    assert "talks/textual-healing.md: talk VTE8NX: video:" in caplog.text
    no_traceback(caplog)


def test_speaker_named_by_slug_only(real, caplog) -> None:
    page = edited(real[TALKS + "textual-healing.md"], "  - name: Eddie Cosma\n", "  - name:\n")
    event = run([page, real[PROGRAM + "speakers/eddie-cosma.md"]])
    assert talk(event, "VTE8NX").speakers == ["Eddie Cosma"]
    caplog.set_level(logging.WARNING)
    event = run([page])  # no speaker page either: the speaker is left out, with a line
    assert talk(event, "VTE8NX").speakers == []
    assert "talk VTE8NX: speakers: no name for" in caplog.text


def test_bad_pages(real, caplog) -> None:
    caplog.set_level(logging.WARNING)
    page = real[TALKS + "textual-healing.md"]
    untitled = edited(page, "title: 'Textual Healing", "titel: 'Textual Healing")
    cancelled = edited(real[TALKS + "lights-2.md"], "title: 'Lights!", "title: 'Canceled: Lights!")
    broken = edited(real[TALKS + "atoms-to-ai.md"], "code: ", "code: [")
    bad_start = edited(real[TALKS + "root-access.md"], "start: '2026", "start: 'July 2026x")
    event = run([untitled, cancelled, broken, bad_start])
    assert reasons(event) == {"invalid": 1, "cancelled": 1}
    assert "talks/textual-healing.md: talk VTE8NX: title: missing" in caplog.text
    assert "talks/atoms-to-ai.md: invalid front matter" in caplog.text
    root = next(t for t in event.talks if t.title.startswith("Root Access"))
    assert root.start is None and "root-access.md: talk" in caplog.text
    no_traceback(caplog)


def test_listed_twice_and_pages_without_front_matter(real, caplog) -> None:
    page = real[TALKS + "textual-healing.md"]
    copy = SourceFile(TALKS + "textual-healing-copy.md", page.url, page.text)
    plain = SourceFile(PROGRAM + "notes.md", page.url, "# Notes\n\nno front matter")
    event = run([page, copy, plain])
    assert [t.source_id for t in event.talks] == ["VTE8NX"]
    assert reasons(event) == {"duplicate": 1}
    no_traceback(caplog)


# -- one spider name across the site's generations -----------------------------------------------


def test_generations_serve_the_earlier_years() -> None:
    def spider(**kwargs: str) -> object:
        return PyohioSpider.from_crawler(get_crawler(PyohioSpider), **kwargs)

    latest = spider()
    assert type(latest) is PyohioSpider and latest.edition.slug == "pyohio-2026"
    old = spider(year="2025")
    assert isinstance(old, TalksJsonSpider) and old.name == "pyohio"
    assert old.edition.slug == "pyohio-2025"
    assert sorted(PyohioSpider.all_editions()) == [2024, 2025, 2026]
