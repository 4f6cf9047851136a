"""PyCon AU 2023+ (Astro site data) through ``PyconAuYamlSpider``: the nasty real cases.

The files are the real ones of the recorded crawls (tests/recordings/pycon-au-<year>/), fed to
the spider without a crawl, some edited to show that bad input gives one clear log line (file,
talk, field) and never a traceback. The crawls themselves are the golden cases.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest

from scrapers.items import Event, Talk
from scrapers.platforms.sitedata import SourceFile
from scrapers.platforms.sitedata.pyconau import markdown_lists_to_html
from scrapers.tooling.httpcache import Recording
from spiders.pycon_au import PyconAuSpider
from tests.recorded import edited

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"
SESSIONS = "src/content/sessions/"
PEOPLE = "src/content/people/"


def spider_for(year: int) -> PyconAuSpider:
    return PyconAuSpider(year=str(year))


def real(spider: PyconAuSpider, year: int, *paths: str) -> list[SourceFile]:
    """Real files of the recording of ``year``, by repository path."""
    rec = Recording.open(RECORDINGS / f"pycon-au-{year}")
    files = []
    for path in paths:
        entry = rec.get("GET", spider.raw_url(path))
        assert entry is not None, path
        files.append(SourceFile(path, spider.raw_url(path), entry.body.decode("utf-8")))
    return files


def run(spider: PyconAuSpider, files: list[SourceFile]) -> Event:
    event = spider.new_event()
    spider.parse_files(event, files)
    return event


def only(event: Event) -> Talk:
    assert len(event.talks) == 1, [t.title for t in event.talks]
    return event.talks[0]


def skips(event: Event) -> list[tuple[str, str]]:
    return [(s.what, s.reason) for s in event.skipped]


def messages(caplog: pytest.LogCaptureFixture, level: int = logging.WARNING) -> list[str]:
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    return [r.getMessage() for r in caplog.records if r.levelno >= level]


def test_2025_talk_every_field() -> None:
    spider = spider_for(2025)
    talk = only(run(spider, real(spider, 2025, SESSIONS + "3JMK73.yml", PEOPLE + "MNFLRN.yml")))
    assert talk.source_id == "3JMK73"
    assert talk.title == "The Duck and the DataFrame: A Data Engineer’s Journey with DuckDB"
    assert talk.speakers == ["Ankur Jain"]
    assert talk.start == dt.datetime(2025, 9, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=10)))
    assert talk.kind == "talk"
    assert talk.video_urls == ["https://www.youtube.com/watch?v=PaX6T6IbjTE"]
    assert talk.url == "https://2025.pycon.org.au/program/3JMK73"
    assert talk.related_urls == [{"label": "Talk schedule", "url": talk.url}]
    assert talk.description_format == "html"
    # abstract, then description, whose Markdown list lines became an HTML list
    assert talk.description.startswith("<p>I’ve used pandas for years")
    assert "<ul><li>Recognize where pandas starts to struggle" in talk.description
    assert talk.description.endswith("no cluster required</li></ul>")


def test_offsets_give_the_local_day() -> None:
    # 2024 (Melbourne, November: +11:00): a 09:05 opening is the previous day in UTC
    spider = spider_for(2024)
    talk = only(run(spider, real(spider, 2024, SESSIONS + "7338DW.yml", PEOPLE + "P9CXX8.yml")))
    assert talk.start is not None and isinstance(talk.start, dt.datetime)
    assert talk.start.utcoffset() == dt.timedelta(hours=11)
    assert talk.start.date() == dt.date(2024, 11, 22)
    assert talk.start.astimezone(dt.UTC).date() == dt.date(2024, 11, 21)
    assert talk.raw_start == "2024-11-22 09:05:00+11:00"
    # the edition's zone agrees with the offsets the site wrote
    assert spider.edition.timezone == "Australia/Melbourne"
    assert spider_for(2023).edition.timezone == "Australia/Adelaide"


def test_person_code_without_a_file(caplog) -> None:
    # Three Django Apps in a Trenchcoat: two speakers, one person file missing
    spider = spider_for(2024)
    files = real(spider, 2024, SESSIONS + "S7E8T7.yml", PEOPLE + "CYVHAC.yml")
    with caplog.at_level(logging.WARNING):
        talk = only(run(spider, files))
    assert talk.speakers == ["Matt Cengia"]
    [line] = messages(caplog)
    assert SESSIONS + "S7E8T7.yml" in line
    assert "talk S7E8T7" in line and "speakers" in line and "QD8GMS" in line


def test_session_without_youtube_slug_has_no_video() -> None:
    # a 2024 workshop on a sprint day: a talk, with no recording (the crawl counts it)
    spider = spider_for(2024)
    talk = only(run(spider, real(spider, 2024, SESSIONS + "HBB3ST.yml", PEOPLE + "GDHJCV.yml")))
    assert talk.video_urls == []
    assert talk.speakers and talk.start is not None


def test_slots_that_are_not_talks(caplog) -> None:
    spider = spider_for(2025)
    files = real(spider, 2025, SESSIONS + "9LDZWL.yml", SESSIONS + "FTGXNV.yml")
    # a 2025 break file (real content of pyconau/2025-website src/content/breaks/): no title
    files.append(
        SourceFile(
            "src/content/breaks/4448-2025-09-12T17-40-00+10-00.yml",
            "local",
            "room: ballroom3\nstart: 2025-09-12 17:40:00+10:00\n"
            "end: 2025-09-12 18:10:00+10:00\ndescription: Welcome reception\n",
        )
    )
    with caplog.at_level(logging.WARNING):
        event = run(spider, files)
    assert event.talks == []
    assert [reason for _, reason in skips(event)] == ["not scheduled", "sprint", "social"]
    assert "9LDZWL" in skips(event)[0][0] and "To be announced" in skips(event)[0][0]
    assert messages(caplog) == []


def test_2023_stall_is_not_scheduled() -> None:
    spider = spider_for(2023)
    event = run(spider, real(spider, 2023, SESSIONS + "8PDEHA.yml", PEOPLE + "JEXXZQ.yml"))
    assert event.talks == []
    assert skips(event) == [("slot 8PDEHA 'Snake Charmers'", "not scheduled")]


@pytest.mark.parametrize(
    ("year", "code", "people", "kind"),
    [
        (2023, "9YNMHN", ["RDUUGG"], "keynote"),  # type: keynote
        (2023, "UAR3GC", ["QWCHX7"], "lightning"),  # type: special, title Lightning Talks
        (2024, "3FTVHV", ["AHET73"], "lightning"),  # no type: the title says it
        (2025, "ZKJQAP", ["BCDL99"], "plenary"),  # plenary: true
        (2025, "LUJHMM", ["9L8UEL"], "talk"),  # "Escape from Tutorial Hell" is no tutorial
    ],
)
def test_kinds(year: int, code: str, people: list[str], kind: str) -> None:
    spider = spider_for(year)
    files = real(spider, year, SESSIONS + f"{code}.yml", *(PEOPLE + f"{p}.yml" for p in people))
    assert only(run(spider, files)).kind == kind


def test_malformed_yaml_names_the_file(caplog) -> None:
    spider = spider_for(2025)
    good, bad, person = real(
        spider, 2025, SESSIONS + "3JMK73.yml", SESSIONS + "ZKJQAP.yml", PEOPLE + "MNFLRN.yml"
    )
    bad = edited(bad, "title: ", "title: [unclosed ")
    with caplog.at_level(logging.WARNING):
        event = run(spider, [good, bad, person])
    assert [t.source_id for t in event.talks] == ["3JMK73"]
    [line] = messages(caplog)
    assert line.startswith(SESSIONS + "ZKJQAP.yml: ") and "skipped" in line


def test_missing_title_and_bad_youtube_slug(caplog) -> None:
    spider = spider_for(2025)
    talk_file, person = real(spider, 2025, SESSIONS + "3JMK73.yml", PEOPLE + "MNFLRN.yml")
    odd = edited(talk_file, "youtube_slug: PaX6T6IbjTE", "youtube_slug: not an id")
    with caplog.at_level(logging.WARNING):
        talk = only(run(spider, [odd, person]))
    assert talk.video_urls == ["https://www.youtube.com/watch?v=not an id"]
    [line] = messages(caplog)
    assert "talk 3JMK73" in line and "youtube_slug" in line
    caplog.clear()
    untitled = edited(talk_file, "title: 'The Duck", "subtitle: 'The Duck")
    with caplog.at_level(logging.WARNING):
        event = run(spider, [untitled, person])
    assert event.talks == [] and skips(event) == [("talk 3JMK73", "invalid")]
    [line] = messages(caplog, logging.ERROR)
    assert "talk 3JMK73" in line and "title" in line


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>We will cover:\n- a\n- b <b>c</b></p>",
            "<p>We will cover:</p><ul><li>a</li><li>b <b>c</b></li></ul>",
        ),
        (
            "<p>Outline- 30 min:\n* one\n* two</p>",
            "<p>Outline- 30 min:</p><ul><li>one</li><li>two</li></ul>",
        ),
        ("<p>a dash\n- once is no list</p>", "<p>a dash\n- once is no list</p>"),
        ("<p>no list - here</p><p>x</p>", "<p>no list - here</p><p>x</p>"),
    ],
)
def test_markdown_lists_in_html(html: str, expected: str) -> None:
    assert markdown_lists_to_html(html) == expected


def test_2020_generation_unchanged() -> None:
    spider = spider_for(2020)
    assert spider.edition.opt("session_dir") == "data/Session/"
    assert not spider.edition.opt("list_lines")  # 2020's expected records predate the repair


def test_new_edition_from_arguments() -> None:
    args: dict[str, Any] = {
        "year": "2026",
        "event": "pycon-au-2026",
        "title": "PyCon AU 2026",
        "start": "2026-09-04",
        "end": "2026-09-06",
        "timezone": "Australia/Melbourne",
        "sha": "0123abc",
    }
    spider = PyconAuSpider(**args)
    assert spider.edition.opt("repo") == "pyconau/2026-website"
    assert spider.edition.opt("talk_url") == "https://2026.pycon.org.au/program/{code}"
    assert spider.edition.opt("session_dir") == SESSIONS
    assert spider.edition.url == "https://2026.pycon.org.au"
    assert spider.tree_url().startswith("https://api.github.com/repos/pyconau/2026-website/")
    assert "0123abc" in spider.tree_url()
