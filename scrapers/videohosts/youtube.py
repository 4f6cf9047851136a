"""YouTube: the Data API v3 client and the keyless playlist-page parser (URLs: ``urls.py``).

``YouTubeSource(spider).playlist(id)`` is what both the ``youtube`` spider and conference spiders
call to turn a playlist into ``Recording`` items. It downloads through ``spider.fetch`` so the
HTTP cache / record-replay middleware and retries apply to every call.

Two modes, chosen by whether an API key is set (setting or env ``YOUTUBE_API_KEY``):

- API: ``playlists.list`` (title), ``playlistItems.list`` pages of 50, ``videos.list`` batches of
  50 ids: at most ``ceil(N/50) * 2 + 1`` requests (quota units) for N videos. The key travels in
  the ``X-Goog-Api-Key`` header only, so it never reaches URLs, logs, stats or recordings.
- Keyless: the ``ytInitialData`` embedded in ``/playlist?list=<id>``. Partial by nature (no
  description, exact date or language) and limited to the first 100 entries unless the user
  opts in to continuations (robots.txt disallows ``/youtubei/``: a project decision, NOTES §2.1).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
import os
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from scrapers.items import Event, Recording
from scrapers.videohosts import HostError, HostSpider
from scrapers.videohosts.urls import playlist_url, thumbnail_url, watch_url

if TYPE_CHECKING:
    from scrapy.http import Response

DEFAULT_API_URL = "https://www.googleapis.com/youtube/v3"
PAGE_SIZE = 50  # the API's maximum for playlistItems.list maxResults and videos.list ids
KEYLESS_PAGE_SIZE = 100  # a playlist page / continuation holds at most this many entries
# Innertube client version to use when the page has no ytcfg (value seen in Jan 2026 captures).
DEFAULT_CLIENT_VERSION = "2.20260123.01.00"
BROWSE_URL = "https://www.youtube.com/youtubei/v1/browse?prettyPrint=false"


class YouTubeError(HostError):
    """A YouTube failure the user must act on; the message is one line saying what to do."""


# --------------------------------------------------------------------------- small parsers

_ISO_DURATION_RE = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def parse_iso_duration(value: str | None) -> int | None:
    """``PT1H2M3S`` -> 3723. ``P0D`` (live/upcoming), absent or malformed -> None."""
    if not value:
        return None
    match = _ISO_DURATION_RE.match(value.strip())
    if not match or value.strip() in ("P", "PT"):
        return None
    g = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    seconds = round(g["w"] * 604800 + g["d"] * 86400 + g["h"] * 3600 + g["m"] * 60 + g["s"])
    return seconds or None


def parse_clock_duration(text: str | None) -> int | None:
    """Badge text ``"1:02:03"`` / ``"10:35"`` -> seconds; ``"LIVE"``, ``"UPCOMING"`` -> None."""
    if not text or not re.fullmatch(r"\d+(?::\d{1,2}){0,2}", text.strip()):
        return None
    seconds = 0
    for part in text.strip().split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def parse_api_date(value: str | None) -> dt.date | None:
    """The UTC date of an API timestamp (``2019-11-21T22:17:43.000Z`` and ``...43Z`` both)."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC).date()
    except ValueError:
        return None


