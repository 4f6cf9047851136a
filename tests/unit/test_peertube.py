"""PeerTube source: source specs, API objects -> Recordings, paging, details and the date window.

The API responses are the ones tools/build_pretalx_recordings.py builds from the curated corpus
records of PyCon FR 2024/2025 (real uuids, titles, descriptions, durations, thumbnails) and
serves in tests/recordings/pycon-fr-<year>/; a test that needs a case the corpus lacks (a
private video, a playlist element without video) changes one field of such an object and says so.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import TextResponse

from scrapers.domain.datatree import video_keys
from scrapers.domain.record import build_record, video_entry
from scrapers.items import Event
from scrapers.tooling.httpcache import Recording
from scrapers.videohosts.peertube import (
    PeerTubeError,
    PeerTubeSource,
    is_truncated,
    parse_spec,
    recording_from_video,
)

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "recordings"
INSTANCE = "https://indymotion.fr"
ODOO = "b2edc9d7-7b52-489f-919f-fc854873949d"  # "À la découverte ... Odoo", PyCon FR 2024


def pycon_fr(year: int, **kwargs: str) -> Any:
    return importlib.import_module("spiders.pycon_fr").PyconFrSpider(year=str(year), **kwargs)


def serve(spider: Any, folder: str, log: list[str]) -> None:
    """Make ``spider.fetch`` answer from a recording folder, remembering each URL asked."""
    rec = Recording.open(RECORDINGS / folder)

    async def fetch(url: str, **_kwargs: Any) -> TextResponse:
        log.append(url)
        entry = rec.get("GET", url)
        if entry is None:
            return TextResponse(url, body=b"{}", status=404, encoding="utf-8")
        return TextResponse(url, body=entry.body, status=entry.status, encoding="utf-8")

    spider.fetch = fetch


def listed_video(uuid: str = ODOO) -> dict[str, Any]:
    """The channel list entry of one video, as recorded."""
    rec = Recording.open(RECORDINGS / "pycon-fr-2024")
    spec = parse_spec(pycon_fr(2024).edition.opt("peertube"))
    for start in (0, 100):
        entry = rec.get("GET", spec.list_url(start))
        assert entry is not None
        for video in json.loads(entry.body)["data"]:
            if video["uuid"] == uuid:
                return video
    raise AssertionError(uuid)


@pytest.mark.parametrize(
    ("value", "kind", "name"),
    [
        ("https://indymotion.fr/c/pyconfr", "channel", "pyconfr"),
        ("https://indymotion.fr/c/pyconfr/videos", "channel", "pyconfr"),
        ("https://indymotion.fr/video-channels/pyconfr", "channel", "pyconfr"),
        ("https://indymotion.fr/a/afpy/", "account", "afpy"),
        ("https://indymotion.fr/w/p/7ZN6k7KKG1wab3g9Fh8h1E", "playlist", "7ZN6k7KKG1wab3g9Fh8h1E"),
        ("https://indymotion.fr/video-playlists/abc", "playlist", "abc"),
    ],
)
def test_spec_from_url(value: str, kind: str, name: str) -> None:
    spec = parse_spec(value, since=dt.date(2024, 10, 31))
    assert (spec.instance, spec.kind, spec.name) == (INSTANCE, kind, name)
    # a channel holds every year: the edition's start opens the window; a playlist is whole
    assert spec.since == (None if kind == "playlist" else dt.date(2024, 10, 31))


def test_spec_urls_and_option() -> None:
    spec = parse_spec({"instance": INSTANCE + "/", "channel": "pyconfr", "until": "2025-10-29"})
    assert (
        spec.list_url(100) == f"{INSTANCE}/api/v1/video-channels/pyconfr/videos?start=100&count=100"
    )
    assert spec.video_url(ODOO) == f"{INSTANCE}/api/v1/videos/{ODOO}"
    assert spec.until == dt.date(2025, 10, 29)
    playlist = parse_spec({"instance": INSTANCE, "playlist": "xyz"})
    assert playlist.list_url(0).endswith("/api/v1/video-playlists/xyz/videos?start=0&count=100")


@pytest.mark.parametrize(
    "value",
    [
        "https://indymotion.fr/videos/watch/" + ODOO,  # a video, not a source
        "indymotion.fr/c/pyconfr",  # no scheme
        {"instance": INSTANCE},  # no channel, account or playlist
        {"instance": INSTANCE, "channel": "a", "playlist": "b"},  # two sources
    ],
)
def test_bad_specs_say_what_to_give(value: Any) -> None:
    with pytest.raises(PeerTubeError, match="channel"):
        parse_spec(value)


def test_recording_fields_and_keys_agree_with_the_data_tree() -> None:
    video = listed_video()
    rec = recording_from_video(video, INSTANCE, 3, f"{INSTANCE}/c/pyconfr")
    assert rec is not None
    assert (rec.host, rec.video_id, rec.position) == ("peertube", ODOO, 3)
    assert rec.url == f"{INSTANCE}/videos/watch/{ODOO}"  # as the corpus writes it
    assert rec.title.startswith("À la découverte de la communauté libre")
    assert (rec.duration, rec.language, rec.status) == (3230, "fr", "public")
    assert rec.thumbnail_url == (
        f"{INSTANCE}/lazy-static/thumbnails/a0cc3424-e918-4ec2-96c1-32b2e0b67798.jpg"
    )
    assert rec.published == dt.date(2024, 11, 2)
    # one identity for the video, whichever way the pipeline meets it
    record = build_record(Event(slug="pycon-fr-2024", title="PyCon FR 2024"), recording=rec)
    assert record.data["videos"] == [{"type": "peertube", "url": rec.url}]
    assert video_keys(record.data) == [rec.key] == [record.video_key]
    assert video_entry(rec.url)[0] == rec.key


def test_statuses_from_privacy_and_state() -> None:
    video = copy.deepcopy(listed_video())
    video["privacy"] = {"id": 3, "label": "Private"}  # changed: the corpus holds public videos
    assert recording_from_video(video, INSTANCE, 0, "").status == "private"
    video["privacy"] = {"id": 2, "label": "Unlisted"}
    video["state"] = {"id": 4, "label": "Waiting for live stream"}
    assert recording_from_video(video, INSTANCE, 0, "").status == "upcoming"


def test_truncation_is_detected_as_peertube_cuts() -> None:
    video = listed_video()
    assert video["description"].endswith("...") and len(video["description"]) == 250
    assert is_truncated(video)
    assert not is_truncated({"description": "Court."})
    assert is_truncated({"truncatedDescription": "x"})  # newer lists: no full description


def test_channel_pages_details_and_window() -> None:
    spider = pycon_fr(2024)
    asked: list[str] = []
    serve(spider, "pycon-fr-2024", asked)
    spec = parse_spec(spider.edition.opt("peertube"), since=spider.edition.start_date)
    source = PeerTubeSource(spider)
    recordings = asyncio.run(source.videos(spec))
    assert len(recordings) == 50  # the corpus's 2024 PeerTube videos; 56 of 2025 dropped
    assert {r.published for r in recordings} <= {dt.date(2024, 11, 2), dt.date(2024, 11, 3)}
    details = [u for u in asked if "/api/v1/videos/" in u]
    assert source.requests == len(asked) == 2 + len(details)  # two pages of 100, then details
    long = [r for r in recordings if len(r.description) > 250]
    assert len(details) == len(long) == 46  # only the truncated ones, and they came back whole
    odoo = next(r for r in recordings if r.video_id == ODOO)
    assert not odoo.description.endswith("...") and odoo.description.endswith("Odoo Italia, …")
    assert [r.position for r in recordings] == list(range(50))


def test_playlist_elements_without_video_are_left_out() -> None:
    spider = pycon_fr(2024)
    video = listed_video()
    gone = {"position": 2, "video": None}  # a removed video (changed: not in the corpus)
    pages = {
        f"{INSTANCE}/api/v1/video-playlists/p1/videos?start=0&count=100": {
            "total": 2,
            "data": [{"position": 1, "video": {**video, "description": "Court."}}, gone],
        }
    }

    async def fetch(url: str, **_kwargs: Any) -> TextResponse:
        return TextResponse(url, body=json.dumps(pages[url]).encode(), encoding="utf-8")

    spider.fetch = fetch
    found = asyncio.run(PeerTubeSource(spider).videos(parse_spec(f"{INSTANCE}/w/p/p1")))
    assert [r.video_id for r in found] == [ODOO]


def test_command_line_source_overrides_the_edition_and_errors_stop_the_crawl() -> None:
    from scrapy.exceptions import CloseSpider

    spider = pycon_fr(2024, peertube=f"{INSTANCE}/c/elsewhere")
    asked: list[str] = []
    serve(spider, "pycon-fr-2024", asked)
    event = spider.new_event()
    with pytest.raises(CloseSpider) as stopped:
        asyncio.run(spider.collect_recordings(event))
    assert stopped.value.reason == "peertube_error"
    assert asked == [f"{INSTANCE}/api/v1/video-channels/elsewhere/videos?start=0&count=100"]
    assert event.recordings == []


def test_edition_source_fills_the_event() -> None:
    spider = pycon_fr(2025)
    serve(spider, "pycon-fr-2025", [])
    event = spider.new_event()
    asyncio.run(spider.collect_recordings(event))
    assert len(event.recordings) == 56
    assert event.source_urls == [f"{INSTANCE}/c/pyconfr"]
    assert all(r.published and r.published >= dt.date(2025, 10, 30) for r in event.recordings)
