"""The Astro MDX platform (scrapers/platforms/sitedata/astromdx.py) and its spider ``europython``.

Parser tests feed the real EuroPython 2024 files (the bodies of the golden case's recording,
tests/recordings/europython-2024/, built from ../shared by ``python
tools/build_sitedata_recordings.py europython-2024``) to the spider in-process, unchanged or with
one nasty edit each, and assert per field; the full crawl is the golden case.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest

from scrapers.domain.text import markdown_to_rst, rst_problems
from scrapers.items import Event
from scrapers.platforms.base import ConfigError, Edition
from scrapers.platforms.sitedata import SourceFile
from scrapers.platforms.sitedata.astromdx import AstroMdxSpider
from spiders.europython import EuropythonSpider
from tests.recorded import edited, no_traceback, recorded_files, talk

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "recordings" / "europython-2024"
SESSIONS = "src/content/sessions/"
SPEAKERS = "src/content/speakers/"
DAYS = "src/content/days/"
CEST = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture(scope="module")
def files() -> dict[str, SourceFile]:
    return recorded_files(EuropythonSpider(year="2024"), "europython-2024")


@pytest.fixture
def spider() -> EuropythonSpider:
    return EuropythonSpider(year="2024")


def run(spider: AstroMdxSpider, files: list[SourceFile]) -> Event:
    event = spider.new_event()
    spider.parse_files(event, files)
    return event


def speaker_files(files: dict[str, SourceFile]) -> list[SourceFile]:
    return [f for p, f in files.items() if p.startswith(SPEAKERS)]


# -- the whole edition -------------------------------------------------------------------------


def test_whole_edition(spider, files) -> None:
    event = run(spider, list(files.values()))
    assert len(event.talks) == 167
    reasons: dict[str, int] = {}
    for s in event.skipped:
        reasons[s.reason] = reasons.get(s.reason, 0) + 1
    assert reasons == {"break": 16, "meal": 5}
    with_video = [t for t in event.talks if t.video_urls]
    assert len(with_video) == 135
    assert all(t.start and t.start.utcoffset() == dt.timedelta(hours=2) for t in event.talks)
    assert {t.kind for t in event.talks} == {
        "talk",
        "keynote",
        "tutorial",
        "panel",
        "lightning",
        "workshop",
    }


def test_real_talk_fields(spider, files) -> None:
    """A sponsored talk: speaker by slug, times with offset, page and slides in related_urls."""
    t = talk(run(spider, list(files.values())), "ALVMH3")
    assert t.title == "Multimedia processing with FFMpeg and Python"
    assert t.speakers == ["Michał Rokita"]
    assert t.start == dt.datetime(2024, 7, 11, 14, 0, tzinfo=CEST)
    assert t.raw_start == "2024-07-11T14:00:00+02:00"
    assert t.video_urls == ["https://youtube.com/watch?v=J9PhTL9NnxM"]
    assert t.kind == "talk"
    assert t.language is None  # the edition's (eng)
    assert (
        t.url == "https://ep2024.europython.eu/session/multimedia-processing-with-ffmpeg-and-python"
    )
    assert t.related_urls == [
        {"label": "Talk URL", "url": t.url},
        {"label": "Slides & Sources", "url": "https://mrokita.github.io/europython-ffmpeg"},
    ]
    assert t.description.startswith("Multimedia processing can be very complex")
    assert t.description_format == "markdown"


def test_breaks_and_meals_from_the_day_grid(spider, files) -> None:
    event = run(spider, [files[DAYS + "2024-07-12.json"]])
    skipped = [(s.what, s.reason) for s in event.skipped]
    assert ("slot 'Lunch' 2024-07-12 13:00", "meal") in skipped
    assert ("slot 'Setup for lightning talks' 2024-07-12 16:20", "break") in skipped
    assert sum(r == "break" for _, r in skipped) == 3
    # the grid's sessions have no file here: each one is reported, none is silently lost
    missing = [s for s in event.skipped if s.reason == "no session file"]
    assert len(missing) == 46
    assert all(s.detail == DAYS + "2024-07-12.json" for s in missing)


# -- nasty cases ---------------------------------------------------------------------------------


def test_speaker_slug_without_file(spider, files, caplog) -> None:
    """A dangling slug is reported; the day grid's name is used when the grid has it."""
    session = files[SESSIONS + "8NYTHE.mdx"]  # CPython Core Development Panel, six speakers
    people = [f for f in speaker_files(files) if "name: Carol Willing" not in f.text]
    caplog.set_level(logging.WARNING)
    t = talk(run(spider, [*people, session]), "8NYTHE")
    assert "Carol Willing" not in t.speakers
    assert len(t.speakers) == 5
    assert f"{SESSIONS}8NYTHE.mdx: talk 8NYTHE: speakers: no speaker file for 'carol-willing'" in (
        caplog.text
    )
    # the day grid lists the panel with its speakers' names: it fills the gap
    grid = files[DAYS + "2024-07-10.json"]
    t = talk(run(spider, [*people, grid, session]), "8NYTHE")
    assert t.speakers[0] == "Carol Willing"
    assert len(t.speakers) == 6
    no_traceback(caplog)


