"""The site-data platform (scrapers/platforms/sitedata/__init__.py) and its spiders djangocon-us,
pyohio.

Two layers: real crawls replayed from tests/recordings/<event>/ in a subprocess (what a volunteer
runs), and parser tests that feed modified copies of the real files to a spider without a crawl,
to show that bad input gives one clear log line (file, talk, field) and never a traceback.
Recordings are rebuilt with ``python tools/build_sitedata_recordings.py``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scrapers.domain.policy import kind_tags
from scrapers.domain.slots import not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConfigError, Edition
from scrapers.platforms.sitedata import (
    FrontMatterSpider,
    SourceFile,
    split_front_matter,
)
from scrapers.tooling.httpcache import Recording
from tests.recorded import edited, no_traceback, recorded_files, talk

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "recordings"
EDT = dt.timezone(dt.timedelta(hours=-4))


class PickleItems:
    """Test-only pipeline: pickle the items to ``PICKLE_ITEMS_PATH`` (exact datetimes, no feed
    encoder in between)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Any] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> PickleItems:
        return cls(crawler.settings["PICKLE_ITEMS_PATH"])

    def process_item(self, item: Any) -> Any:
        self.items.append(item)
        return item

    def close_spider(self) -> None:
        Path(self.path).write_bytes(pickle.dumps(self.items))


def crawl(spider: str, year: int, tmp: Path) -> tuple[list[Event], str]:
    """Replay one real crawl in a subprocess; the items and the log."""
    out = tmp / f"{spider}-{year}.pickle"
    pipelines = json.dumps({f"{__name__}.PickleItems": 100})
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"year={year}",
        "-s", "RECORDING_MODE=replay",
        "-s", f"RECORDING_DIR={RECORDINGS / f'{spider}-{year}'}",
        "-s", f"ITEM_PIPELINES={pipelines}",
        "-s", "EXTENSIONS={}",
        "-s", f"PICKLE_ITEMS_PATH={out}",
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.exists(), proc.stderr[-3000:]
    return pickle.loads(out.read_bytes()), proc.stderr


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Event, str]]:
    """The four real events, crawled once for the module."""
    tmp = tmp_path_factory.mktemp("crawls")
    result = {}
    for spider, year in (("djangocon-us", 2023), ("djangocon-us", 2024), ("pyohio", 2024),
                         ("pyohio", 2025)):  # fmt: skip
        items, log = crawl(spider, year, tmp)
        assert len(items) == 1, "one Event per crawl"
        result[f"{spider}-{year}"] = (items[0], log)
    return result


def reasons(event: Event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in event.skipped:
        counts[s.reason] = counts.get(s.reason, 0) + 1
    return counts


# -- real crawls ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "talks", "skipped", "title", "start", "url"),
    [
        (
            "djangocon-us-2023", 64, {"break": 20, "meal": 9, "sprint": 2, "social": 2},
            "DjangoCon US 2023", (2023, 10, 8), "https://2023.djangocon.us",
        ),
        (
            "djangocon-us-2024", 62,
            {"break": 19, "meal": 11, "sprint": 2, "social": 1, "not a talk": 1},
            "DjangoCon US 2024", (2024, 9, 22), "https://2024.djangocon.us",
        ),
        (
            "pyohio-2024", 40, {"cancelled": 2}, "PyOhio 2024", (2024, 7, 27),
            "https://www.pyohio.org/2024/",
        ),
        (
            "pyohio-2025", 36, {"cancelled": 3}, "PyOhio 2025", (2025, 7, 26),
            "https://www.pyohio.org/2025/",
        ),
    ],
)  # fmt: skip
def test_event(crawls, key, talks, skipped, title, start, url) -> None:
    event, log = crawls[key]
    assert (event.slug, event.title, event.url, event.language) == (key, title, url, "eng")
    assert event.start_date == dt.date(*start)
    assert event.timezone == "America/New_York"
    assert event.source == key.rsplit("-", 1)[0]
    assert len(event.talks) == talks
    assert reasons(event) == skipped
    assert len({t.source_id for t in event.talks}) == talks
    assert "Traceback" not in log
    assert "not recorded" not in log
    for t in event.talks:
        assert isinstance(t.start, dt.datetime) and t.start.utcoffset() == dt.timedelta(hours=-4)
        assert t.source_url.startswith("https://raw.githubusercontent.com/")