def _strip_html(text: str) -> str:
    """API error messages carry HTML (``<code>``); a one-line log message should not."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


# --------------------------------------------------------------------------- Data API v3


def api_url(base: str, method: str, params: Sequence[tuple[str, str | int]]) -> str:
    """A Data API URL with a stable parameter order (the recordings are keyed by URL)."""
    query = urlencode([*params, ("prettyPrint", "false")])
    return f"{base.rstrip('/')}/{method}?{query}"


def playlists_url(base: str, playlist_id: str) -> str:
    """``playlists.list`` for the title (1 unit)."""
    return api_url(base, "playlists", [("part", "snippet"), ("id", playlist_id)])


def playlist_items_url(base: str, playlist_id: str, page_token: str | None = None) -> str:
    """One ``playlistItems.list`` page of up to 50 entries (1 unit)."""
    params: list[tuple[str, str | int]] = [
        ("part", "snippet,contentDetails,status"),
        ("playlistId", playlist_id),
        ("maxResults", PAGE_SIZE),
    ]
    if page_token:
        params.append(("pageToken", page_token))
    return api_url(base, "playlistItems", params)


def videos_url(base: str, ids: Sequence[str]) -> str:
    """One ``videos.list`` batch of at most 50 ids (1 unit)."""
    if len(ids) > PAGE_SIZE:
        raise ValueError(f"videos.list takes at most {PAGE_SIZE} ids, not {len(ids)}")
    return api_url(
        base, "videos", [("part", "snippet,contentDetails,status"), ("id", ",".join(ids))]
    )


def max_api_requests(n_videos: int) -> int:
    """The request (quota) budget of one playlist: pages + batches + the title call."""
    return math.ceil(n_videos / PAGE_SIZE) * 2 + 1


def api_error(status: int, body: bytes, playlist_id: str) -> YouTubeError:
    """Turn an API error response into a one-line, actionable YouTubeError."""
    try:
        error = json.loads(body).get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    if not isinstance(error, dict):
        error = {}
    reasons = [e.get("reason", "") for e in error.get("errors") or [] if isinstance(e, dict)]
    reasons += [d.get("reason", "") for d in error.get("details") or [] if isinstance(d, dict)]
    reasons = [r for r in reasons if r]
    message = _strip_html(str(error.get("message") or "")) or f"HTTP {status}"
    tag = f"HTTP {status} {'/'.join(reasons) or 'error'}"
    found = set(reasons)
    if found & {"quotaExceeded", "dailyLimitExceeded", "RATE_LIMIT_EXCEEDED"}:
        text = (
            "YouTube API daily quota exhausted; it resets at midnight Pacific time: retry then, "
            "use another project's key, or unset YOUTUBE_API_KEY for a partial keyless crawl"
        )
    elif found & {"keyInvalid", "API_KEY_INVALID", "keyExpired", "API_KEY_EXPIRED"}:
        text = (
            "the YouTube API key was rejected: set YOUTUBE_API_KEY to a valid "
            "YouTube Data API v3 key (console.cloud.google.com > APIs & Services > Credentials)"
        )
    elif found & {"accessNotConfigured", "SERVICE_DISABLED"}:
        text = "YouTube Data API v3 is not enabled for this key's project: enable it in the console"
    elif found & {"playlistNotFound", "playlistItemsNotAccessible"} or status == 404:
        text = (
            f"playlist {playlist_id!r} not found or not public: check -a playlist=<id> "
            "(the part after list= in the playlist URL)"
        )
    else:
        text = f"YouTube API request failed ({message}): retry later or check the arguments"
    return YouTubeError(f"{text} [{tag}]")


def _status_from_api(item: dict[str, Any], video: dict[str, Any] | None) -> str:
    """public | private | deleted | upcoming, from the playlist entry and its videos.list item.

    Unavailable entries still take a playlist slot (NOTES §1.3); detect them by privacy status,
    placeholder title, empty thumbnails, missing ``videoPublishedAt`` or absence from videos.list.
    """
    title = (item.get("snippet") or {}).get("title") or ""
    if title == "Deleted video":
        return "deleted"
    privacy = (item.get("status") or {}).get("privacyStatus")
    if title == "Private video" or (privacy and privacy != "public"):
        return "private"
    if video is None:
        return "private"  # absent from videos.list: private, deleted or blocked in the region
    v_privacy = (video.get("status") or {}).get("privacyStatus")
    if v_privacy and v_privacy != "public":
        return "private"
    live = (video.get("snippet") or {}).get("liveBroadcastContent")
    if live in ("upcoming", "live"):
        return "upcoming"
    duration = (video.get("contentDetails") or {}).get("duration")
    if not duration or parse_iso_duration(duration) is None:
        return "upcoming"  # P0D or no duration yet: a stream or premiere, not a recording
    return "public"


def _placeholder(item: dict[str, Any]) -> bool:
    """A playlist entry known to be unavailable without asking videos.list (saves quota)."""
    title = (item.get("snippet") or {}).get("title")
    privacy = (item.get("status") or {}).get("privacyStatus")
    return title in ("Private video", "Deleted video") or privacy in (
        "private",
        "privacyStatusUnspecified",
    )


def _video_id(item: dict[str, Any]) -> str | None:
    """The video id of a playlistItems entry."""
    return _dig(item, "contentDetails", "videoId") or _dig(item, "snippet", "resourceId", "videoId")


def recording_from_api(
    item: dict[str, Any], video: dict[str, Any] | None, position: int, source_url: str
) -> Recording | None:
    """A Recording from a ``playlistItems`` entry and its ``videos.list`` item (may be None)."""
    snippet = item.get("snippet") or {}
    details = item.get("contentDetails") or {}
    vid = _video_id(item)
    if not vid:
        return None
    v_snippet = (video or {}).get("snippet") or {}
    v_details = (video or {}).get("contentDetails") or {}
    return Recording(
        host="youtube",
        video_id=vid,
        url=watch_url(vid),
        title=v_snippet.get("title") or snippet.get("title") or "",
        description=v_snippet.get("description") or "",
        # never playlistItems.snippet.publishedAt: that is when the entry was added
        published=parse_api_date(details.get("videoPublishedAt"))
        or parse_api_date(v_snippet.get("publishedAt")),
        duration=parse_iso_duration(v_details.get("duration")),
        thumbnail_url=thumbnail_url(vid),
        language=v_snippet.get("defaultAudioLanguage") or None,
        status=_status_from_api(item, video),
        position=position,
        source_url=source_url,
    )


# --------------------------------------------------------------------------- keyless parsing


def extract_initial_data(html: str) -> dict[str, Any] | None:
    """The ``ytInitialData`` object of a YouTube page, in any of its three embeddings.

    ``raw_decode`` from the opening brace, never a regex up to ``};``: titles may contain
    ``};</script>``.
    """
    decoder = json.JSONDecoder()
    patterns = (
        r"<script[^>]*\bid=[\"']yt-initial-data[\"'][^>]*>\s*",
        r"\bvar\s+ytInitialData\s*=\s*",
        r"window\[[\"']ytInitialData[\"']\]\s*=\s*",
        r"\bytInitialData\s*=\s*",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, html):
            start = match.end()
            if html[start : start + 1] != "{":
                continue
            try:
                data, _ = decoder.raw_decode(html, start)
            except ValueError:
                continue
            if isinstance(data, dict):
                return data
    return None


def extract_ytcfg(html: str) -> dict[str, Any]:
    """Merged ``ytcfg.set({...})`` objects (client version, context, visitor data)."""
    decoder = json.JSONDecoder()
    cfg: dict[str, Any] = {}
    for match in re.finditer(r"ytcfg\.set\s*\(\s*(?={)", html):
        try:
            data, _ = decoder.raw_decode(html, match.end())
        except ValueError:
            continue
        if isinstance(data, dict):
            cfg.update(data)
    return cfg


def _text(value: Any) -> str:
    """Text of ``{"simpleText"}``, ``{"runs": [...]}`` or ``{"content"}`` objects."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    if "simpleText" in value:
        return str(value["simpleText"])
    if "content" in value:
        return str(value["content"])
    return "".join(str(r.get("text", "")) for r in value.get("runs") or [] if isinstance(r, dict))


