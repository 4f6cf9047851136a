"""PeerTube as a recording source: a channel, account or playlist read through the REST API.

PeerTube is federated, so the source names its instance. It is given as an edition option or on
the command line (``-a peertube=`` overrides the edition)::

    options={"peertube": {"instance": "https://indymotion.fr", "channel": "pyconfr"}}
    -a peertube=https://indymotion.fr/c/pyconfr            (also /a/<account>,
    -a peertube=https://indymotion.fr/w/p/<playlist id>     /video-playlists/<id>)

Endpoints (anonymous, JSON, paginated with ``start``/``count`` and answered with ``{total, data}``):

- ``/api/v1/video-channels/<name>/videos`` and ``/api/v1/accounts/<name>/videos``: videos;
- ``/api/v1/video-playlists/<id>/videos``: playlist elements ``{position, video}`` (a removed
  or private video has ``video: null``);
- ``/api/v1/videos/<uuid>``: one video with its full description. List endpoints cut the
  description to 250 characters (``...`` at the end) or only send ``truncatedDescription``, so
  the detail is fetched for those videos only.

A channel holds every year of a conference, so a channel or account source keeps the videos
published from the edition's first day (``since``, default the edition's start date) up to
``until`` (an ISO date, optional); a playlist is taken whole.

Recordings are keyed ``peertube:<watch URL>``, the key ``scrapers.domain.datatree.video_keys`` and
``scrapers.domain.record.video_entry`` give a written ``{"type": "peertube", "url": ...}`` video,
so a second crawl finds the records the first one wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from dateutil import parser as dateparser

from scrapers.items import Event, Recording
from scrapers.videohosts import HostError, HostSpider
from scrapers.videohosts.urls import peertube_page_url, peertube_watch_url

if TYPE_CHECKING:
    from scrapy.http import Response

PAGE_SIZE = 100  # PeerTube's maximum ``count`` for video lists
TRUNCATED_LENGTH = 250  # CONSTRAINTS_FIELDS.VIDEOS.TRUNCATED_DESCRIPTION.max
KINDS = {"channel": "video-channels", "account": "accounts", "playlist": "video-playlists"}
URL_KINDS = {
    "c": "channel",
    "video-channels": "channel",
    "a": "account",
    "accounts": "account",
    "video-playlists": "playlist",
}
PUBLISHED_STATE = 1  # VideoState.PUBLISHED
SHOWN_PRIVACIES = {1: "public", 2: "public"}  # public, unlisted; private/internal/password hidden


class PeerTubeError(HostError):
    """A PeerTube source that cannot be read; the message says what to check."""


@dataclass(frozen=True)
class PeerTubeSpec:
    """Which videos: an instance and a channel, account or playlist on it."""

    instance: str  # "https://indymotion.fr"
    kind: str  # channel | account | playlist
    name: str  # channel/account name, or playlist id (uuid or shortUUID)
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def page_url(self) -> str:
        """The source's page for people (what ``source_urls`` lists)."""
        return peertube_page_url(self.instance, self.kind, self.name)

    def list_url(self, start: int, count: int = PAGE_SIZE) -> str:
        query = urlencode({"start": start, "count": count})
        return f"{self.instance}/api/v1/{KINDS[self.kind]}/{self.name}/videos?{query}"

    def video_url(self, uuid: str) -> str:
        return f"{self.instance}/api/v1/videos/{uuid}"


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dateparser.isoparse(str(value)).date()
    except (ValueError, OverflowError):
        return None


def parse_spec(value: str | dict[str, Any], since: dt.date | None = None) -> PeerTubeSpec:
    """A source from ``-a peertube=<URL>`` or an edition's ``{"instance", "channel"|...}``."""
    if isinstance(value, dict):
        instance = str(value.get("instance") or "").rstrip("/")
        kinds = [k for k in KINDS if value.get(k)]
        if not instance.startswith(("http://", "https://")) or len(kinds) != 1:
            raise PeerTubeError(
                f"peertube option {value!r}: give an instance URL and one of channel, account "
                "or playlist"
            )
        kind = kinds[0]
        return PeerTubeSpec(
            instance,
            kind,
            str(value[kind]).strip("/"),
            since=_date(value.get("since")) or (since if kind != "playlist" else None),
            until=_date(value.get("until")),
        )
    parts = urlsplit(str(value).strip())
    segments = [s for s in parts.path.split("/") if s]
    if segments[:2] == ["w", "p"]:  # /w/p/<playlist>
        segments = ["video-playlists", *segments[2:]]
    if parts.scheme not in ("http", "https") or len(segments) < 2 or segments[0] not in URL_KINDS:
        raise PeerTubeError(
            f"-a peertube={value!r}: give <instance URL>/c/<channel>, /a/<account> or "
            "/video-playlists/<id>"
        )
    kind = URL_KINDS[segments[0]]
    return PeerTubeSpec(
        f"{parts.scheme}://{parts.netloc}",
        kind,
        segments[1],
        since=since if kind != "playlist" else None,
    )


def is_truncated(video: dict[str, Any]) -> bool:
    """True when a list entry's description is not the whole description."""
    text = video.get("description")
    if text is None:
        return bool(video.get("truncatedDescription"))
    return len(text) >= TRUNCATED_LENGTH - 3 and str(text).endswith("...")