def test_djangocon_us_2023_talks(crawls) -> None:
    event, _ = crawls["djangocon-us-2023"]
    t = talk(event, "afropython-using-django-to-change-black-people-life-in-brazil")
    assert t.title == "AfroPython: Using Django to change black people life in Brazil"
    assert t.speakers == ["Felipe de Morais"]
    assert t.start == dt.datetime(2023, 10, 16, 16, 45, tzinfo=EDT)
    assert t.raw_start == "2023-10-16 16:45:00-04:00"
    assert t.video_urls == ["https://youtu.be/FNDCGyTA5fE"]
    assert (t.kind, t.tags, t.description_format) == ("talk", [], "markdown")
    assert t.description.startswith("I'm Felipe de Morais, Co-CEO")  # the body, not the abstract
    page = "https://2023.djangocon.us/talks/afropython-using-django-to-change-black-people-life-in-brazil/"
    assert t.url == page
    assert t.related_urls == [{"label": "Talk Webpage", "url": page}]

    slug = "contributing-to-django-or-how-i-learned-to-stop-worrying-and-just-try-to-fix-an-orm-bug"
    t = talk(event, slug)
    assert t.speakers == ["Ryan Cheley (he/him)"]  # pronouns go in the speakers pipeline

    t = talk(event, "keynote-django-the-dinosaur")
    assert (t.kind, kind_tags(t.kind)) == ("keynote", ["keynote"])
    assert t.speakers == ["Julia Solórzano"]

    t = talk(event, "seamless-postgres-query-optimization")
    assert (t.kind, kind_tags(t.kind), t.video_urls) == ("tutorial", ["tutorial"], [])
    assert t.start == dt.datetime(2023, 10, 8, 9, 0, tzinfo=EDT)

    t = talk(event, "2023-10-17-12-30-t0-lightning-talks")  # no slug key: the file name
    assert (t.kind, kind_tags(t.kind)) == ("lightning", ["lightning talks"])
    assert t.url == "https://2023.djangocon.us/talks/lightning-talks-tuesday/"

    t = talk(event, "using-database-triggers-to-reliably-track-model-history")
    assert t.speakers == ["Wes Kendall", "Maxwell Muoto"]
    titles = {s.what for s in event.skipped}
    assert "slot 2023-10-16-13-20-lunch 'Lunch'" in titles  # category "talks", but a meal
    assert "slot 2023-10-18-19-00-django-trivia 'Django Trivia'" in titles


def test_djangocon_us_2024_talks(crawls) -> None:
    event, _ = crawls["djangocon-us-2024"]
    t = talk(event, "keynote-mario-munoz")
    assert t.title == "Keynote - How To Be A Developer and Other Lies We Tell Ourselves"
    assert t.speakers == ["Mario Munoz"]
    assert t.start == dt.datetime(2024, 9, 24, 9, 15, tzinfo=EDT)
    assert t.video_urls == ["https://youtu.be/rN1dhRHOs3A"]
    assert (t.kind, kind_tags(t.kind)) == ("keynote", ["keynote"])
    assert t.url == "https://2024.djangocon.us/talks/keynote-tuesday/"
    assert t.related_urls == [{"label": "Talk Webpage", "url": t.url}]

    t = talk(event, "level-up-your-django-performance-identifying-and-taming-n-1-queries")
    assert t.speakers == ["Mohammad Ahtasham ul Hassan", "Shafqat Farhan Ahmed"]
    assert t.start == dt.datetime(2024, 9, 24, 15, 0, tzinfo=EDT)

    t = talk(event, "how-to-build-more-accessible-websites-with-wagtail")
    assert (t.kind, kind_tags(t.kind), t.video_urls) == ("tutorial", ["tutorial"], [])
    assert t.speakers == ["Meagen Voss", "Scott Cranfill"]

    t = talk(event, "panel-discussion-django-communities")
    assert t.kind == "panel" and t.speakers == ["Lacey Henschel"]  # only the moderator
    assert all(s.detail == "src/_content/schedule/manual.yaml" for s in event.skipped)