def _dig(obj: Any, *path: str | int) -> Any:
    for key in path:
        if isinstance(key, int):
            if not isinstance(obj, list) or len(obj) <= key:
                return None
        elif not isinstance(obj, dict):
            return None
        obj = obj[key] if isinstance(key, int) else obj.get(key)
    return obj


def playlist_item_lists(data: dict[str, Any]) -> Iterator[list[Any]]:
    """Every list that holds playlist entries, in page or browse/continuation responses.

    Restricted to the item containers (NOTES §2.4): the page holds other tokens elsewhere.
    """
    tabs = _dig(data, "contents", "twoColumnBrowseResultsRenderer", "tabs") or []
    for tab in tabs:
        sections = _dig(tab, "tabRenderer", "content", "sectionListRenderer", "contents") or []
        for section in sections:
            contents = _dig(section, "itemSectionRenderer", "contents") or []
            legacy = [
                _dig(c, "playlistVideoListRenderer", "contents")
                for c in contents
                if isinstance(c, dict) and "playlistVideoListRenderer" in c
            ]
            if legacy:
                yield from (lst for lst in legacy if isinstance(lst, list))
            else:
                yield contents  # current layout: lockupViewModel items directly here
    for key in ("onResponseReceivedActions", "onResponseReceivedEndpoints"):
        for action in data.get(key) or []:
            for name in ("reloadContinuationItemsCommand", "appendContinuationItemsAction"):
                items = _dig(action, name, "continuationItems")
                if isinstance(items, list):
                    yield items
    old = _dig(data, "continuationContents", "playlistVideoListContinuation")
    if isinstance(old, dict):
        yield old.get("contents") or []
        token = _dig(old, "continuations", 0, "nextContinuationData", "continuation")
        if token:
            yield [{"nextContinuationData": {"continuation": token}}]


