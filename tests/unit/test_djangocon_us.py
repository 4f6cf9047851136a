"""DjangoCon US 2025: ``video_url`` is a bare YouTube id, made a URL by ``video_id_url``.

The files come from the golden case's recording (tests/recordings/djangocon-us-2025/).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from scrapers.items import Event
from scrapers.platforms.sitedata import SourceFile
from scrapers.tooling.httpcache import Recording
from spiders.djangocon_us import DjangoconUsSpider
from tests.recorded import edited

RECORDING = Path(__file__).resolve().parents[1] / "recordings" / "djangocon-us-2025"
CDT = dt.timezone(dt.timedelta(hours=-5))
TALK = "src/_content/schedule/talks/beyond-filters-modern-search-and-more-with-vectors-in-django.md"
PRESENTER = "src/_content/presenters/kumar-shivendu.md"


def read(spider: DjangoconUsSpider, path: str) -> SourceFile:
    entry = Recording.open(RECORDING).get("GET", spider.raw_url(path))
    assert entry is not None, path
    return SourceFile(path, spider.raw_url(path), entry.body.decode("utf-8"))


def run(spider: DjangoconUsSpider, files: list[SourceFile]) -> Event:
    event = spider.new_event()
    spider.parse_files(event, files)
    return event


@pytest.fixture
def spider() -> DjangoconUsSpider:
    return DjangoconUsSpider(year="2025")


def test_bare_video_id_becomes_a_watch_url(spider, caplog) -> None:
    caplog.set_level(logging.WARNING)
    event = run(spider, [read(spider, TALK), read(spider, PRESENTER)])
    assert "not a YouTube URL" not in caplog.text  # the id is a URL before it is checked
    (talk,) = event.talks
    assert talk.video_urls == ["https://www.youtube.com/watch?v=GvEkCBvvA_g"]
    assert talk.speakers == ["Kumar Shivendu"]
    assert talk.start == dt.datetime(2025, 9, 9, 14, 40, tzinfo=CDT)
    assert talk.url == (
        "https://2025.djangocon.us/talks/beyond-filters-modern-search-and-more-with-vectors-in-django/"
    )


def test_urls_and_odd_values_are_kept(spider, caplog) -> None:
    caplog.set_level(logging.WARNING)
    page = read(spider, TALK)
    url = edited(page, "video_url: GvEkCBvvA_g", "video_url: https://youtu.be/GvEkCBvvA_g")
    assert run(spider, [url]).talks[0].video_urls == ["https://youtu.be/GvEkCBvvA_g"]
    odd = edited(page, "video_url: GvEkCBvvA_g", "video_url: tba")
    assert run(spider, [odd]).talks[0].video_urls == ["tba"]  # reported, left to the pipelines
    assert "video_urls: not a YouTube URL 'tba'" in caplog.text


def test_earlier_editions_have_no_template() -> None:
    assert DjangoconUsSpider(year="2024").edition.opt("video_id_url") is None
    assert DjangoconUsSpider().edition.slug == "djangocon-us-2025"
