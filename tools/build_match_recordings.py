"""Build the recordings of the schedule + playlist crawls (pycon-au-2020, pycon-uk-2017).

Each folder holds two sides of one crawl. The schedule side is the real repository files
(``../shared/fixtures/schedules``) behind the URLs the spider builds, with a GitHub tree
listing in the API's shape (``build_sitedata_recordings.tree_listing``). The playlist side is
YouTube Data API answers (playlists.list, playlistItems pages, videos.list batches) built with
``build_youtube_recordings``' helpers from the real titles, descriptions, dates and durations of
the event's benchmark lines; the playlist id and title are made up (the real ones are unknown),
and the order is the benchmark's. No unavailable entries: those are covered by the YouTube tests.

Run from the project root (re-runnable; each folder's index and bodies are rebuilt)::

    python tools/build_match_recordings.py [EVENT ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import build_youtube_recordings as yt  # noqa: E402
from build_sitedata_recordings import API_TYPE, RAW_TYPE, collect, tree_listing  # noqa: E402

from scrapers.tooling.httpcache import Recording  # noqa: E402
from scrapers.videohosts.youtube import (  # noqa: E402
    DEFAULT_API_URL,
    PAGE_SIZE,
    videos_url,
)
from tests.shared import BENCHMARK, SCHEDULES  # noqa: E402

FIXTURES = SCHEDULES

# event -> (spider module, year, {fixture folder: repository folder}, channel, playlist title)
EVENTS: dict[str, tuple[str, int, dict[str, str], str, str]] = {
    "pycon-au-2020": (
        "pycon-au",
        2020,
        {
            "pyconau-yaml/pycon-au-2020/Session": "data/Session",
            "pyconau-yaml/pycon-au-2020/Person": "data/Person",
        },
        "PyCon AU",
        "PyConline AU 2020",
    ),
    "pycon-uk-2017": (
        "pycon-uk",
        2017,
        {
            "django-amber/pycon-uk-2017/schedule": "schedule",
            "django-amber/pycon-uk-2017/sessions": "sessions",
            "django-amber/pycon-uk-2017/speakers": "speakers",
        },
        "PyCon UK",
        "PyCon UK 2017",
    ),
}


def spider_for(module: str, year: int) -> Any:
    """An instance of the event's spider (its URLs are the recording's keys)."""
    mod = importlib.import_module(f"spiders.{module.replace('-', '_')}")
    cls = next(
        v for v in vars(mod).values() if isinstance(v, type) and getattr(v, "name", "") == module
    )
    return cls(year=str(year))


def benchmark_videos(event: str) -> list[dict[str, Any]]:
    """The real ``video`` objects of one event's benchmark lines, in file order."""
    lines = BENCHMARK.read_text(encoding="utf-8").splitlines()
    videos = [json.loads(x) for x in lines]
    return [v["video"] for v in videos if v["event"]["slug"] == event]


def add_playlist(rec: Recording, playlist: str, title: str, channel: str, videos: list) -> None:
    """playlists.list, playlistItems pages and videos.list batches for ``videos``."""
    base = DEFAULT_API_URL
    yt.add_playlist_meta(rec, playlist, title, channel)

    page_template = yt.load("data-api/playlistItems.list.2020.json")
    item_template = page_template["items"][0]
    items = []
    for pos, video in enumerate(videos):
        item = yt.playlist_item(item_template, pos, video["id"], video, "public")
        item["id"] = f"{playlist}.{pos:04d}"
        item["snippet"].update(playlistId=playlist, channelTitle=channel)
        items.append(item)
    yt.add_playlist_pages(rec, playlist, items, page_template)

    video_template = yt.load("data-api/videos.list.json")["items"][0]
    for i in range(0, len(videos), PAGE_SIZE):
        batch = videos[i : i + PAGE_SIZE]
        body = yt.load("data-api/videos.list.json")
        body["items"] = []
        for n, video in enumerate(batch, start=i):
            res = yt.video_resource(video_template, video["id"], video, n)
            res["snippet"]["channelTitle"] = channel
            body["items"].append(res)
        body["pageInfo"] = {"totalResults": len(batch), "resultsPerPage": len(batch)}
        rec.add(videos_url(base, [v["id"] for v in batch]), yt.dumps(body))


def build(event: str, out: Path) -> int:
    """Rebuild one recording folder (index and bodies; case.json and expected/ are kept)."""
    module, year, mapping, channel, title = EVENTS[event]
    spider = spider_for(module, year)
    target = out / event
    (target / "index.json").unlink(missing_ok=True)
    shutil.rmtree(target / "bodies", ignore_errors=True)
    rec = Recording.open(target)
    files = collect(FIXTURES, mapping)
    listing = tree_listing(spider.edition.opt("repo"), files)
    rec.add(
        spider.tree_url(), json.dumps(listing, indent=2).encode() + b"\n", content_type=API_TYPE
    )
    for path, body in files.items():
        rec.add(spider.raw_url(path), body, content_type=RAW_TYPE)
    (playlist,) = spider.edition.playlists
    add_playlist(rec, playlist, title, channel, benchmark_videos(event))
    rec.save()
    return len(rec)


def main(argv: list[str] | None = None) -> None:
    """Build every match recording (or the events named on the command line)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="*", default=sorted(EVENTS))
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "recordings")
    args = parser.parse_args(argv)
    for event in args.events:
        print(f"{event}: {build(event, args.out)} entries")


if __name__ == "__main__":
    main()