def test_pyohio_2024_talks(crawls) -> None:
    event, log = crawls["pyohio-2024"]
    t = talk(event, "8TRXAM")
    assert t.title == "Boosting Neuroimaging Analysis and Results Digestibility 🧠"
    assert t.speakers == ["Carlos A Aranibar"]
    assert t.start == dt.datetime(2024, 7, 27, 14, 15, tzinfo=EDT)
    assert t.video_urls == ["https://youtu.be/lNC5DwuUb8M"]
    assert t.description_format == "html" and t.description.startswith("<p>Electroencephalogram")
    page = "https://www.pyohio.org/2024/program/talks/boosting-neuroimaging-analysis-and-results-digestibility"
    assert t.url == page
    assert t.related_urls == [{"label": "Presentation Webpage", "url": page}]

    t = talk(event, "EJSYK9")
    assert (t.title, t.speakers, t.kind) == ("Keynote", ["Steph Hippo"], "keynote")
    assert kind_tags(t.kind) == ["keynote"]
    t = talk(event, "79JCGZ")
    assert (t.kind, kind_tags(t.kind), t.speakers) == ("lightning", ["lightning talks"], [])
    assert talk(event, "VPKXVW").kind == "plenary"
    assert {s.what.split()[1] for s in event.skipped} == {"7GPCCR", "DCZDL9"}
    # the file gives one video to two talks: reported, kept for the pipelines
    dup = "'https://youtu.be/lNC5DwuUb8M' is also the video of talk 8TRXAM"
    assert f"talk C7YYRN: video_urls: {dup}" in log


def test_pyohio_2025_talks(crawls) -> None:
    event, _ = crawls["pyohio-2025"]
    t = talk(event, "UTTY3T")
    assert t.speakers == ["Rodrigo Silva Ferreira", "Helianildes Silva Ferreira"]
    assert t.start == dt.datetime(2025, 7, 27, 12, 30, tzinfo=EDT)
    assert t.video_urls == ["https://www.youtube.com/watch?v=qvLZpdb_XqA"]
    assert t.url == "https://www.pyohio.org/2025/program/talks/from-fortran-to-python"
    t = talk(event, "H3GQP7")
    assert (t.speakers, t.video_urls) == (["Anthony"], [])
    t = talk(event, "SUMQSQ")
    assert (t.kind, kind_tags(t.kind)) == ("keynote", ["keynote"])
    assert t.title.startswith("Keynote: The Right Vibe")
    cancelled = sorted(s.what.split()[1] for s in event.skipped if s.reason == "cancelled")
    assert cancelled == ["77MGPC", "L7HLC9", "SGYYGL"]  # "CANCELED:" with no start time


def youtube_id(url: str) -> str | None:
    m = re.search(r"(?:v=|youtu\.be/|embed/)([\w-]{11})", url)
    return m[1] if m else None