def test_session_without_recording_is_a_talk_without_video(spider, files) -> None:
    """A tutorial without ``youtube_url`` stays a talk (a playlist may have it): no video link."""
    t = talk(run(spider, [*speaker_files(files), files[SESSIONS + "CL3NZ9.mdx"]]), "CL3NZ9")
    assert t.title == "Data Analysis, the Polars Way"
    assert t.video_urls == []
    assert t.kind == "tutorial"
    assert t.speakers == ["Jan Pipek"]


def test_not_talk_session_types(spider, files) -> None:
    sessions = [f for p, f in files.items() if p.startswith(SESSIONS)]
    event = run(spider, [*speaker_files(files), *sessions])
    skipped = {s.what: s.reason for s in event.skipped}
    # registration slots (Announcements, no speakers, no video) are breaks
    assert skipped["slot AB3FCD 'Monday Registration & Welcome @ Forum Hall Foyer 1st Floor'"] == (
        "break"
    )
    assert len(skipped) == 5
    # a recorded "Sprint orientation" is content, not a sprint; an opening session too
    assert talk(event, "QVFRR7").video_urls == ["https://youtube.com/watch?v=8Vv4l2Q0tHk"]
    assert talk(event, "HFKHBF").speakers == []
    # "at a party" in a talk title with a speaker is no social event
    assert talk(event, "WBFDNJ").speakers == ["Tibs"]
    assert talk(event, "HAEWRZ").kind == "lightning"
    assert talk(event, "3U9ZVR").kind == "keynote"
    assert talk(event, "Y3YDNQ").kind == "panel"
    # a type that is never a talk is skipped even with speakers and a video
    lunch = edited(files[SESSIONS + "39V7BK.mdx"], "session_type: Sponsored", "session_type: Lunch")
    event = run(spider, [*speaker_files(files), lunch])
    assert event.talks == []
    assert [(s.reason, s.detail) for s in event.skipped] == [("meal", SESSIONS + "39V7BK.mdx")]


