"""The MkDocs platform (scrapers/platforms/sitedata/mkdocs.py) on the real PyTexas 2024/2025 pages.

The pages come from the golden recordings (tests/recordings/pytexas-<year>/, built from the site
repositories by tools/build_sitedata_recordings.py); the parser runs in-process, without a crawl.
Each test takes one nasty case of the real data and asserts per field; edited copies show that
bad input gives a log line naming file, talk and field, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scrapers.items import Event, Talk
from scrapers.platforms.sitedata import SourceFile
from scrapers.platforms.sitedata.mkdocs import plain_text, title_score, toc_slug
from scrapers.tooling.httpcache import Recording
from spiders.pytexas import PytexasSpider
from tests.recorded import edited, no_traceback

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"
CHICAGO = ZoneInfo("America/Chicago")
TALKS = "docs/schedule/talks.md"
KEYNOTES = "docs/schedule/keynotes.md"
TUTORIALS = "docs/schedule/tutorials.md"
GRID = {2024: "docs/schedule/full_schedule.md", 2025: "docs/schedule/index.md"}


def pages(year: int) -> tuple[PytexasSpider, dict[str, SourceFile]]:
    """The spider of an edition and the real pages of its recording, by repository path."""
    spider = PytexasSpider(year=str(year))
    rec = Recording.open(RECORDINGS / f"pytexas-{year}")
    files = {}
    for path in spider.edition.opt("paths"):
        entry = rec.get("GET", spider.raw_url(path))
        assert entry is not None, path
        files[path] = SourceFile(path, spider.raw_url(path), entry.body.decode("utf-8"))
    return spider, files


def run(spider: PytexasSpider, files: dict[str, SourceFile]) -> Event:
    event = spider.new_event()
    spider.parse_files(event, list(files.values()))
    return event


def talk(event: Event, source_id: str) -> Talk:
    found = [t for t in event.talks if t.source_id == source_id]
    assert len(found) == 1, [t.source_id for t in event.talks]
    return found[0]


def at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture(scope="module")
def event_2024() -> Event:
    return run(*pages(2024))


@pytest.fixture(scope="module")
def event_2025() -> Event:
    return run(*pages(2025))


# -- the nasty real cases ---------------------------------------------------------------------


def test_section_without_iframe(event_2025) -> None:
    """The virtual-only 2025 talk has no iframe: no video, everything else read."""
    t = talk(
        event_2025, "talks#llms-as-bug-hunters-leveraging-llms-to-discover-python-vulnerabilities"
    )
    assert t.title == "LLMs as Bug Hunters: Leveraging LLMs to Discover Python Vulnerabilities"
    assert t.video_urls == []
    assert t.speakers == ["Jessy Ayala"]
    assert t.start == at(2025, 4, 12, 13, 40)
    assert t.description.startswith("Large Language Models (LLMs) are changing")
    assert "PhD student" not in t.description  # the bio after the speaker line
    assert t.kind == "talk"


def test_two_speakers(event_2024) -> None:
    t = talk(event_2024, "talks#pysecops")
    assert t.speakers == ["Soundharya Khanapur", "Shivani Shetty"]
    assert t.title == "PySecOps"
    assert t.start == at(2024, 4, 20, 14, 50)
    assert t.video_urls == ["https://www.youtube.com/watch?v=Y1T-mB-h_JQ"]
    assert t.description.startswith("In today's interconnected world")
    assert "Masters student" not in t.description
    assert "Headshot" not in t.description and "<br" not in t.description


def test_title_differs_between_page_and_grid(event_2024, event_2025) -> None:
    """The grid's link joins the section; the page's heading is the title."""
    crab = talk(event_2025, "talks#python-meets-the-crab-friendship-at-first-sight")
    assert crab.title == "Python meets the crab - Friendship at first sight?"  # grid: "Meet The"
    assert crab.start == at(2025, 4, 13, 16, 0)
    assert crab.speakers == ["Bernát Gábor"]
    opioids = talk(
        event_2025,
        "talks#signal-processing-in-electrochemistry-with-python-applications-to-the-us-opioids-crisis",
    )
    assert opioids.start == at(2025, 4, 12, 15, 10)
    container = talk(
        event_2024,
        "talks#containercraft-mastering-efficient-integration-testing-with-testcontainers",
    )
    assert container.title == (
        "ContainerCraft: Mastering Efficient Integration Testing with TestContainers"
    )
    assert container.start == at(2024, 4, 20, 10, 50)
    pythonic = talk(
        event_2024,
        "talks#python-code-vs-pythonic-code-what-experienced-developers-find-challenging-about"
        "-learning-python",
    )
    assert pythonic.title.startswith("Python Code vs. Pythonic Code: What")  # "_Python_" markup
    assert pythonic.start == at(2024, 4, 20, 10, 15)


def test_iframe_with_extra_parameters(event_2024, event_2025) -> None:
    """``embed/<id>?si=...`` on youtube.com and youtube-nocookie.com: a plain watch URL."""
    ascii_art = talk(event_2024, "talks#20-goto-10-how-to-make-scrolling-ascii-art")
    assert ascii_art.video_urls == ["https://www.youtube.com/watch?v=SyKUBXJLL50"]
    verbs = talk(event_2025, "talks#verbs-not-nouns-writing-documentation-users-want-to-read")
    assert verbs.video_urls == ["https://www.youtube.com/watch?v=rYv8UOfqIG4"]
    assert "iframe" not in verbs.description


def test_keynote_page_heading_is_the_speaker(event_2024, event_2025) -> None:
    lynn = talk(event_2024, "keynotes#lynn-root")
    assert lynn.speakers == ["Lynn Root"]
    assert lynn.title == "Day 1 Keynote"  # the iframe's "Day 1 Keynote (Lynn Root) - PyTexas 2024"
    assert lynn.kind == "keynote"
    assert lynn.start == at(2024, 4, 20, 9, 15)
    assert lynn.video_urls == ["https://www.youtube.com/watch?v=Ww2-Cw9qnmE"]
    assert lynn.description.startswith("Lynn Root is a Staff Engineer")
    assert "![" not in lynn.description
    assert lynn.url == "https://www.pytexas.org/2024/schedule/keynotes/#lynn-root"
    carol = talk(event_2024, "keynotes#carol-willing")  # grid link without the slash
    assert carol.start == at(2024, 4, 21, 9, 15)
    mariatta = talk(event_2025, "keynotes#mariatta")  # no iframe: the grid's title
    assert (mariatta.title, mariatta.speakers, mariatta.kind) == (
        "Keynote",
        ["Mariatta"],
        "keynote",
    )
    assert mariatta.video_urls == []
    assert mariatta.start == at(2025, 4, 12, 9, 20)


def test_twelve_hours_out_of_order(caplog) -> None:
    """2025's grid says "11:55 PM" between 11:25 AM and 12:25 PM: read as 11:55 AM, warned."""
    with caplog.at_level(logging.WARNING):
        event = run(*pages(2025))
    t = talk(event, "talks#generators-the-unsung-hero-of-async-programming")
    assert t.start == at(2025, 4, 12, 11, 55)
    assert any(
        "docs/schedule/index.md:27: time:" in r.getMessage() and "11:55" in r.getMessage()
        for r in caplog.records
    )