@pytest.mark.parametrize(
    ("key", "minimum"),
    [("djangocon-us-2023", 52), ("djangocon-us-2024", 55), ("pyohio-2024", 20),
     ("pyohio-2025", 34)],
)  # fmt: skip
def test_corpus_agreement(crawls, corpus, key, minimum) -> None:
    """Sanity figure: corpus records with a talk of the same YouTube id, title and speakers."""
    event, _ = crawls[key]
    by_video: dict[str | None, list[Talk]] = {}
    for t in event.talks:
        for u in t.video_urls:
            by_video.setdefault(youtube_id(u), []).append(t)
    same = {"video": 0, "title": 0, "speakers": 0, "all": 0}
    records = sorted((corpus / key / "videos").glob("*.json"))
    for path in records:
        record = json.loads(path.read_text())
        found = [t for v in record["videos"] for t in by_video.get(youtube_id(v["url"]), [])]
        if found:  # is there a talk with this video, and with its title, speakers, both?
            same["video"] += 1
            same["title"] += any(t.title == record["title"] for t in found)
            same["speakers"] += any(t.speakers == record["speakers"] for t in found)
            same["all"] += any(
                (t.title, t.speakers) == (record["title"], record["speakers"]) for t in found
            )
    print(f"{key}: {len(records)} corpus records, same {same}")
    assert same["all"] >= minimum


# -- parser tests on modified copies of the real files ------------------------------------------


def spider_class(module: str) -> type:
    mod = importlib.import_module(f"spiders.{module.replace('-', '_')}")
    return next(v for v in vars(mod).values() if getattr(v, "name", None) == module)


AFRO = (
    "_schedule/talks/"
    "2023-10-16-16-45-t0-afropython-using-django-to-change-black-people-life-in-brazil.md"
)
FELIPE = "_presenters/felipe.md"


@pytest.fixture
def djangocon_2023() -> tuple[Any, dict[str, SourceFile]]:
    spider = spider_class("djangocon-us")(year="2023")
    return spider, recorded_files(spider, "djangocon-us-2023", [AFRO, FELIPE])


@pytest.fixture
def pyohio_2025() -> tuple[Any, SourceFile, list[dict[str, Any]]]:
    spider = spider_class("pyohio").generation_for(2025)(name="pyohio", year="2025")
    path = "2025/src/content/jsonData/talks.json"
    f = recorded_files(spider, "pyohio-2025", [path])[path]
    return spider, f, json.loads(f.text)


def run(spider: Any, files: list[SourceFile]) -> Event:
    event = spider.new_event()
    spider.parse_files(event, files)
    return event


def as_json(f: SourceFile, data: Any) -> SourceFile:
    return SourceFile(f.path, f.url, json.dumps(data))


def test_frontmatter_real_file_parses(djangocon_2023) -> None:
    spider, files = djangocon_2023
    event = run(spider, list(files.values()))
    assert [t.speakers for t in event.talks] == [["Felipe de Morais"]]


def test_frontmatter_missing_title(djangocon_2023, caplog) -> None:
    spider, files = djangocon_2023
    bad = edited(files[AFRO], "title: 'AfroPython", "subtitle: 'AfroPython")
    event = run(spider, [files[FELIPE], bad])
    assert event.talks == []
    assert [s.reason for s in event.skipped] == ["invalid"]
    assert (
        f"{AFRO}: talk afropython-using-django-to-change-black-people-life-in-brazil: "
        "title: missing; talk skipped"
    ) in caplog.text
    no_traceback(caplog)


def test_frontmatter_unparseable_date(djangocon_2023, caplog) -> None:
    spider, files = djangocon_2023
    bad = edited(files[AFRO], "date: 2023-10-16 16:45:00-04:00", "date: 'Monday after lunch'")
    [t] = run(spider, [files[FELIPE], bad]).talks
    assert (t.start, t.raw_start) == (None, "Monday after lunch")
    assert "talk afropython-using-django-to-change-black-people-life-in-brazil: date: " \
           "unparseable date 'Monday after lunch'" in caplog.text  # fmt: skip
    no_traceback(caplog)


def test_frontmatter_naive_date_gets_edition_zone(djangocon_2023) -> None:
    spider, files = djangocon_2023
    bad = edited(files[AFRO], "date: 2023-10-16 16:45:00-04:00", "date: '2023-10-16 16:45'")
    [t] = run(spider, [files[FELIPE], bad]).talks
    assert t.start.isoformat() == "2023-10-16T16:45:00-04:00"


