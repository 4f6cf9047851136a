"""Build the YouTube recordings the spider tests replay (re-runnable, deterministic).

    python tools/build_youtube_recordings.py          # from tests/youtube_fixtures/
    python tools/build_youtube_recordings.py --copy   # first refresh the fixture copies from
                                                      # ../shared (fixtures + benchmark lines)

Inputs are real: Data API responses and error bodies (shared/fixtures/youtube/data-api), the
NewPipe innertube captures (innertube-legacy-2026-01) and the titles, descriptions, dates and
durations of the 74 real videos of ``pycon-au-2020`` from the curation benchmark. What is
synthesized is said where it happens: the API envelopes around the benchmark videos are the real
fixtures' item shapes with the benchmark values put in; the playlist title, playlist id, audio
languages and the three unavailable entries (private / deleted / upcoming, shaped as NOTES §1.3
and §1.4 describe) are made up; the keyless HTML pages wrap real innertube data in the documented
page embedding; the ``lockupViewModel`` page is built from NOTES §2.3 alone (no real capture).

Recordings are keyed by the URLs ``scrapers.videohosts.youtube`` builds, so the builder uses its
helpers.
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.tooling.httpcache import Recording  # noqa: E402
from scrapers.videohosts.urls import playlist_url  # noqa: E402
from scrapers.videohosts.youtube import (  # noqa: E402
    BROWSE_URL,
    DEFAULT_API_URL,
    PAGE_SIZE,
    continuation_body,
    playlist_items_url,
    playlists_url,
    videos_url,
)
from tests.shared import SHARED as SHARED_DIR  # noqa: E402

FIXTURES = ROOT / "tests" / "youtube_fixtures"
RECORDINGS = ROOT / "tests" / "recordings" / "youtube"
SHARED = SHARED_DIR

# What the tests expect (imported by tests/unit/test_youtube.py).
BENCH_EVENT = "pycon-au-2020"
BENCH_PLAYLIST = "PLbench-pycon-au-2020"  # synthetic id
BENCH_TITLE = "PyConline AU 2020"  # synthetic playlist title
PRIVATE_ID = "fIc_VEQ7Vo0"  # the real private entry quoted in NOTES §1.3
DELETED_ID = "dEl3tedVid0"  # synthetic
UPCOMING_ID = "uPc0mingVid"  # synthetic
PRIVATE_AT, DELETED_AT, UPCOMING_AT = 10, 40, 60  # playlist positions of the unavailable ones
NO_LANGUAGE_EVERY = 7  # every 7th benchmark video has no defaultAudioLanguage (it is optional)

ERROR_PLAYLISTS = {
    "quota": ("PLerr-quota", "playlists", "quotaExceeded.403.json", 403),
    "badkey": ("PLerr-badkey", "playlists", "API_KEY_INVALID.400.reconstructed.json", 400),
    "badkey-legacy": ("PLerr-badkey-legacy", "playlists", "keyInvalid.400.legacy.json", 400),
    "notfound": ("PLerr-notfound", "playlistItems", "playlistNotFound.404.json", 404),
    "empty": ("PLerr-empty", "playlists", None, 200),
}

LEGACY_PLAYLIST = "PLoumn5BIsUDeGF1vy5Nylf_RJKn5aL_nr"  # real (NewPipe capture)
LOCKUP_PLAYLIST = "PLlockup-documented-layout"  # synthetic

SHARED_FILES = {
    "fixtures/youtube/data-api/playlists.list.single.json": "playlists.list.single.json",
    "fixtures/youtube/data-api/playlistItems.list."
    "PLOU2XLYxmsIL32BnYVuSqwgS0ClB_csKd.snippet-contentDetails-status.trimmed.json": (
        "playlistItems.list.2020.json"
    ),
    "fixtures/youtube/data-api/videos.list.snippet-contentDetails-status-statistics.json": (
        "videos.list.json"
    ),
    "fixtures/youtube/data-api/errors/quotaExceeded.403.json": "errors/quotaExceeded.403.json",
    "fixtures/youtube/data-api/errors/API_KEY_INVALID.400.reconstructed.json": (
        "errors/API_KEY_INVALID.400.reconstructed.json"
    ),
    "fixtures/youtube/data-api/errors/keyInvalid.400.legacy.json": (
        "errors/keyInvalid.400.legacy.json"
    ),
    "fixtures/youtube/data-api/errors/playlistNotFound.404.json": (
        "errors/playlistNotFound.404.json"
    ),
}
INNERTUBE = "fixtures/youtube/innertube-legacy-2026-01"
INNERTUBE_FILES = (
    "browse.playlist-PL8dPuuaLjXtOAKed_MxxWBNaPno5h3Zs8.first-page.trimmed.json",
    "browse.playlist-PLoumn5BIsUDeGF1vy5Nylf_RJKn5aL_nr.first-page.trimmed.json",
    "browse.continuation-page-2.trimmed.json",
    "browse.continuation-page-2.request.json",
    "html-embedding.excerpt.txt",
)


def copy_fixtures() -> None:
    """Refresh tests/youtube_fixtures from the shared read-only material."""
    for src, dst in SHARED_FILES.items():
        target = FIXTURES / "data-api" / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED / src, target)
    for name in INNERTUBE_FILES:
        (FIXTURES / "innertube").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED / INNERTUBE / name, FIXTURES / "innertube" / name)
    bench = SHARED / "benchmarks" / "youtube-curation-dev.jsonl"
    lines = [
        line
        for line in bench.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["event"]["slug"] == BENCH_EVENT
    ]
    (FIXTURES / f"benchmark-{BENCH_EVENT}.jsonl").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def benchmark_videos() -> list[dict[str, Any]]:
    """The real ``video`` objects of the benchmark event, in file order."""
    path = FIXTURES / f"benchmark-{BENCH_EVENT}.jsonl"
    return [json.loads(line)["video"] for line in path.read_text(encoding="utf-8").splitlines()]


def iso_duration(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "PT" + "".join(f"{v}{u}" for v, u in ((h, "H"), (m, "M"), (s, "S")) if v) or "PT0S"


def dumps(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ----------------------------------------------------------------- API: benchmark playlist


def playlist_entries() -> list[tuple[str, dict[str, Any] | None, str]]:
    """(video id, benchmark video or None, kind) in playlist order."""
    entries: list[tuple[str, dict[str, Any] | None, str]] = [
        (v["id"], v, "public") for v in benchmark_videos()
    ]
    unavailable = [
        (PRIVATE_AT, PRIVATE_ID, "private"),
        (DELETED_AT, DELETED_ID, "deleted"),
        (UPCOMING_AT, UPCOMING_ID, "upcoming"),
    ]
    for pos, vid, kind in sorted(unavailable):
        entries.insert(pos, (vid, None, kind))
    return entries


def language_of(index: int) -> str | None:
    """Synthesized ``defaultAudioLanguage`` of the index-th benchmark video."""
    if index % NO_LANGUAGE_EVERY == 3:
        return None
    return "en-AU" if index % NO_LANGUAGE_EVERY == 5 else "en"


def playlist_item(template: dict[str, Any], position: int, vid: str, video: dict | None, kind: str):
    item = copy.deepcopy(template)
    item["id"] = f"{BENCH_PLAYLIST}.{position:04d}"
    snip = item["snippet"]
    snip.update(
        {
            "publishedAt": "2020-09-12T03:00:00Z",  # when added to the playlist: must be ignored
            "channelTitle": "PyCon AU",
            "playlistId": BENCH_PLAYLIST,
            "position": position,
            "resourceId": {"kind": "youtube#video", "videoId": vid},
        }
    )
    for thumb in snip["thumbnails"].values():
        thumb["url"] = thumb["url"].replace("1Tv2YhtosAA", vid)
    item["contentDetails"] = {"videoId": vid}
    if kind == "private":  # NOTES §1.3: placeholder title, empty thumbnails, no videoPublishedAt
        snip.update(title="Private video", description="This video is private.", thumbnails={})
        item["status"] = {"privacyStatus": "private"}
    elif kind == "deleted":
        snip.update(title="Deleted video", description="This video is unavailable.", thumbnails={})
        item["status"] = {"privacyStatus": "privacyStatusUnspecified"}
    elif kind == "upcoming":
        snip.update(title="PyConline AU 2021 announcement (premiere)", description="Soon.")
        item["status"] = {"privacyStatus": "public"}
    else:
        assert video is not None
        snip.update(title=video["title"], description=video["description"])
        item["contentDetails"]["videoPublishedAt"] = f"{video['published']}T10:00:00Z"
        item["status"] = {"privacyStatus": "public"}
    return item


def video_resource(template: dict[str, Any], vid: str, video: dict | None, index: int):
    res = copy.deepcopy(template)
    res["id"] = vid
    snip = res["snippet"]
    snip.pop("tags", None)
    snip.pop("defaultAudioLanguage", None)
    snip["channelTitle"] = "PyCon AU"
    for thumb in snip["thumbnails"].values():
        thumb["url"] = thumb["url"].replace("D-lhorsDlUQ", vid)
    if video is None:  # the upcoming premiere (NOTES §1.4: P0D, liveBroadcastContent upcoming)
        title, description = "PyConline AU 2021 announcement (premiere)", "Soon."
        snip.update(publishedAt="2020-09-12T03:00:00Z", liveBroadcastContent="upcoming")
        res["contentDetails"]["duration"] = "P0D"
    else:
        title, description = video["title"], video["description"]
        snip.update(publishedAt=f"{video['published']}T10:00:00Z", liveBroadcastContent="none")
        res["contentDetails"]["duration"] = iso_duration(int(video["duration"]))
        lang = language_of(index)
        if lang:
            snip["defaultAudioLanguage"] = lang
    snip.update(title=title, description=description)
    snip["localized"] = {"title": title, "description": description}
    res.pop("statistics", None)
    res["status"].update(privacyStatus="public")
    return res


def add_playlist_meta(rec: Recording, playlist: str, title: str, channel: str) -> None:
    """The playlists.list answer for ``playlist`` (its title and channel)."""
    plist = load("data-api/playlists.list.single.json")
    plist["items"][0]["id"] = playlist
    plist["items"][0]["snippet"].update(title=title, channelTitle=channel)
    plist["items"][0]["snippet"]["localized"]["title"] = title
    rec.add(playlists_url(DEFAULT_API_URL, playlist), dumps(plist))


def add_playlist_pages(
    rec: Recording, playlist: str, items: list[dict], page_template: dict
) -> None:
    """The playlistItems pages of ``items``, PAGE_SIZE a page, chained by page tokens."""
    pages = [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)]
    token = None
    for n, page_items in enumerate(pages):
        page = {k: v for k, v in page_template.items() if k not in ("items", "nextPageToken")}
        page["items"] = page_items
        page["pageInfo"] = {"totalResults": len(items), "resultsPerPage": PAGE_SIZE}
        next_token = f"EAAaBlBUOkNE{n + 1}Q" if n + 1 < len(pages) else None  # "PT:" style
        if next_token:
            page["nextPageToken"] = next_token
        if token:
            page["prevPageToken"] = token
        rec.add(playlist_items_url(DEFAULT_API_URL, playlist, token), dumps(page))
        token = next_token


def build_api_benchmark() -> Recording:
    rec = Recording(RECORDINGS / "api-pycon-au-2020")
    base = DEFAULT_API_URL
    add_playlist_meta(rec, BENCH_PLAYLIST, BENCH_TITLE, "PyCon AU")

    item_template = load("data-api/playlistItems.list.2020.json")["items"][0]
    page_template = load("data-api/playlistItems.list.2020.json")
    video_template = load("data-api/videos.list.json")["items"][0]
    entries = playlist_entries()
    items = [playlist_item(item_template, i, *e) for i, e in enumerate(entries)]
    add_playlist_pages(rec, BENCH_PLAYLIST, items, page_template)

    # videos.list: the ids the source asks about (placeholders are not asked), in batches of 50;
    # private and deleted ids would be absent from the answer anyway.
    bench_index = {v["id"]: i for i, v in enumerate(benchmark_videos())}
    asked = [(vid, video) for vid, video, kind in entries if kind in ("public", "upcoming")]
    for i in range(0, len(asked), PAGE_SIZE):
        batch = asked[i : i + PAGE_SIZE]
        body = copy.deepcopy(load("data-api/videos.list.json"))
        body["items"] = [
            video_resource(video_template, vid, video, bench_index.get(vid, -1))
            for vid, video in batch
        ]
        body["pageInfo"] = {"totalResults": len(batch), "resultsPerPage": len(batch)}
        rec.add(videos_url(base, [vid for vid, _ in batch]), dumps(body))
    return rec


def build_api_errors() -> Recording:
    rec = Recording(RECORDINGS / "api-errors")
    base = DEFAULT_API_URL
    for playlist_id, method, error_file, status in ERROR_PLAYLISTS.values():
        if method == "playlistItems":  # the title call succeeds, the listing says 404
            plist = load("data-api/playlists.list.single.json")
            plist["items"][0]["id"] = playlist_id
            rec.add(playlists_url(base, playlist_id), dumps(plist))
            body = (FIXTURES / "data-api/errors" / error_file).read_bytes()
            rec.add(playlist_items_url(base, playlist_id), body, status=status)
        elif error_file is None:  # NOTES §1.2: an unknown playlist id is 200 with no items
            empty = load("data-api/playlists.list.single.json")
            empty["items"] = []
            empty["pageInfo"] = {"totalResults": 0, "resultsPerPage": 5}
            rec.add(playlists_url(base, playlist_id), dumps(empty))
        else:
            body = (FIXTURES / "data-api/errors" / error_file).read_bytes()
            rec.add(playlists_url(base, playlist_id), body, status=status)
    return rec


# ----------------------------------------------------------------- keyless pages

ROBOTS = (  # abridged: only the rules NOTES §2.1 quotes from youtube.com/robots.txt
    b"User-agent: *\nDisallow: /youtubei/\nDisallow: /feeds/videos.xml\n"
)


def ytcfg() -> dict[str, Any]:
    """The ytcfg keys the real excerpt shows (html-embedding.excerpt.txt, section 3)."""
    text = (FIXTURES / "innertube/html-embedding.excerpt.txt").read_text(encoding="utf-8")
    start = text.index("\n{", text.index("# 3)")) + 1
    return json.JSONDecoder().raw_decode(text, start)[0]


def page_html(initial_data: dict[str, Any], cfg: dict[str, Any], element: bool = False) -> bytes:
    """A playlist page embedding ``ytInitialData`` as a real page does (NOTES §2.2)."""
    data = json.dumps(initial_data, ensure_ascii=False, separators=(",", ":"))
    if element:
        script = f'<script id="yt-initial-data" type="application/json">{data}</script>'
    else:
        script = f'<script nonce="CnTtF5uJdD-slB7EQfu_lQ">var ytInitialData = {data};</script>'
    cfg_js = json.dumps(cfg, separators=(",", ":"))
    html = (
        "<!DOCTYPE html><html><head><title>YouTube</title>"
        f'<script nonce="x">ytcfg.set({cfg_js});</script></head><body>{script}</body></html>'
    )
    return html.encode("utf-8")


LEGACY_FIRST_PAGE = (
    "innertube/browse.playlist-PLoumn5BIsUDeGF1vy5Nylf_RJKn5aL_nr.first-page.trimmed.json"
)


def legacy_items() -> list[dict[str, Any]]:
    """The real first-page entries of PLoumn5B...: 2 videos and the real continuation token."""
    action = load(LEGACY_FIRST_PAGE)["onResponseReceivedActions"][0]
    return action["reloadContinuationItemsCommand"]["continuationItems"]


def legacy_initial_data() -> dict[str, Any]:
    """The real first page of PLoumn5B... put in the documented legacy page container."""
    real = load(LEGACY_FIRST_PAGE)
    items = legacy_items()
    section = {"itemSectionRenderer": {"contents": [{"playlistVideoListRenderer": {
        "contents": items, "playlistId": LEGACY_PLAYLIST, "isEditable": False}}]}}  # fmt: skip
    tab = {"tabRenderer": {"selected": True, "content": {"sectionListRenderer": {
        "contents": [section]}}}}  # fmt: skip
    return {
        "contents": {"twoColumnBrowseResultsRenderer": {"tabs": [tab]}},
        "metadata": real["metadata"],
    }


def build_keyless_legacy() -> Recording:
    rec = Recording(RECORDINGS / "keyless-legacy")
    cfg = ytcfg()
    rec.add("https://www.youtube.com/robots.txt", ROBOTS, content_type="text/plain")
    rec.add(
        playlist_url(LEGACY_PLAYLIST),
        page_html(legacy_initial_data(), cfg),
        content_type="text/html; charset=utf-8",
    )
    last = legacy_items()[-1]
    token = last["continuationItemRenderer"]["continuationEndpoint"]["continuationCommand"]["token"]
    # the real captured request carries the same token: the recorded answer is the real page 2
    real_request = load("innertube/browse.continuation-page-2.request.json")
    assert real_request["json_body"]["continuation"] == token
    rec.add(
        BROWSE_URL,
        (FIXTURES / "innertube/browse.continuation-page-2.trimmed.json").read_bytes(),
        method="POST",
        request_body=json.dumps(continuation_body(token, cfg), sort_keys=True),
    )
    return rec


def lockup(vid: str, title: str, badge: str, content_type: str = "LOCKUP_CONTENT_TYPE_VIDEO"):
    """One ``lockupViewModel`` entry, exactly the NOTES §2.3 structure (no real capture exists)."""
    return {"lockupViewModel": {
        "contentId": vid, "contentType": content_type,
        "contentImage": {"thumbnailViewModel": {
            "image": {"sources": [{"url": f"https://i.ytimg.com/vi/{vid}/hqdefault.jpg",
                                   "width": 480, "height": 270}]},
            "overlays": [{"thumbnailBottomOverlayViewModel": {"badges": [
                {"thumbnailBadgeViewModel": {"text": badge, "badgeStyle": "THUMBNAIL_OVERLAY_BADGE_STYLE_DEFAULT"}}]}}]}},  # noqa: E501
        "metadata": {"lockupMetadataViewModel": {
            "title": {"content": title},
            "metadata": {"contentMetadataViewModel": {"metadataRows": [
                {"metadataParts": [{"text": {"content": "Blender", "commandRuns": [{"onTap": {
                    "innertubeCommand": {"browseEndpoint": {
                        "browseId": "UCSMOQeBJ2RAnuFungnQOxLg",
                        "canonicalBaseUrl": "/@BlenderOfficial"}}}}]}}]},
                {"metadataParts": [{"text": {"content": "7.9M views"}},
                                   {"text": {"content": "2 months ago"},
                                    "accessibilityLabel": "2 months ago"}]}]}}}}}}  # fmt: skip


def lockup_initial_data() -> dict[str, Any]:
    """A current-layout playlist page (NOTES §2.3/§2.4): items directly in itemSectionRenderer."""
    contents = [
        lockup("aqz-KE-bpKQ", "Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film",
               "10:35"),
        lockup("PLxxxxxxxxxxxxxxxx", "A nested playlist", "12 videos",
               "LOCKUP_CONTENT_TYPE_PLAYLIST"),
        lockup("UpC0m1ngVid", "Keynote (premiere) };</script> tricky title", "UPCOMING"),
        lockup("LongTalk123", "A long tutorial", "1:02:03"),
        {"continuationItemViewModel": {"continuationCommand": {"innertubeCommand": {
            "continuationCommand": {"token": "lockup-next-page-token"}}}}},
    ]  # fmt: skip
    section = {"itemSectionRenderer": {"contents": contents}}
    tab = {"tabRenderer": {"selected": True, "content": {"sectionListRenderer": {
        "contents": [section]}}}}  # fmt: skip
    return {
        "contents": {"twoColumnBrowseResultsRenderer": {"tabs": [tab]}},
        "metadata": {"playlistMetadataRenderer": {"title": "Documented lockup layout"}},
    }


def build_keyless_lockup() -> Recording:
    rec = Recording(RECORDINGS / "keyless-lockup")
    rec.add("https://www.youtube.com/robots.txt", ROBOTS, content_type="text/plain")
    rec.add(
        playlist_url(LOCKUP_PLAYLIST),
        page_html(lockup_initial_data(), ytcfg(), element=True),
        content_type="text/html; charset=utf-8",
    )
    return rec


def main(argv: list[str]) -> None:
    if "--copy" in argv:
        copy_fixtures()
    builds = (build_api_benchmark, build_api_errors, build_keyless_legacy, build_keyless_lockup)
    for build in builds:
        folder = RECORDINGS / build.__name__.removeprefix("build_").replace("_", "-")
        shutil.rmtree(folder, ignore_errors=True)
        rec = build()
        rec.save()
        print(f"{rec.path.relative_to(ROOT)}: {len(rec)} entries")


if __name__ == "__main__":
    main(sys.argv[1:])