def test_lightning_talks_days(event_2024, event_2025) -> None:
    """Two "Lightning Talks" cells: "Day N" in the heading picks the day; names from the list."""
    day1 = talk(event_2024, "talks#lightning-talks-day-1")
    day2 = talk(event_2024, "talks#lightning-talks-day-2")
    assert (day1.start, day2.start) == (at(2024, 4, 20, 17, 15), at(2024, 4, 21, 17, 15))
    assert day1.kind == day2.kind == "lightning"
    assert day1.speakers[:2] == ["Pandy Knight", "William Horton"] and len(day1.speakers) == 8
    assert day2.speakers[-1] == "Max Logan and Devon Braner"  # split by the speakers pipeline
    assert day1.description == "Rapid fire 5 minute talks"
    # 2025 has no section for them: the grid cells are talks of their own (no video)
    grid = [t for t in event_2025.talks if t.title == "Lightning Talks"]
    assert [t.start for t in grid] == [at(2025, 4, 12, 17, 0), at(2025, 4, 13, 16, 30)]
    assert all(t.kind == "lightning" and not t.video_urls for t in grid)


def test_tutorials_day_from_text(event_2024, event_2025) -> None:
    """2024's tutorial table has no day column: the page says "Friday, April 19, 2024"."""
    t = talk(event_2024, "tutorials#python-102-beyond-the-basics")
    assert (t.start, t.kind, t.speakers) == (at(2024, 4, 19, 9, 0), "tutorial", ["Mason Egger"])
    pytest_talk = talk(event_2024, "tutorials#def-test_my_code_with_pytest")
    assert pytest_talk.title == "def test_my_code_with_pytest():"
    assert pytest_talk.start == at(2024, 4, 19, 14, 0)
    t25 = talk(event_2025, "tutorials#the-new-wave-of-python-packaging")  # "## Friday" heading
    assert (t25.start, t25.speakers) == (at(2025, 4, 11, 14, 0), ["Bernát Gábor"])