def test_frontmatter_html_in_name(djangocon_2023, caplog) -> None:
    spider, files = djangocon_2023
    bad = edited(files[FELIPE], "name: Felipe de Morais", "name: <b>Felipe</b> de&nbsp;Morais")
    [t] = run(spider, [bad, files[AFRO]]).talks
    assert t.speakers == ["Felipe de Morais"]
    assert f"{FELIPE}: presenter felipe: speakers: HTML in name" in caplog.text
    no_traceback(caplog)


def test_frontmatter_unknown_presenter_and_bad_yaml(djangocon_2023, caplog) -> None:
    spider, files = djangocon_2023
    event = run(spider, [files[AFRO]])  # no presenter file
    assert event.talks[0].speakers == []
    assert "presenter_slugs: no presenter file for 'felipe'" in caplog.text
    broken = edited(files[AFRO], "title: 'AfroPython", "title: [AfroPython")
    assert run(spider, [broken]).talks == []
    assert f"{AFRO}: invalid front matter" in caplog.text
    no_traceback(caplog)


def test_frontmatter_listed_twice(djangocon_2023, caplog) -> None:
    spider, files = djangocon_2023
    copy = SourceFile(AFRO.replace("16-45", "17-45"), files[AFRO].url, files[AFRO].text)
    event = run(spider, [files[FELIPE], files[AFRO], copy])
    assert len(event.talks) == 1
    assert [s.reason for s in event.skipped] == ["duplicate"]
    assert "source_id: listed twice" in caplog.text


def test_frontmatter_non_youtube_video(djangocon_2023, caplog) -> None:
    spider, files = djangocon_2023
    bad = edited(files[AFRO], "https://youtu.be/FNDCGyTA5fE", "https://vimeo.com/12345")
    [t] = run(spider, [files[FELIPE], bad]).talks
    assert t.video_urls == ["https://vimeo.com/12345"]
    assert "video_urls: not a YouTube URL 'https://vimeo.com/12345' (kept)" in caplog.text


def test_talks_json_bad_inputs(pyohio_2025, caplog) -> None:
    spider, f, talks = pyohio_2025
    caplog.set_level(logging.WARNING)
    by_code = {t["code"]: t for t in talks}
    by_code["BCR7DQ"]["title"] = ""  # missing title
    by_code["UTTY3T"]["start_time"] = "2025-07-27T25:99"  # unparseable
    by_code["H3GQP7"]["speakers"][0]["name"] = "<em>Anthony</em>"  # HTML in a name
    by_code["XKSRMQ"]["youtube_url"] = "https://vimeo.com/1"  # not YouTube
    talks.append(dict(by_code["WLDTLY"], title="Listed twice"))  # same code again
    event = run(spider, [as_json(f, talks)])
    where = f"{f.url}: talk"
    assert len(event.talks) == 36 - 1
    assert reasons(event) == {"cancelled": 3, "invalid": 1, "duplicate": 1}
    assert f"{f.path}: talk BCR7DQ: title: missing; talk skipped" in caplog.text
    assert talk(event, "UTTY3T").start is None
    assert "talk UTTY3T: start_time: unparseable date '2025-07-27T25:99'" in caplog.text
    assert talk(event, "H3GQP7").speakers == ["Anthony"]
    assert "talk H3GQP7: speakers: HTML in name '<em>Anthony</em>'" in caplog.text
    assert talk(event, "XKSRMQ").video_urls == ["https://vimeo.com/1"]
    assert f"{where} XKSRMQ: video_urls: not a YouTube URL" in caplog.text
    assert talk(event, "WLDTLY").title.startswith("From Forge to Keyboard")
    assert f"{where} WLDTLY: source_id: listed twice; later entry 'Listed twice'" in caplog.text
    no_traceback(caplog)


