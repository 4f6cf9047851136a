"""Spider: one event folder from one or more YouTube playlists, with no schedule.

Conference: any (``-a event=<slug>`` names the folder).
Platform: ``ConferenceSpider`` reading YouTube (``scrapers.videohosts.youtube.YouTubeSource``;
Data API v3 with ``YOUTUBE_API_KEY``, otherwise the playlist page's first 100 entries,
``-a continuations=1`` for more).
Caveats: without a key, records have no description, exact date or language.

    scrapy crawl youtube -a playlist=<ID>[,<ID>...] -a event=<event-slug> \\
        [-a title="PyCon X 2024"] [-a start=YYYY-MM-DD -a end=YYYY-MM-DD] [-a continuations=1]
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from scrapers.items import Event
from scrapers.platforms.base import ConferenceSpider, ConfigError
from scrapers.videohosts.urls import playlist_url
from scrapers.videohosts.youtube import YouTubeError, YouTubeSource


class YoutubeSpider(ConferenceSpider):
    """Every entry of the playlists as ``Event.recordings``; the pipelines build the records."""

    # ConferenceSpider
    name = "youtube"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.edition.playlists:
            raise ConfigError("youtube: give the playlist id(s) with -a playlist=<ID>[,<ID>...]")

    async def start(self) -> AsyncIterator[Any]:
        """One request: the first playlist's first call; the callback awaits the rest."""
        source = YouTubeSource(self)
        url = source.first_url(self.edition.playlists[0])
        kwargs = source.request_kwargs(url)
        # Error bodies (quota, bad key) must reach the callback to be explained.
        meta = {**kwargs.pop("meta", {}), "handle_httpstatus_all": True}
        yield scrapy.Request(
            url,
            callback=self.parse_playlists,
            errback=self.download_failed,
            dont_filter=True,
            meta=meta,
            **kwargs,
        )

    async def parse_playlists(self, response: Response) -> AsyncIterator[Event]:
        """Read every playlist and yield the one Event, or close with ``youtube_error``."""
        source = YouTubeSource(self)
        event = self.new_event()
        try:
            for i, playlist_id in enumerate(self.edition.playlists):
                title, recordings = await source.playlist(
                    playlist_id, first=response if i == 0 else None
                )
                if i == 0 and not self.edition.title and title:
                    event.title = title
                offset = len(event.recordings)
                for recording in recordings:
                    recording.position += offset  # unique, stable order across playlists
                event.recordings.extend(recordings)
                event.source_urls.append(playlist_url(playlist_id))
        except YouTubeError as exc:
            self.logger.error("YouTube: %s", exc)
            raise CloseSpider("youtube_error") from exc
        yield event

    def download_failed(self, failure: Failure) -> None:
        """The first request failed below HTTP (DNS, timeout, replay miss): no Event."""
        self.logger.error("YouTube: could not download %s: %s", failure.request.url, failure.value)
        raise CloseSpider("youtube_error")