def test_lone_link_goes_to_related_urls(event_2024) -> None:
    t = talk(event_2024, "talks#iterate-iterate-iterate")
    assert {
        "label": "Presentation Handout",
        "url": ("https://github.com/dev-skill-up/iterate/blob/trunk/handout.pdf"),
    } in t.related_urls
    assert "Handout" not in t.description
    assert t.related_urls[0] == {
        "label": "Talk Webpage",
        "url": "https://www.pytexas.org/2024/schedule/talks/#iterate-iterate-iterate",
    }


def test_skips_and_counts(event_2024, event_2025) -> None:
    reasons_2024 = sorted(s.reason for s in event_2024.skipped)
    assert reasons_2024.count("break") == 4 and reasons_2024.count("meal") == 4
    assert reasons_2024.count("not a talk") == 2  # "Day 1 Opening Remarks", "Day 2 ..."
    assert len(event_2024.talks) == 24
    assert len(event_2025.talks) == 24
    assert event_2024.license == "Creative Commons Attribution license (reuse allowed)"
    # every section with a video joined a grid cell: a time for each
    assert all(t.start for t in event_2024.talks + event_2025.talks)


# -- bad input --------------------------------------------------------------------------------


def test_broken_link_joins_by_title(caplog) -> None:
    spider, files = pages(2024)
    files[GRID[2024]] = edited(files[GRID[2024]], "#system-design-on-easy-mode", "#gone")
    with caplog.at_level(logging.INFO):
        event = run(spider, files)
    t = talk(event, "talks#system-design-on-easy-mode")
    assert t.start == at(2024, 4, 21, 10, 50)
    assert any(
        "names no section" in r.getMessage() and "#gone" in r.getMessage() for r in caplog.records
    )
    no_traceback(caplog)


def test_section_in_no_table_is_reported(caplog) -> None:
    spider, files = pages(2024)
    files[GRID[2024]] = edited(
        files[GRID[2024]],
        "[System Design on Easy Mode](../talks/#system-design-on-easy-mode)",
        "To be announced",
    )
    with caplog.at_level(logging.WARNING):
        event = run(spider, files)
    t = talk(event, "talks#system-design-on-easy-mode")
    assert t.start is None
    assert t.video_urls == ["https://www.youtube.com/watch?v=AulAm5BtMXw"]
    assert any(
        "docs/schedule/talks.md:" in r.getMessage()
        and "talks#system-design-on-easy-mode" in r.getMessage()
        and "no schedule table" in r.getMessage()
        for r in caplog.records
    )
    no_traceback(caplog)


