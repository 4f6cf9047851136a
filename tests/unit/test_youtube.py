"""YouTube source and spider: helpers, parsers and crawls replayed from recordings.

Recordings in tests/recordings/youtube/ are built by tools/build_youtube_recordings.py from real
fixtures (copies in tests/youtube_fixtures/) and the real pycon-au-2020 benchmark videos. The
``lockupViewModel`` page has no real capture anywhere: its input is built strictly from the
structure documented in shared/fixtures/youtube/NOTES.md §2.3, and only those tests rely on it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.settings import Settings

from scrapers import settings as project_settings
from scrapers.tooling.httpcache import Recording, recording_settings
from scrapers.videohosts.urls import thumbnail_url, video_id, watch_url
from scrapers.videohosts.youtube import (
    DEFAULT_API_URL,
    YouTubeError,
    YouTubeSource,
    api_error,
    continuation_token,
    extract_initial_data,
    extract_ytcfg,
    max_api_requests,
    parse_api_date,
    parse_clock_duration,
    parse_iso_duration,
    parse_keyless_page,
    recording_from_api,
)
from tools import build_youtube_recordings as built

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "youtube_fixtures"
RECORDINGS = ROOT / "tests" / "recordings" / "youtube"
FAKE_KEY = "AIzaFAKE-test-key-0123456789abcdefghij"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------------------- URL helpers


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=NBICMF0i4Ok",
        "https://www.youtube.com/watch?feature=share&v=NBICMF0i4Ok&t=10s",
        "http://youtube.com/watch?v=NBICMF0i4Ok",
        "https://m.youtube.com/watch?v=NBICMF0i4Ok",
        "https://youtu.be/NBICMF0i4Ok",
        "https://youtu.be/NBICMF0i4Ok?t=42",
        "https://www.youtube.com/embed/NBICMF0i4Ok",
        "https://www.youtube-nocookie.com/embed/NBICMF0i4Ok?rel=0",
        "https://www.youtube.com/live/NBICMF0i4Ok?feature=shared",
        "https://www.youtube.com/shorts/NBICMF0i4Ok",
        "https://www.youtube.com/v/NBICMF0i4Ok?version=3",
        "www.youtube.com/watch?v=NBICMF0i4Ok",
    ],
)
def test_video_id_every_url_form(url: str) -> None:
    assert video_id(url) == "NBICMF0i4Ok"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/playlist?list=PLbench",
        "https://vimeo.com/123456789",
        "https://www.youtube.com/watch?v=short",
        "https://notyoutube.com/watch?v=NBICMF0i4Ok",
        "",
    ],
)
def test_video_id_rejects_non_videos(url: str) -> None:
    assert video_id(url) is None


def test_watch_and_thumbnail_urls() -> None:
    assert watch_url("NBICMF0i4Ok") == "https://www.youtube.com/watch?v=NBICMF0i4Ok"
    assert thumbnail_url("NBICMF0i4Ok") == "https://i.ytimg.com/vi/NBICMF0i4Ok/hqdefault.jpg"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("PT21M7S", 1267),  # the real videos.list fixture
        ("PT1H2M3S", 3723),
        ("PT45S", 45),
        ("PT2H", 7200),
        ("P1DT2H", 93600),
        ("P0D", None),  # live / upcoming
        ("", None),
        (None, None),
        ("garbage", None),
    ],
)
def test_parse_iso_duration(value: str | None, seconds: int | None) -> None:
    assert parse_iso_duration(value) == seconds


def test_parse_clock_duration_and_dates() -> None:
    assert parse_clock_duration("10:35") == 635
    assert parse_clock_duration("1:02:03") == 3723
    assert parse_clock_duration("LIVE") is None
    assert parse_api_date("2019-11-21T22:17:43.000Z").isoformat() == "2019-11-21"
    assert parse_api_date("2020-05-29T19:47:54Z").isoformat() == "2020-05-29"
    assert parse_api_date("nonsense") is None


# ------------------------------------------------------------------------- API mapping


def test_recording_from_real_playlist_item_uses_video_published_at() -> None:
    item = fixture("data-api/playlistItems.list.2020.json")["items"][1]  # position 9, no maxres
    rec = recording_from_api(item, None, 3, "src")
    assert rec is not None
    assert rec.video_id == item["contentDetails"]["videoId"]
    # added to the playlist 2020-05-29, published 2018-09-06 (NOTES §1.3)
    assert rec.published.isoformat() == "2018-09-06"
    assert rec.thumbnail_url == thumbnail_url(rec.video_id)
    assert rec.status == "private"  # absent from videos.list
    assert rec.position == 3


def test_recording_from_real_video_resource() -> None:
    video = fixture("data-api/videos.list.json")["items"][0]
    item = {"snippet": {"title": "x"}, "contentDetails": {"videoId": video["id"]}}
    rec = recording_from_api(item, video, 0, "src")
    assert rec is not None
    assert (rec.title, rec.duration, rec.language, rec.status) == (
        "What are Actions on Google (Assistant on Air)",
        1267,
        "en",
        "public",
    )
    assert rec.published.isoformat() == "2019-03-21"
    assert rec.description.startswith("In the first episode of Assistant on Air")


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("quotaExceeded.403.json", 403, ["quota", "midnight Pacific", "quotaExceeded"]),
        ("API_KEY_INVALID.400.reconstructed.json", 400, ["key was rejected", "API_KEY_INVALID"]),
        ("keyInvalid.400.legacy.json", 400, ["key was rejected", "keyInvalid"]),
        ("playlistNotFound.404.json", 404, ["'PLx' not found", "-a playlist", "playlistNotFound"]),
    ],
)
def test_api_error_messages(name: str, status: int, words: list[str]) -> None:
    body = (FIXTURES / "data-api" / "errors" / name).read_bytes()
    message = str(api_error(status, body, "PLx"))
    assert "\n" not in message
    assert "<code>" not in message and "<a " not in message  # Google's HTML is stripped
    for word in words:
        assert word in message


def test_max_api_requests() -> None:
    assert max_api_requests(77) == 5
    assert max_api_requests(50) == 3
    assert max_api_requests(300) == 13  # NOTES §1.7 worked example


# ------------------------------------------------------------------------- keyless parser


def test_keyless_parser_on_real_first_page() -> None:
    data = fixture(
        "innertube/browse.playlist-PL8dPuuaLjXtOAKed_MxxWBNaPno5h3Zs8.first-page.trimmed.json"
    )
    title, recs, token = parse_keyless_page(data, "PL8dPuuaLjXtOAKed_MxxWBNaPno5h3Zs8")
    assert title == "Anatomy & Physiology"
    assert token is None
    assert len(recs) == 3
    first = recs[0]
    assert (first.video_id, first.title, first.duration, first.position, first.status) == (
        "pVkUCrgQCCc",
        "Crash Course Anatomy & Physiology Preview",
        113,
        0,
        "public",
    )
    assert first.url == watch_url("pVkUCrgQCCc")
    assert first.thumbnail_url == "https://i.ytimg.com/vi/pVkUCrgQCCc/hqdefault.jpg"
    assert (first.description, first.published, first.language) == ("", None, None)
    assert [r.position for r in recs] == [0, 1, 2]


def test_keyless_token_matches_real_continuation_request() -> None:
    data = fixture(
        "innertube/browse.playlist-PLoumn5BIsUDeGF1vy5Nylf_RJKn5aL_nr.first-page.trimmed.json"
    )
    _, recs, token = parse_keyless_page(data, built.LEGACY_PLAYLIST)
    request = fixture("innertube/browse.continuation-page-2.request.json")
    assert token == request["json_body"]["continuation"]
    assert [(r.video_id, r.duration) for r in recs] == [("u2ah9tWTkmk", 187), ("JgDNFQ2RaLQ", 184)]


def test_keyless_parser_on_real_continuation_page() -> None:
    data = fixture("innertube/browse.continuation-page-2.trimmed.json")
    _, recs, token = parse_keyless_page(data, built.LEGACY_PLAYLIST, start=100)
    assert token is None
    assert [(r.video_id, r.title, r.duration, r.position) for r in recs] == [
        ("aQMKAZpcynA", "MARINA - BUTTERFLY (Official Video)", 266, 100),
        (
            "B783S7tAPOY",
            "Selena Gomez, benny blanco - Younger And Hotter Than Me (Official Music Video)",
            199,
            101,
        ),
        ("zUtTpuqV55U", "Halsey - Lucky (Official Video)", 229, 102),
    ]


def test_lockup_layout_from_documented_structure() -> None:
    """NOT a real capture: built from NOTES.md §2.3 (yt-dlp YoutubeTab_25 expectations)."""
    title, recs, token = parse_keyless_page(built.lockup_initial_data(), "PLx")
    assert title == "Documented lockup layout"
    assert token == "lockup-next-page-token"
    assert [(r.video_id, r.duration, r.status) for r in recs] == [
        ("aqz-KE-bpKQ", 635, "public"),  # the playlist-type lockup is skipped
        ("UpC0m1ngVid", None, "upcoming"),
        ("LongTalk123", 3723, "public"),
    ]
    assert recs[0].title == "Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film"


@pytest.mark.parametrize(
    "entry",
    [
        {"continuationItemRenderer": {"continuationEndpoint": {"commandExecutorCommand": {
            "commands": [{"other": 1}, {"continuationCommand": {"token": "T"}}]}}}},
        {"continuationItemRenderer": {"button": {"buttonRenderer": {"command": {
            "continuationCommand": {"token": "T"}}}}}},
        {"nextContinuationData": {"continuation": "T"}},
    ],
)  # fmt: skip
def test_continuation_token_nestings(entry: dict[str, Any]) -> None:
    assert continuation_token(entry) == "T"


def test_extract_initial_data_all_embeddings_and_script_end_trap() -> None:
    data = {"metadata": {"t": "a};</script> b"}, "n": 1}
    text = json.dumps(data)
    pages = [
        f"<script>var ytInitialData = {text};</script><script>var x = {{}};</script>",
        f'<script id="yt-initial-data" type="application/json">{text}</script>',
        f'<script>window["ytInitialData"] = {text};</script>',
    ]
    for page in pages:
        assert extract_initial_data(page) == data
    assert extract_initial_data("<html>consent</html>") is None
    assert extract_ytcfg('ytcfg.set({"A": 1}); ytcfg.set({"B": "2"});') == {"A": 1, "B": "2"}


def test_keyless_page_embedding_of_real_data() -> None:
    """The built legacy page (real items in the documented container) parses back."""
    rec = Recording.open(RECORDINGS / "keyless-legacy")
    entry = rec.get("GET", "https://www.youtube.com/playlist?list=" + built.LEGACY_PLAYLIST)
    html = entry.body.decode("utf-8")
    data = extract_initial_data(html)
    assert data is not None
    title, recs, token = parse_keyless_page(data, built.LEGACY_PLAYLIST)
    assert title == "TOP 150 Songs 2026 - List of Best Music 2026 (Today's Hits Playlist)"
    assert len(recs) == 2 and token
    assert extract_ytcfg(html)["INNERTUBE_CLIENT_VERSION"] == "2.20260123.01.00"


# ------------------------------------------------------------------------- source, fake fetch


class FakeSpider:
    """Just what YouTubeSource uses: settings, logger and a fetch served from a recording."""

    def __init__(self, recording: Path, **settings: Any) -> None:
        self.settings = Settings({"YOUTUBE_API_URL": DEFAULT_API_URL, **settings})
        self.logger = logging.getLogger("fake-youtube")
        self.recording = Recording.open(recording)
        self.requests: list[Request] = []

    async def fetch(self, url: str, **kwargs: Any):
        request = Request(url, dont_filter=True, **kwargs)
        self.requests.append(request)
        entry = self.recording.get(request.method, request.url, request.body)
        assert entry is not None, f"not recorded: {url}"
        return entry.to_response(request)


def test_source_api_requests_carry_key_in_header_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTUBE_API_KEY", raising=False)
    spider = FakeSpider(RECORDINGS / "api-pycon-au-2020", YOUTUBE_API_KEY=FAKE_KEY)
    title, recs = asyncio.run(YouTubeSource(spider).playlist(built.BENCH_PLAYLIST))
    assert title == built.BENCH_TITLE
    assert len(recs) == 77
    assert len(spider.requests) == max_api_requests(77) == 5
    for request in spider.requests:
        assert request.headers.get("X-Goog-Api-Key") == FAKE_KEY.encode()
        assert FAKE_KEY not in request.url and "key=" not in request.url
    videos_calls = [r.url for r in spider.requests if "/videos?" in r.url]
    assert [len(re.search(r"id=([^&]+)", u)[1].split("%2C")) for u in videos_calls] == [50, 25]


def test_source_env_key_and_keyless_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YOUTUBE_API_KEY", FAKE_KEY)
    assert not YouTubeSource(FakeSpider(RECORDINGS / "api-errors")).keyless
    monkeypatch.delenv("YOUTUBE_API_KEY")
    source = YouTubeSource(FakeSpider(RECORDINGS / "api-errors"))
    assert source.keyless
    assert source.first_url("PLx") == "https://www.youtube.com/playlist?list=PLx"


def test_source_raises_on_empty_playlists_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YOUTUBE_API_KEY", raising=False)
    spider = FakeSpider(RECORDINGS / "api-errors", YOUTUBE_API_KEY=FAKE_KEY)
    with pytest.raises(YouTubeError, match="'PLerr-empty' not found"):
        asyncio.run(YouTubeSource(spider).playlist("PLerr-empty"))


class PagedApi(FakeSpider):
    """A 120-entry playlist answered by the API's shapes (three pages of at most 50), each answer
    one loop turn late, as a download is: the order of ``requests`` is the order of asking."""

    def __init__(self) -> None:
        super().__init__(RECORDINGS / "api-errors", YOUTUBE_API_KEY=FAKE_KEY)
        self.ids = [f"vid{n:08d}" for n in range(120)]

    async def fetch(self, url: str, **kwargs: Any):
        from scrapy.http import TextResponse

        self.requests.append(Request(url, dont_filter=True, **kwargs))
        await asyncio.sleep(0)
        if "/playlists?" in url:
            data: dict[str, Any] = {"items": [{"snippet": {"title": "Paged"}}]}
        elif "/playlistItems?" in url:
            start = int(re.search(r"pageToken=CA(\d+)", url)[1]) if "pageToken" in url else 0
            ids = self.ids[start : start + 50]
            data = {"items": [{"contentDetails": {"videoId": v}} for v in ids]}
            if start + 50 < len(self.ids):
                data["nextPageToken"] = f"CA{start + 50}"
        else:
            ids = re.search(r"id=([^&]+)", url)[1].split("%2C")
            data = {"items": [{"id": v, "snippet": {"title": v}} for v in ids]}
        return TextResponse(url, body=json.dumps(data).encode(), status=200)


def test_videos_calls_go_out_while_the_playlist_pages_come_in() -> None:
    api = PagedApi()
    _, recs = asyncio.run(YouTubeSource(api).playlist("PLpaged"))
    assert [r.title for r in recs] == api.ids
    asked = [re.sub(r"\?.*", "", r.url.rsplit("/", 1)[1]) for r in api.requests]
    # a full batch of 50 ids goes out alongside the next page, not after the last one (the
    # first batch starts while page 2 is on its way, so it is asked for just after it)
    items, videos = "playlistItems", "videos"
    assert asked == ["playlists", items, items, videos, items, videos, videos]
    videos_calls = [r.url for r in api.requests if "/videos?" in r.url]
    assert [len(re.search(r"id=([^&]+)", u)[1].split("%2C")) for u in videos_calls] == [50, 50, 20]


# ------------------------------------------------------------------------- spider crawls


def crawl(
    tmp_path: Path,
    *args: str,
    recording: str | Path | None = None,
    mode: str = "replay",
    key: str | None = None,
    settings: dict[str, Any] | None = None,
    exit_status: int = 0,
) -> tuple[str, list[dict[str, Any]]]:
    """Run ``scrapy crawl youtube`` in a subprocess; return the log and the items."""
    out = tmp_path / "items.jsonl"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "youtube", *args, "-O", str(out)]
    merged: dict[str, Any] = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "LOG_LEVEL": "DEBUG"}
    if recording is not None:
        path = recording if isinstance(recording, Path) else RECORDINGS / recording
        merged.update(recording_settings(mode, path))
    merged.update(settings or {})
    for name, value in merged.items():
        text = json.dumps(value) if isinstance(value, dict | bool) else str(value)
        cmd += ["-s", f"{name}={text}"]
    env = {k: v for k, v in os.environ.items() if k != "YOUTUBE_API_KEY"}
    if key:
        env["YOUTUBE_API_KEY"] = key
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    log = proc.stdout + proc.stderr
    assert proc.returncode == exit_status, log[-3000:]
    items = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return log, items


def stat(log: str, name: str) -> Any:
    match = re.search(rf"'{re.escape(name)}': ([^,\n]+)", log)
    return None if match is None else match[1].strip("'")


def test_spider_api_benchmark_playlist(tmp_path: Path) -> None:
    log, items = crawl(
        tmp_path,
        *("-a", f"playlist={built.BENCH_PLAYLIST}", "-a", f"event={built.BENCH_EVENT}"),
        *("-a", "start=2020-09-04", "-a", "end=2020-09-06"),
        recording="api-pycon-au-2020",
        key=FAKE_KEY,
    )
    assert stat(log, "finish_reason") == "finished"
    entries = built.playlist_entries()
    assert int(stat(log, "downloader/request_count")) == math.ceil(len(entries) / 50) * 2 + 1 == 5
    assert int(stat(log, "recording/served")) == 5
    assert len(items) == 1
    event = items[0]
    assert event["slug"] == "pycon-au-2020"
    assert event["title"] == built.BENCH_TITLE  # no -a title: the playlist's title
    assert (event["start_date"], event["end_date"]) == ("2020-09-04", "2020-09-06")
    assert event["source"] == "youtube"
    assert event["playlists"] == [built.BENCH_PLAYLIST]
    assert event["source_urls"] == [f"https://www.youtube.com/playlist?list={built.BENCH_PLAYLIST}"]
    recs = event["recordings"]
    assert [r["video_id"] for r in recs] == [vid for vid, _, _ in entries]
    assert [r["position"] for r in recs] == list(range(len(entries)))
    status = {r["video_id"]: r["status"] for r in recs}
    assert status[built.PRIVATE_ID] == "private"
    assert status[built.DELETED_ID] == "deleted"
    assert status[built.UPCOMING_ID] == "upcoming"
    assert sum(s == "public" for s in status.values()) == 74
    by_id = {r["video_id"]: r for r in recs}
    for i, video in enumerate(built.benchmark_videos()):  # every real video, field by field
        rec = by_id[video["id"]]
        assert rec["host"] == "youtube"
        assert rec["title"] == video["title"]
        assert rec["description"] == video["description"]
        assert rec["published"] == video["published"]
        assert rec["duration"] == video["duration"]
        assert rec["url"] == f"https://www.youtube.com/watch?v={video['id']}"
        assert rec["thumbnail_url"] == f"https://i.ytimg.com/vi/{video['id']}/hqdefault.jpg"
        assert rec["language"] == built.language_of(i)
    assert by_id[built.UPCOMING_ID]["duration"] is None
    assert FAKE_KEY not in log


def test_spider_title_argument_and_two_playlists(tmp_path: Path) -> None:
    """Two playlists (here the same one twice): one Event, positions continue, title from -a."""
    log, items = crawl(
        tmp_path,
        *("-a", f"playlist={built.BENCH_PLAYLIST},{built.BENCH_PLAYLIST}"),
        *("-a", "event=pycon-au-2020", "-a", "title=PyCon AU 2020"),
        recording="api-pycon-au-2020",
        key=FAKE_KEY,
    )
    assert len(items) == 1
    event = items[0]
    assert event["title"] == "PyCon AU 2020"
    assert event["playlists"] == [built.BENCH_PLAYLIST] * 2
    assert len(event["source_urls"]) == 2
    assert [r["position"] for r in event["recordings"]] == list(range(154))
    assert int(stat(log, "downloader/request_count")) == 10


@pytest.mark.parametrize(
    ("case", "expected", "requests"),
    [
        ("quota", "daily quota exhausted", 1),
        ("badkey", "key was rejected", 1),
        ("badkey-legacy", "key was rejected", 1),
        ("notfound", "'PLerr-notfound' not found", 2),
        ("empty", "'PLerr-empty' not found", 1),
    ],
)
def test_spider_api_errors(tmp_path: Path, case: str, expected: str, requests: int) -> None:
    playlist_id = built.ERROR_PLAYLISTS[case][0]
    log, items = crawl(
        tmp_path,
        *("-a", f"playlist={playlist_id}", "-a", "event=some-event"),
        recording="api-errors",
        key=FAKE_KEY,
        exit_status=1,  # the project's crawl command fails a crawl that did not finish
    )
    assert items == []  # no Event: nothing gets written
    assert stat(log, "finish_reason") == "youtube_error"
    errors = [line for line in log.splitlines() if "ERROR" in line and "[youtube]" in line]
    assert len(errors) == 1 and expected in errors[0], errors
    assert int(stat(log, "downloader/request_count")) == requests  # 4xx are not retried
    assert stat(log, "log_count/ERROR") == "1"


def test_spider_keyless_legacy_first_page_only(tmp_path: Path) -> None:
    log, items = crawl(
        tmp_path,
        *("-a", f"playlist={built.LEGACY_PLAYLIST}", "-a", "event=e"),
        recording="keyless-legacy",
    )
    assert "WITHOUT an API key: partial data" in log
    assert "has more than the 2 entries read: add -a continuations=1" in log
    event = items[0]
    assert event["title"] == "TOP 150 Songs 2026 - List of Best Music 2026 (Today's Hits Playlist)"
    assert [r["video_id"] for r in event["recordings"]] == ["u2ah9tWTkmk", "JgDNFQ2RaLQ"]
    assert int(stat(log, "downloader/request_count")) == 2  # robots.txt + the page, no POST


def test_spider_keyless_legacy_with_continuations(tmp_path: Path) -> None:
    log, items = crawl(
        tmp_path,
        *("-a", f"playlist={built.LEGACY_PLAYLIST}", "-a", "event=e", "-a", "continuations=1"),
        recording="keyless-legacy",
    )
    recs = items[0]["recordings"]
    assert [(r["video_id"], r["duration"], r["position"]) for r in recs] == [
        ("u2ah9tWTkmk", 187, 0),
        ("JgDNFQ2RaLQ", 184, 1),
        ("aQMKAZpcynA", 266, 2),
        ("B783S7tAPOY", 199, 3),
        ("zUtTpuqV55U", 229, 4),
    ]
    assert all(r["description"] == "" and r["published"] is None for r in recs)
    assert stat(log, "downloader/request_method_count/POST") == "1"
    assert "has more than" not in log


def test_spider_keyless_lockup_element_form(tmp_path: Path) -> None:
    """NOT a real capture: the page is built from NOTES.md §2.3 (<script id=yt-initial-data>)."""
    _, items = crawl(
        tmp_path,
        *("-a", f"playlist={built.LOCKUP_PLAYLIST}", "-a", "event=e"),
        recording="keyless-lockup",
    )
    recs = items[0]["recordings"]
    assert [(r["video_id"], r["status"]) for r in recs] == [
        ("aqz-KE-bpKQ", "public"),
        ("UpC0m1ngVid", "upcoming"),
        ("LongTalk123", "public"),
    ]


class _FakeApi(BaseHTTPRequestHandler):
    """A local Data API answering from the benchmark recording; remembers what it was sent."""

    recording: Recording
    seen: list[tuple[str, str | None]]

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("X-Goog-Api-Key")))
        entry = self.recording.get("GET", "https://www.googleapis.com" + self.path)
        body = entry.body if entry else b'{"error": {"code": 404, "message": "no"}}'
        self.send_response(entry.status if entry else 404)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_key_stays_out_of_recordings_and_logs(tmp_path: Path) -> None:
    """Record a crawl against a local API with a fake key; grep everything it wrote."""
    handler = type(
        "Handler",
        (_FakeApi,),
        {"recording": Recording.open(RECORDINGS / "api-pycon-au-2020"), "seen": []},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        api = f"http://127.0.0.1:{server.server_address[1]}/youtube/v3"
        log, items = crawl(
            tmp_path,
            *("-a", f"playlist={built.BENCH_PLAYLIST}", "-a", "event=pycon-au-2020"),
            recording=tmp_path / "recorded",
            mode="record",
            key=FAKE_KEY,
            settings={"YOUTUBE_API_URL": api},
        )
    finally:
        server.shutdown()
    assert len(items[0]["recordings"]) == 77
    assert len(handler.seen) == 5
    assert all(key == FAKE_KEY for _, key in handler.seen)  # sent, in the header
    assert all("key=" not in path and FAKE_KEY not in path for path, _ in handler.seen)
    written = [p for p in (tmp_path / "recorded").rglob("*") if p.is_file()]
    assert len(written) == 6  # index.json + 5 bodies
    for path in [*written, tmp_path / "items.jsonl"]:
        assert FAKE_KEY not in path.read_text(encoding="utf-8"), path
    assert FAKE_KEY not in log
    assert "Crawled (200) <GET http://127.0.0.1" in log  # the DEBUG log really was captured


def test_spider_through_the_pipelines_writes_public_videos_only(tmp_path: Path) -> None:
    """End to end with the project's pipelines: only the 74 public videos become records."""
    data_dir = tmp_path / "data"
    log, _ = crawl(
        tmp_path,
        *("-a", f"playlist={built.BENCH_PLAYLIST}", "-a", "event=pycon-au-2020"),
        *("-a", "title=PyCon AU 2020", "-a", "start=2020-09-04", "-a", "end=2020-09-06"),
        recording="api-pycon-au-2020",
        key=FAKE_KEY,
        settings={
            "ITEM_PIPELINES": project_settings.ITEM_PIPELINES,
            "EXTENSIONS": project_settings.EXTENSIONS,
            "PYVIDEO_DATA_DIR": str(data_dir),
            "PYVIDEO_REPORT_DIR": str(tmp_path / "reports"),
        },
    )
    folder = data_dir / "pycon-au-2020"
    category = json.loads((folder / "category.json").read_text(encoding="utf-8"))
    assert category["title"] == "PyCon AU 2020"
    records = [json.loads(p.read_text()) for p in sorted((folder / "videos").glob("*.json"))]
    by_url = {r["videos"][0]["url"]: r for r in records}
    bench = {watch_url(v["id"]): v for v in built.benchmark_videos()}
    assert set(by_url) == set(bench)  # no private, deleted or upcoming entry written
    for url, video in bench.items():
        assert by_url[url]["duration"] == video["duration"]
        assert by_url[url]["thumbnail_url"] == thumbnail_url(video["id"])
    assert FAKE_KEY not in log


