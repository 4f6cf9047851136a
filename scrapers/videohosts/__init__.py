"""Video hosts: where the recordings of an event come from, behind one small interface.

A host (``VideoHost``) answers to one spider argument and turns the sources it names into
``Recording`` items, downloading through the spider's ``fetch``::

    -a playlist=<id>,...        youtube.py    YouTube Data API v3, or the keyless playlist page
    -a peertube=<URL>           peertube.py   a PeerTube channel, account or playlist

The base spider (``ConferenceSpider.collect_recordings``) reads the hosts of
``registry.HOSTS`` in order after the schedule and knows them only through this interface; a
host knows the spider only as ``HostSpider``. A new host is a module here with a class like
``YouTubeHost`` and one line in ``registry.py``. The URL helpers the record logic needs
(``video_id``, ``watch_url``...) are in ``urls.py``, a leaf that imports nothing of the project;
this module imports none of the hosts, so reading a URL helper loads no host client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from scrapy.http import Response

    from scrapers.items import Event, Recording


class HostError(Exception):
    """A source that cannot be read; the message is one line saying what to check or do."""


class HostEdition(Protocol):
    """The part of an edition a host reads: its first day and its platform options."""

    @property
    def start_date(self) -> dt.date | None: ...

    def opt(self, name: str, default: Any = None) -> Any: ...


class HostSpider(Protocol):
    """The part of a spider a host uses. Hosts download through ``fetch`` only, so the HTTP
    cache, record/replay and retries apply to every request they make."""

    @property
    def settings(self) -> Any: ...

    @property
    def logger(self) -> Any: ...

    @property
    def edition(self) -> HostEdition: ...

    async def fetch(self, url: str, **kwargs: Any) -> Response: ...


class VideoHost(Protocol):
    """A recording source the base spider reads after the schedule.

    ``argument`` is the spider argument (and edition field or option) naming the sources:
    ``-a playlist=<id>,...``, ``-a peertube=<URL>``. A crawl that names none reads nothing.
    """

    name: str  # the close reason of a failed read is "<name>_error"
    argument: str

    def recordings(
        self, spider: HostSpider, event: Event
    ) -> AsyncIterator[tuple[str, list[Recording]]]:
        """Per source the spider names, in order: its page URL and its recordings, positions
        counted from 0. Raises ``HostError`` (one line, naming the source) when one fails."""
        ...