def test_talks_json_not_json(pyohio_2025, caplog) -> None:
    spider, f, _ = pyohio_2025
    event = run(spider, [SourceFile(f.path, f.url, f.text[:500])])
    assert event.talks == []
    assert f"{f.path}: invalid JSON" in caplog.text
    no_traceback(caplog)


# -- helpers and configuration -------------------------------------------------------------------


def test_front_matter_split() -> None:
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1\n", "body\n")
    assert split_front_matter("---\r\na: 1\r\n---\r\n") == ("a: 1\r\n", "")
    assert split_front_matter("no front matter") is None


@pytest.mark.parametrize(
    ("title", "category", "reason"),
    [
        ("Break (snacks available)", None, "break"),
        ("Early Lunch", "talks", "meal"),
        ("Contribution Sprints", None, "sprint"),
        ("Board Game Night", None, "social"),
        ("Canceled: Gotta Go Fast!", None, "cancelled"),
        ("Nothing for Us; Breaking Unconscious Bias", "talks", None),
        ("Orientation and Welcome", "talks", None),
        ("Anything", "social-event", "social"),
    ],
)
def test_not_talk_reason(title, category, reason) -> None:
    assert not_talk_reason(title, category) == reason


def test_talk_kind() -> None:
    assert talk_kind("Keynote: Changelog", "Keynote") == "keynote"
    assert talk_kind("Django DevOps", "tutorials") == "tutorial"
    assert talk_kind("Lightning Talks", "Plenary Session") == "lightning"
    assert talk_kind("Saturday Welcome", "Plenary Session") == "plenary"
    assert talk_kind("A Bug's Life", "30 Minute Talk") == "talk"


def test_default_year_is_latest_and_urls() -> None:
    assert spider_class("djangocon-us")().edition.slug == "djangocon-us-2025"
    assert spider_class("pyohio")().edition.slug == "pyohio-2026"
    pyohio = spider_class("pyohio").generation_for(2025)(name="pyohio", year="2025")
    assert pyohio.edition.slug == "pyohio-2025"
    assert pyohio.raw_url("2025/src/content/jsonData/talks.json") == (
        "https://raw.githubusercontent.com/pyohio/pyohio-static-website/"
        "c2a8872729128b784565d77864ee1f55591e31eb/2025/src/content/jsonData/talks.json"
    )
    assert spider_class("djangocon-us")(year="2023").tree_url() == (
        "https://api.github.com/repos/djangocon/2023.djangocon.us/git/trees/"
        "0acd0d6c164a2e7eb52d41db2965db74a9558fa0?recursive=1"
    )


def test_edition_without_repository_fails_at_class_definition() -> None:
    with pytest.raises(ConfigError, match="lacks options"):

        class Broken(FrontMatterSpider):
            name = "broken"
            editions = {2020: Edition(slug="broken-2020", title="Broken", options={"repo": "a/b"})}


def test_tree_listing_errors(caplog) -> None:
    from scrapy.http import TextResponse

    spider = spider_class("djangocon-us")(year="2023")
    url = spider.tree_url()
    body = Recording.open(RECORDINGS / "djangocon-us-2023").get("GET", url).body
    listing = json.loads(body)
    ok = TextResponse(url, body=body, encoding="utf-8")
    paths = spider.list_tree(ok, ["_presenters/"])
    assert len(paths) == 59 and all(p.startswith("_presenters/") for p in paths)
    truncated = TextResponse(url, body=json.dumps(dict(listing, truncated=True)).encode())
    assert len(spider.list_tree(truncated, ["_schedule/"])) == 97
    assert "the tree listing is truncated" in caplog.text
    assert spider.list_tree(TextResponse(url, status=404, body=b"{}"), ["_schedule/"]) is None
    assert "tree listing returned HTTP 404" in caplog.text
    assert spider.list_tree(TextResponse(url, body=b"<html>"), ["_schedule/"]) is None
    assert "not a GitHub tree listing" in caplog.text
    no_traceback(caplog)