def continuation_token(entry: dict[str, Any]) -> str | None:
    """The next-page token of a list's trailing entry, in every known nesting (NOTES §2.4)."""
    if "nextContinuationData" in entry:
        return _dig(entry, "nextContinuationData", "continuation")
    renderer = entry.get("continuationItemRenderer")
    if isinstance(renderer, dict):
        for path in (
            ("continuationEndpoint", "continuationCommand", "token"),
            ("button", "buttonRenderer", "command", "continuationCommand", "token"),
        ):
            token = _dig(renderer, *path)
            if token:
                return token
        for root in (
            _dig(renderer, "continuationEndpoint"),
            _dig(renderer, "button", "buttonRenderer", "command"),
        ):
            for command in _dig(root, "commandExecutorCommand", "commands") or []:
                token = _dig(command, "continuationCommand", "token")
                if token:
                    return token
    view = entry.get("continuationItemViewModel")
    if isinstance(view, dict):
        return _dig(view, "continuationCommand", "innertubeCommand", "continuationCommand", "token")
    return None


def _legacy_entry(r: dict[str, Any]) -> tuple[str, str, int | None, str] | None:
    vid = r.get("videoId")
    if not vid:
        return None
    title = _text(r.get("title"))
    styles = {
        _dig(o, "thumbnailOverlayTimeStatusRenderer", "style")
        for o in r.get("thumbnailOverlays") or []
    }
    length = r.get("lengthSeconds")
    duration = int(length) if str(length or "").isdigit() else None
    if title in ("[Deleted video]", "Deleted video"):
        status = "deleted"
    elif title in ("[Private video]", "Private video"):
        status = "private"
    elif "upcomingEventData" in r or styles & {"UPCOMING", "LIVE"}:
        status = "upcoming"
    elif r.get("isPlayable") is False:
        status = "private"
    else:
        status = "public"
    return vid, title, duration, status


def _lockup_entry(v: dict[str, Any]) -> tuple[str, str, int | None, str] | None:
    if v.get("contentType", "LOCKUP_CONTENT_TYPE_VIDEO") != "LOCKUP_CONTENT_TYPE_VIDEO":
        return None  # playlists, podcasts, stations
    vid = v.get("contentId")
    if not vid:
        return None
    title = _text(_dig(v, "metadata", "lockupMetadataViewModel", "title"))
    badges: list[str] = []
    for overlay in _dig(v, "contentImage", "thumbnailViewModel", "overlays") or []:
        groups = [
            _dig(overlay, "thumbnailBottomOverlayViewModel", "badges"),
            _dig(overlay, "thumbnailOverlayBadgeViewModel", "thumbnailBadges"),
        ]
        for group in groups:
            for badge in group or []:
                text = _dig(badge, "thumbnailBadgeViewModel", "text")
                if text:
                    badges.append(str(text))
    duration = next((d for d in map(parse_clock_duration, badges) if d is not None), None)
    if title in ("[Deleted video]", "Deleted video"):
        status = "deleted"
    elif title in ("[Private video]", "Private video"):
        status = "private"
    elif duration is None and any(b.strip().upper() in ("LIVE", "UPCOMING") for b in badges):
        status = "upcoming"
    else:
        status = "public"
    return vid, title, duration, status