def test_markdown_abstract_with_links_and_lists(spider, files) -> None:
    paths = [SESSIONS + "G3PHLZ.mdx", SESSIONS + "7XMZGV.mdx"]
    event = run(spider, [*speaker_files(files), *(files[p] for p in paths)])
    links = talk(event, "G3PHLZ")
    assert links.description.startswith(
        "[PEP 729 – Typing governance process](https://peps.python.org/pep-0729/) proposes"
    )
    rst = markdown_to_rst(links.description)
    assert "`PEP 729 – Typing governance process <https://peps.python.org/pep-0729/>`__" in rst
    assert "`Per Martin-Löf <https://en.wikipedia.org/wiki/Per_Martin-L%C3%B6f>`__'s" in rst
    lists = talk(event, "7XMZGV")
    assert lists.description_format == "markdown"
    assert "\n    - Scheduling callbacks\n" in lists.description  # the source's nesting
    rst = markdown_to_rst(lists.description)
    assert (
        "- **Hands-On Building:** Constructing an event loop from scratch\n\n  - Scheduling" in rst
    )
    assert rst_problems(rst) == []
    assert lists.related_urls[1:] == [
        {"label": "Slides", "url": "https://slides.com/art049/demystifying-asyncio"},
        {"label": "Code", "url": "https://github.com/art049/my-python-event-loop/"},
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("---\ncode: 39V7BK", "code: 39V7BK", "no front matter; file skipped"),
        ("title: 'Edges", "title: ['Edges", "invalid front matter"),
        (
            "---\ncode: 39V7BK",
            "---\n- just\n- a list\n---\ncode: 39V7BK",
            "front matter is not a mapping",
        ),
    ],
)
def test_bad_front_matter_is_skipped_naming_the_file(
    spider, files, caplog, old, new, message
) -> None:
    path = SESSIONS + "39V7BK.mdx"
    event = run(spider, [*speaker_files(files), edited(files[path], old, new)])
    assert event.talks == []
    assert [(s.what, s.reason) for s in event.skipped] == [(f"file {path}", "invalid")]
    assert f"{path}: {message}" in caplog.text
    no_traceback(caplog)


def test_missing_title_and_naive_or_bad_start(spider, files, caplog) -> None:
    path = SESSIONS + "39V7BK.mdx"
    event = run(spider, [edited(files[path], "title: 'Edges", "subtitle: 'Edges")])
    assert [(s.what, s.reason) for s in event.skipped] == [("talk 39V7BK", "invalid")]
    assert f"{path}: talk 39V7BK: title: missing; talk skipped" in caplog.text
    naive = edited(files[path], "start: '2024-07-12T11:20:00+02:00'", "start: '2024-07-12 11:20'")
    [t] = run(spider, [naive]).talks
    assert t.start.isoformat() == "2024-07-12T11:20:00+02:00"  # Europe/Prague in July
    bad = edited(files[path], "start: '2024-07-12T11:20:00+02:00'", "start: 'Friday late'")
    [t] = run(spider, [bad]).talks
    assert (t.start, t.raw_start) == (None, "Friday late")
    assert f"{path}: talk 39V7BK: start: unparseable date 'Friday late'" in caplog.text
    no_traceback(caplog)


def test_resources_shapes_and_language(spider, files, caplog) -> None:
    path = SESSIONS + "NKFDPW.mdx"
    f = files[path]
    lone = edited(f, "resources:\n- description: Slides\n  resource:", "resources:\n  resource:")
    [t] = run(spider, [lone]).talks
    assert t.related_urls[1] == {"label": t.related_urls[1]["url"], "url": t.related_urls[1]["url"]}
    junk = edited(
        f,
        "resources:\n- description: Slides\n  resource: https",
        "language: de\nresources:\n- resource: ftp",
    )
    [t] = run(spider, [junk]).talks
    assert len(t.related_urls) == 1  # only the talk page
    assert t.language == "de"
    assert f"{path}: talk NKFDPW: resources: not a link 'ftp://pretalx.com/media/" in caplog.text
    no_traceback(caplog)


def test_odd_speaker_shapes(spider, files, caplog) -> None:
    """A lone slug, a ``{name}`` object (the day grid's shape) and a number: no traceback."""
    f = files[SESSIONS + "39V7BK.mdx"]
    people = speaker_files(files)
    lone = edited(f, "speakers:\n- elvis-pranskevichus", "speakers: elvis-pranskevichus")
    assert run(spider, [*people, lone]).talks[0].speakers == ["Elvis Pranskevichus"]
    named = edited(f, "- elvis-pranskevichus", "- {name: <b>Elvis</b> P., slug: nobody}")
    assert run(spider, [*people, named]).talks[0].speakers == ["Elvis P."]
    number = edited(f, "speakers:\n- elvis-pranskevichus", "speakers: 42")
    assert run(spider, [*people, number]).talks[0].speakers == []
    assert "talk 39V7BK: speakers: no speaker file for 42" in caplog.text
    no_traceback(caplog)