def test_unreadable_time_and_missing_page(caplog) -> None:
    spider, files = pages(2025)
    files[GRID[2025]] = edited(files[GRID[2025]], "02:10&nbsp;PM", "soon")
    del files[KEYNOTES]
    with caplog.at_level(logging.WARNING):
        event = run(spider, files)
    t = talk(event, "talks#demystifying-ai-agents-with-python-code")
    assert t.start == dt.date(2025, 4, 12)  # the day is still known
    messages = [r.getMessage() for r in caplog.records]
    assert any("index.md:" in m and "time:" in m and "'soon'" in m for m in messages)
    assert any(m.startswith(KEYNOTES) and "not found" in m for m in messages)
    assert not [t for t in event.talks if t.source_id.startswith("keynotes#")]
    no_traceback(caplog)


def test_speaker_page_without_title(caplog) -> None:
    """A keynote with neither iframe title nor grid cell has no title: skipped as invalid."""
    spider, files = pages(2025)
    files[GRID[2025]] = edited(files[GRID[2025]], "[Keynote](keynotes.md#jay-miller)", "TBD")
    with caplog.at_level(logging.ERROR):
        event = run(spider, files)
    assert not [t for t in event.talks if t.source_id == "keynotes#jay-miller"]
    assert [s.reason for s in event.skipped if "keynotes#jay-miller" in s.what] == ["invalid"]
    assert any(
        "keynotes.md:" in r.getMessage() and "title:" in r.getMessage() for r in caplog.records
    )
    no_traceback(caplog)


def test_new_edition_without_code(tmp_path) -> None:
    """A year not in the table runs from arguments; options come from 2025, year replaced."""
    spider = PytexasSpider(
        year="2026",
        event="pytexas-2026",
        title="PyTexas 2026",
        start="2026-04-17",
        end="2026-04-19",
        timezone="America/Chicago",
        source=str(tmp_path),
    )
    assert spider.edition.opt("repo") == "pytexas/2026"
    assert spider.edition.opt("sha") is None
    assert spider.edition.opt("talk_pages") == PytexasSpider.editions[2025].opt("talk_pages")
    assert spider.edition.url == "https://www.pytexas.org/2026/"


# -- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        (
            "Python meets the crab - Friendship at first sight?",
            "python-meets-the-crab-friendship-at-first-sight",
        ),
        ("def test_my_code_with_pytest():", "def-test_my_code_with_pytest"),
        ("Bernát Gábor", "bernat-gabor"),
    ],
)
def test_toc_slug(heading: str, anchor: str) -> None:
    assert toc_slug(heading) == anchor


def test_plain_text_and_score() -> None:
    assert plain_text("_Python_ Code vs. _Pythonic_ Code") == "Python Code vs. Pythonic Code"
    assert plain_text("_**Virtual Only[^1]**_ <br> x") == "Virtual Only x"
    assert plain_text("`def test_my_code():`") == "def test_my_code():"
    assert title_score("Lightning Talks", "Lightning Talks Day 1") == 0.9
    assert title_score("Always Use Sets", "Iterate, Iterate, Iterate!") < 0.85


def test_bad_talk_pages_option(caplog) -> None:
    """An incoherent page option is named in one line and replaced by the default."""
    spider, files = pages(2024)
    options = dict(spider.edition.options)
    options["talk_pages"] = {TALKS: {"level": "deep", "heading": "author"}}
    spider.edition = replace(spider.edition, options=options)
    with caplog.at_level(logging.WARNING):
        event = run(spider, files)
    assert talk(event, "talks#pysecops").speakers == ["Soundharya Khanapur", "Shivani Shetty"]
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(TALKS) and "level 'deep'" in m for m in messages)
    assert any(m.startswith(TALKS) and "heading 'author'" in m for m in messages)
    assert any(m.startswith(KEYNOTES) and "not read" in m for m in messages)
    no_traceback(caplog)
