"""What every pipeline shares: the crawler, the stats, and messages that name the event."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy.crawler import Crawler

from scrapers.items import Event


class EventPipeline:
    """Base of the project's pipelines: each receives the whole Event and does one thing to it.

    Subclasses implement ``process_event``; items that are not events pass through untouched.
    """

    stats_prefix = "pyvideo"

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.logger = logging.getLogger(type(self).__module__)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EventPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Event):
            start = time.process_time()
            self.process_event(item)
            # CPU milliseconds per step in every crawl's stats: the per-record cost of each
            step = type(self).__module__.rsplit(".", 1)[-1]
            self.inc(f"cpu_ms/{step}", round((time.process_time() - start) * 1000))
        return item

    def process_event(self, event: Event) -> None:
        raise NotImplementedError

    def inc(self, key: str, count: int = 1) -> None:
        """Count something in the crawl stats under ``pyvideo/``."""
        if self.stats is not None:
            self.stats.inc_value(f"{self.stats_prefix}/{key}", count)