def test_same_code_twice_and_i18n_type(spider, files, caplog) -> None:
    f = files[SESSIONS + "3U9ZVR.mdx"]
    i18n = edited(f, "session_type: Keynote", "session_type: {en: Keynote, de: Hauptvortrag}")
    copy = SourceFile(SESSIONS + "3U9ZVR-copy.mdx", f.url, f.text)
    event = run(spider, [i18n, copy])
    assert [t.kind for t in event.talks] == ["keynote"]
    assert [s.reason for s in event.skipped] == ["duplicate"]
    assert "source_id: listed twice" in caplog.text


# -- editions: class defaults, arguments, local checkout ----------------------------------------


def test_options_default_from_the_class() -> None:
    options = EuropythonSpider.editions[2024].options
    assert options["repo"] == "EuroPython/website"
    assert options["paths"] == (SESSIONS, SPEAKERS, DAYS)
    assert options["talk_page_label"] == "Talk URL"

    class Other(AstroMdxSpider):
        name = "other"
        repo = "someone/site"
        sessions_dir = "content/talks/"
        days_dir = ""
        editions = {2025: Edition(slug="other-2025", title="Other 2025", options={"sha": "abc"})}

    assert Other.editions[2025].options["paths"] == ("content/talks/", SPEAKERS)
    assert (
        Other(year="2025").raw_url("x.mdx")
        == "https://raw.githubusercontent.com/someone/site/abc/x.mdx"
    )
    moved = EuropythonSpider(year="2024", sessions_dir="site/sessions")
    assert moved.edition.opt("paths") == ("site/sessions/", SPEAKERS, DAYS)
    assert moved.edition.opt("sessions_dir") == "site/sessions/"


NEW = {
    "event": "europython-2023",
    "title": "EuroPython 2023",
    "start": "2023-07-17",
    "end": "2023-07-23",
    "timezone": "Europe/Prague",
}


def test_new_edition_from_arguments(tmp_path) -> None:
    spider = EuropythonSpider(year="2023", source=str(tmp_path), **NEW)
    ed = spider.edition
    assert (ed.slug, ed.title, ed.timezone) == (
        "europython-2023",
        "EuroPython 2023",
        "Europe/Prague",
    )
    assert (ed.start_date, ed.end_date) == (dt.date(2023, 7, 17), dt.date(2023, 7, 23))
    assert ed.url == "https://ep2023.europython.eu/"
    assert ed.opt("paths") == (SESSIONS, SPEAKERS, DAYS)
    assert ed.opt("sha") is None  # a pinned commit belongs to its edition only
    with pytest.raises(ConfigError, match="missing: sha"):
        EuropythonSpider(year="2023", **NEW)
    pinned = EuropythonSpider(year="2023", sha="0123abc", **NEW)
    assert pinned.tree_url().endswith("/repos/EuroPython/website/git/trees/0123abc?recursive=1")


def comparable(event: Event) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    talks = [{k: v for k, v in vars(t).items() if k != "source_url"} for t in event.talks]
    return talks, [(s.what, s.reason, s.detail) for s in event.skipped]


def test_local_checkout_gives_the_recorded_talks(files, tmp_path) -> None:
    """``-a source=<folder>`` (the recording's files laid out as the repository) = the replay."""
    for path, f in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.text, encoding="utf-8")
    (tmp_path / "README.md").write_text("not content", encoding="utf-8")  # outside the paths

    async def crawl(spider: AstroMdxSpider) -> list[Event]:
        return [item async for item in spider.start()]

    local = EuropythonSpider(year="2023", source=str(tmp_path), **NEW)
    [event] = asyncio.run(crawl(local))
    assert event.slug == "europython-2023"
    assert event.source_urls == [str(tmp_path)]
    replayed = run(EuropythonSpider(year="2024"), list(files.values()))
    assert comparable(event) == comparable(replayed)
    assert len(event.talks) == 167