@dataclass
class PeerTubeRecording(Recording):
    """A PeerTube video, keyed by its watch URL as the data tree keys written PeerTube videos."""

    @property
    def key(self) -> str:
        return f"peertube:{self.url}"


def recording_from_video(
    video: dict[str, Any], instance: str, position: int, source: str
) -> Recording | None:
    """One API video object as a Recording; None when it has no id."""
    uuid = str(video.get("uuid") or video.get("shortUUID") or "")
    if not uuid:
        return None
    privacy = (video.get("privacy") or {}).get("id", 1)
    state = (video.get("state") or {}).get("id", PUBLISHED_STATE)
    status = SHOWN_PRIVACIES.get(privacy, "private")
    if status == "public" and state != PUBLISHED_STATE:
        status = "upcoming"  # waiting for a live, or still transcoding/importing
    thumb = video.get("thumbnailPath") or video.get("previewPath")
    language = (video.get("language") or {}).get("id") or None
    duration = video.get("duration")
    return PeerTubeRecording(
        host="peertube",
        video_id=uuid,
        url=peertube_watch_url(instance, uuid),
        title=str(video.get("name") or "").strip(),
        description=str(video.get("description") or video.get("truncatedDescription") or ""),
        published=_date(video.get("originallyPublishedAt") or video.get("publishedAt")),
        duration=int(duration) if isinstance(duration, (int, float)) and duration else None,
        thumbnail_url=f"{instance}{thumb}" if thumb else None,
        language=language if language != "zxx" else None,  # zxx: no linguistic content
        status=status,
        position=position,
        source_url=source,
    )


class PeerTubeSource:
    """PeerTube channel/account/playlist -> Recordings, through the spider's ``fetch``."""

    def __init__(self, spider: HostSpider) -> None:
        self.spider = spider
        self.logger = spider.logger
        self.requests = 0

    async def _json(self, url: str) -> Any:
        self.requests += 1
        meta = {"dont_obey_robotstxt": True}  # an API, not pages to crawl
        try:
            response: Response = await self.spider.fetch(
                url, meta=meta, headers={"Accept": "application/json"}
            )
        except Exception as exc:  # DNS, timeouts, replay misses: one actionable line
            raise PeerTubeError(
                f"could not download {url} ({type(exc).__name__}: {exc}); check the network "
                "or the recording"
            ) from exc
        if response.status != 200:
            raise PeerTubeError(
                f"{url} answered HTTP {response.status}: check the instance and the "
                "channel/playlist name"
            )
        try:
            return json.loads(response.body)
        except ValueError as exc:
            raise PeerTubeError(f"{url} is not JSON: is it a PeerTube instance?") from exc

    async def videos(self, spec: PeerTubeSpec) -> list[Recording]:
        """Every video of the source (in its order), full descriptions, date window applied."""
        entries: list[dict[str, Any]] = []
        start = 0
        while True:
            page = await self._json(spec.list_url(start))
            data = page.get("data") if isinstance(page, dict) else None
            if not isinstance(data, list):
                raise PeerTubeError(f"{spec.list_url(start)}: not a {{total, data}} page")
            for item in data:
                video = item.get("video", item) if spec.kind == "playlist" else item
                if isinstance(video, dict):
                    entries.append(video)
                elif spec.kind == "playlist":
                    self.logger.info(
                        "%s: element %s has no video (removed or private)",
                        spec.page_url,
                        item.get("position"),
                    )
            start += len(data)
            total = page.get("total")
            if not data or not isinstance(total, int) or start >= total:
                break
        recordings: list[Recording] = []
        dropped = 0
        details = 0
        for video in entries:
            published = _date(video.get("originallyPublishedAt") or video.get("publishedAt"))
            if published and (
                (spec.since and published < spec.since) or (spec.until and published > spec.until)
            ):
                dropped += 1
                continue
            if is_truncated(video) and video.get("uuid"):
                full = await self._json(spec.video_url(str(video["uuid"])))
                details += 1
                if isinstance(full, dict) and full.get("description") is not None:
                    video = {**video, "description": full["description"]}
            rec = recording_from_video(video, spec.instance, len(recordings), spec.page_url)
            if rec is not None:
                recordings.append(rec)
        self.logger.info(
            "PeerTube %s: %d videos (%d outside %s..%s), %d requests (%d for full descriptions)",
            spec.page_url,
            len(recordings),
            dropped,
            spec.since or "",
            spec.until or "",
            self.requests,
            details,
        )
        return recordings


class PeerTubeHost:
    """The edition's PeerTube source (``-a peertube=<URL>`` or the option) as a ``VideoHost``."""

    name = "peertube"
    argument = "peertube"

    async def recordings(
        self, spider: HostSpider, event: Event
    ) -> AsyncIterator[tuple[str, list[Recording]]]:
        """The one source, if any: the argument wins over the edition's option; a channel or
        account keeps the videos from the edition's first day."""
        value = getattr(spider, self.argument, None) or spider.edition.opt(self.argument)
        if not value:
            return
        try:
            spec = parse_spec(value, since=spider.edition.start_date)
            found = await PeerTubeSource(spider).videos(spec)
        except PeerTubeError as exc:
            raise PeerTubeError(f"PeerTube: {exc}") from exc
        yield spec.page_url, found