def parse_keyless_page(
    data: dict[str, Any], playlist_id: str, start: int = 0
) -> tuple[str | None, list[Recording], str | None]:
    """(playlist title, entries, next continuation token) of a page or continuation response."""
    title = (
        _dig(data, "metadata", "playlistMetadataRenderer", "title")
        or _dig(data, "microformat", "microformatDataRenderer", "title")
        or _text(
            _dig(data, "header", "pageHeaderRenderer", "pageTitle")
            or _dig(data, "header", "playlistHeaderRenderer", "title")
        )
        or None
    )
    source = playlist_url(playlist_id)
    recordings: list[Recording] = []
    token: str | None = None
    for entries in playlist_item_lists(data):
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            parsed = None
            if "playlistVideoRenderer" in entry:
                parsed = _legacy_entry(entry["playlistVideoRenderer"])
            elif "lockupViewModel" in entry:
                parsed = _lockup_entry(entry["lockupViewModel"])
            else:
                token = continuation_token(entry) or token
            if parsed:
                vid, vtitle, duration, status = parsed
                recordings.append(
                    Recording(
                        host="youtube",
                        video_id=vid,
                        url=watch_url(vid),
                        title=vtitle,
                        duration=duration,
                        thumbnail_url=thumbnail_url(vid),
                        status=status,
                        position=start + len(recordings),
                        source_url=source,
                    )
                )
    return title, recordings, token


def continuation_body(token: str, ytcfg: dict[str, Any]) -> dict[str, Any]:
    """The ``youtubei/v1/browse`` POST body for one continuation (no API key; NOTES §2.4)."""
    context = ytcfg.get("INNERTUBE_CONTEXT")
    if not isinstance(context, dict) or not isinstance(context.get("client"), dict):
        context = {
            "client": {
                "clientName": "WEB",
                "clientVersion": ytcfg.get("INNERTUBE_CLIENT_VERSION") or DEFAULT_CLIENT_VERSION,
                "hl": "en",
                "timeZone": "UTC",
                "utcOffsetMinutes": 0,
            }
        }
    return {"context": context, "continuation": token}


