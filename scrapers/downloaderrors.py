"""A request that cannot be downloaded is one log line naming it, and the crawl fails (exit 1).

Scrapy logs a download error (a missing ``file://`` export, an unreachable host, a request missing
from a replayed recording) with a traceback and carries on; the crawl then produces no event and
a volunteer reads a stack of frames. This spider middleware gives every request that has no
errback of its own one that logs ``<url>: cannot download (<reason>)`` and marks the crawl failed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class OneLineDownloadErrors:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineDownloadErrors:
        return cls(crawler)

    def with_errback(self, item: Any) -> Any:
        if isinstance(item, scrapy.Request) and item.errback is None:
            return item.replace(errback=self.failed)
        return item

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            yield self.with_errback(item)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            yield self.with_errback(item)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            yield self.with_errback(item)

    def failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "a request"
        reason = " ".join(str(failure.value).split()) or type(failure.value).__name__
        logger.error("%s: cannot download (%s: %s)", url, type(failure.value).__name__, reason)
        if self.crawler.stats:
            self.crawler.stats.set_value("pyvideo/failed", f"cannot download {url}")