def test_keyless_warns_on_exactly_100_entries_without_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A full page and no token is how layout changes truncated playlists (NOTES §2.5)."""
    monkeypatch.delenv("YOUTUBE_API_KEY", raising=False)
    real = built.legacy_items()[0]  # a real playlistVideoRenderer, repeated with new ids
    entries = []
    for i in range(100):
        entry = json.loads(json.dumps(real))
        entry["playlistVideoRenderer"]["videoId"] = f"vid{i:08d}"
        entries.append(entry)
    data = built.legacy_initial_data()
    section = data["contents"]["twoColumnBrowseResultsRenderer"]["tabs"][0]["tabRenderer"]
    lists = section["content"]["sectionListRenderer"]["contents"][0]["itemSectionRenderer"]
    lists["contents"][0]["playlistVideoListRenderer"]["contents"] = entries
    rec = Recording.open(tmp_path / "rec")
    rec.add(
        "https://www.youtube.com/playlist?list=PLfull",
        built.page_html(data, {}),
        content_type="text/html",
    )
    rec.save()
    spider = FakeSpider(tmp_path / "rec")
    with caplog.at_level(logging.WARNING):
        _, recs = asyncio.run(YouTubeSource(spider).playlist("PLfull"))
    assert len(recs) == 100
    assert "exactly 100 entries and no next-page token" in caplog.text
    assert "partial data" in caplog.text