# --------------------------------------------------------------------------- the source


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class YouTubeSource:
    """Playlist -> Recordings for any spider, through its ``fetch`` helper.

    Settings: ``YOUTUBE_API_KEY`` (or env), ``YOUTUBE_API_URL``, ``YOUTUBE_FOLLOW_CONTINUATIONS``
    (or ``-a continuations=1`` on any spider).
    """

    def __init__(self, spider: HostSpider) -> None:
        self.spider = spider
        settings = spider.settings
        self.api_key = settings.get("YOUTUBE_API_KEY") or os.environ.get("YOUTUBE_API_KEY") or ""
        self.api_key = str(self.api_key).strip()
        self.api_url = str(settings.get("YOUTUBE_API_URL") or DEFAULT_API_URL).rstrip("/")
        self.follow_continuations = settings.getbool("YOUTUBE_FOLLOW_CONTINUATIONS") or _truthy(
            getattr(spider, "continuations", "")
        )
        self.logger = spider.logger

    @property
    def keyless(self) -> bool:
        """True when no API key is set: the partial playlist-page mode."""
        return not self.api_key

    def first_url(self, playlist_id: str) -> str:
        """The first URL ``playlist()`` downloads (so a spider can start with it)."""
        return (
            playlist_url(playlist_id) if self.keyless else playlists_url(self.api_url, playlist_id)
        )

    def request_kwargs(self, url: str) -> dict[str, Any]:
        """Request arguments for ``url``: the key header for API calls, nothing for pages."""
        if self.api_key and url.startswith(self.api_url):
            # The API is called with the key owner's authorization, not crawled: robots.txt of
            # googleapis.com does not apply (and a replay would need it recorded).
            return {
                "headers": {"X-Goog-Api-Key": self.api_key, "Accept": "application/json"},
                "meta": {"dont_obey_robotstxt": True},
            }
        return {}

    async def _get(self, url: str, **kwargs: Any) -> Response:
        merged = self.request_kwargs(url)
        for name, value in kwargs.items():
            if isinstance(value, dict) and isinstance(merged.get(name), dict):
                merged[name] = {**merged[name], **value}
            else:
                merged[name] = value
        try:
            return await self.spider.fetch(url, **merged)
        except Exception as exc:  # DNS, timeouts, replay misses: make them one actionable line
            raise YouTubeError(
                f"could not download {url} ({type(exc).__name__}: {exc}); check the network "
                "or the recording"
            ) from exc

    async def playlist(
        self, playlist_id: str, first: Response | None = None
    ) -> tuple[str | None, list[Recording]]:
        """Title and every entry of a playlist, unavailable ones included with their status.

        ``first`` is the already-downloaded response of ``first_url(playlist_id)``, if any.
        """
        if self.keyless:
            return await self._keyless_playlist(playlist_id, first)
        return await self._api_playlist(playlist_id, first)

    # ---- API mode

    async def _api_json(
        self, url: str, playlist_id: str, response: Response | None = None
    ) -> dict[str, Any]:
        if response is None:
            response = await self._get(url)
        if response.status != 200:
            raise api_error(response.status, response.body, playlist_id)
        try:
            data = json.loads(response.body)
        except ValueError as exc:
            raise YouTubeError(
                f"YouTube API returned non-JSON for {url} (HTTP {response.status}): retry later"
            ) from exc
        if not isinstance(data, dict):
            raise YouTubeError(f"YouTube API returned an unexpected body for {url}: retry later")
        return data

    async def _api_playlist(
        self, playlist_id: str, first: Response | None
    ) -> tuple[str | None, list[Recording]]:
        meta = await self._api_json(playlists_url(self.api_url, playlist_id), playlist_id, first)
        if not meta.get("items"):
            raise YouTubeError(
                f"playlist {playlist_id!r} not found (the API returned no playlist; private and "
                "deleted playlists look the same): check -a playlist=<id>"
            )
        title = _dig(meta, "items", 0, "snippet", "title") or None

        entries: list[dict[str, Any]] = []
        token: str | None = None
        seen_tokens: set[str] = set()
        # videos.list only for entries that may be available (unavailable ones are absent
        # anyway), PAGE_SIZE ids a call; each call goes out as soon as its ids are known, while
        # the next playlist page (which only its token can name) is still on its way
        wanted: list[str] = []
        known: set[str] = set()
        calls: list[asyncio.Future[dict[str, Any]]] = []

        def call(batch: list[str]) -> None:
            url = videos_url(self.api_url, batch)
            calls.append(asyncio.ensure_future(self._api_json(url, playlist_id)))

        try:
            while True:
                page = await self._api_json(
                    playlist_items_url(self.api_url, playlist_id, token), playlist_id
                )
                items = [i for i in page.get("items") or [] if isinstance(i, dict)]
                entries.extend(items)
                for item in items:
                    vid = _video_id(item)
                    if vid and vid not in known and not _placeholder(item):
                        known.add(vid)
                        wanted.append(vid)
                while len(wanted) >= (len(calls) + 1) * PAGE_SIZE:
                    call(wanted[len(calls) * PAGE_SIZE : (len(calls) + 1) * PAGE_SIZE])
                token = page.get("nextPageToken")
                if not token or token in seen_tokens:
                    break
                seen_tokens.add(token)
            if len(wanted) > len(calls) * PAGE_SIZE:
                call(wanted[len(calls) * PAGE_SIZE :])
            answers = await asyncio.gather(*calls)
        except BaseException:
            await asyncio.gather(*calls, return_exceptions=True)  # none left running unheard
            raise
        videos: dict[str, dict[str, Any]] = {}
        for data in answers:
            for video in data.get("items") or []:
                if isinstance(video, dict) and video.get("id"):
                    videos[video["id"]] = video

        source = playlist_url(playlist_id)
        recordings: list[Recording] = []
        for item in entries:
            rec = recording_from_api(
                item, videos.get(_video_id(item) or ""), len(recordings), source
            )
            if rec is not None:
                recordings.append(rec)
        counts = {s: sum(r.status == s for r in recordings) for s in ("private", "deleted")}
        counts["upcoming"] = sum(r.status == "upcoming" for r in recordings)
        self.logger.info(
            "YouTube playlist %s %r: %d entries (%s) in %d API requests",
            playlist_id,
            title,
            len(recordings),
            ", ".join(f"{v} {k}" for k, v in counts.items()),
            1 + len(seen_tokens) + 1 + len(calls),
        )
        return title, recordings

    # ---- keyless mode

    async def _keyless_playlist(
        self, playlist_id: str, first: Response | None
    ) -> tuple[str | None, list[Recording]]:
        url = playlist_url(playlist_id)
        response = first if first is not None else await self._get(url)
        if response.status != 200:
            raise YouTubeError(
                f"playlist page {url} returned HTTP {response.status}: check -a playlist=<id>, "
                "or set YOUTUBE_API_KEY"
            )
        html = response.text
        data = extract_initial_data(html)
        if data is None:
            raise YouTubeError(
                f"no ytInitialData in {url} (consent page or new layout?): set YOUTUBE_API_KEY "
                "to use the Data API instead"
            )
        title, recordings, token = parse_keyless_page(data, playlist_id)
        if not recordings and not token:
            alerts = " ".join(
                _text(_dig(a, "alertRenderer", "text")) for a in data.get("alerts") or []
            )
            raise YouTubeError(
                f"playlist {playlist_id!r} not found or empty on its page"
                f"{f' ({alerts.strip()})' if alerts.strip() else ''}: check -a playlist=<id>, "
                "or set YOUTUBE_API_KEY (the page layout may have changed)"
            )
        self.logger.warning(
            "YouTube playlist %s read WITHOUT an API key: partial data (no descriptions, no "
            "exact dates, no language); set YOUTUBE_API_KEY for complete records",
            playlist_id,
        )
        ytcfg = extract_ytcfg(html)
        seen = {token} if token else set()
        while token and self.follow_continuations:
            page = await self._continuation(token, ytcfg, response)
            _, more, next_token = parse_keyless_page(page, playlist_id, start=len(recordings))
            recordings.extend(more)
            if not more and not next_token:
                break
            token = next_token if next_token not in seen else None
            if token:
                seen.add(token)
        if token and not self.follow_continuations:
            self.logger.warning(
                "YouTube playlist %s has more than the %d entries read: add -a continuations=1 "
                "(or -s YOUTUBE_FOLLOW_CONTINUATIONS=True) to follow the next pages, or set "
                "YOUTUBE_API_KEY",
                playlist_id,
                len(recordings),
            )
        elif not token and recordings and len(recordings) % KEYLESS_PAGE_SIZE == 0:
            self.logger.warning(
                "YouTube playlist %s: exactly %d entries and no next-page token: the page layout "
                "may have changed and the list may be truncated; check with YOUTUBE_API_KEY",
                playlist_id,
                len(recordings),
            )
        return title, recordings

    async def _continuation(
        self, token: str, ytcfg: dict[str, Any], page: Response
    ) -> dict[str, Any]:
        body = continuation_body(token, ytcfg)
        headers = {
            "Content-Type": "application/json",
            "X-YouTube-Client-Name": str(ytcfg.get("INNERTUBE_CONTEXT_CLIENT_NAME") or 1),
            "X-YouTube-Client-Version": str(
                _dig(body, "context", "client", "clientVersion") or DEFAULT_CLIENT_VERSION
            ),
            "Origin": "https://www.youtube.com",
        }
        visitor = ytcfg.get("VISITOR_DATA") or _dig(body, "context", "client", "visitorData")
        if visitor:
            headers["X-Goog-Visitor-Id"] = str(visitor)
        response = await self._get(
            BROWSE_URL,
            method="POST",
            body=json.dumps(body, sort_keys=True, separators=(",", ":")),
            headers=headers,
            # robots.txt disallows /youtubei/; the user opted in explicitly (NOTES §2.1)
            meta={"dont_obey_robotstxt": True},
        )
        if response.status != 200:
            raise YouTubeError(
                f"playlist continuation returned HTTP {response.status}: rerun without "
                "-a continuations=1 or set YOUTUBE_API_KEY"
            )
        try:
            data = json.loads(response.body)
        except ValueError as exc:
            raise YouTubeError(
                "playlist continuation was not JSON: set YOUTUBE_API_KEY instead"
            ) from exc
        return data if isinstance(data, dict) else {}


class YouTubeHost:
    """The edition's playlists (``-a playlist=<id>,...``) as a ``VideoHost``."""

    name = "youtube"
    argument = "playlist"

    async def recordings(
        self, spider: HostSpider, event: Event
    ) -> AsyncIterator[tuple[str, list[Recording]]]:
        """Each playlist of the event, in order; the error names the playlist."""
        if not event.playlists:
            return
        source = YouTubeSource(spider)
        for playlist_id in event.playlists:
            try:
                _title, found = await source.playlist(playlist_id)
            except YouTubeError as exc:
                raise YouTubeError(f"playlist {playlist_id}: {exc}") from exc
            yield playlist_url(playlist_id), found
