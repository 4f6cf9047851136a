"""The crawl summary a volunteer reads at the end of every crawl."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from scrapers.items import Event

logger = logging.getLogger(__name__)


def summarize(event: Event, stats: dict[str, Any]) -> str:
    """Talks seen, records written/updated/unchanged, and what was skipped, by reason."""
    reasons = Counter(s.reason for s in event.skipped)
    lines = [
        f"Crawl summary for {event.slug} ({event.title}):",
        f"  talks seen:         {len(event.talks)}",
        f"  videos seen:        {len(event.recordings)}",
        f"  records written:    {stats.get('pyvideo/records/written', 0)}",
        f"  records updated:    {stats.get('pyvideo/records/updated', 0)}",
        f"  records unchanged:  {stats.get('pyvideo/records/unchanged', 0)}",
    ]
    if stats.get("pyvideo/undated"):
        lines.append(f"  written undated:    {stats['pyvideo/undated']} (see the warnings)")
    for reason, count in sorted(reasons.items()):
        lines.append(f"  skipped, {reason + ':':<19}{count}")
    report = event.match_report
    if report:
        c = report["counts"]
        lines.append(
            f"  matching: {c['playlist_items']} playlist items = {c['matched']} matched + "
            f"{c['unmatched_videos']} unmatched + {c['skipped_videos']} skipped; "
            f"{c['unmatched_talks']} talks without a video"
        )
        for video in report.get("unmatched_recordings", [])[:20]:
            lines.append(f"    unmatched video: {video.get('video_id')} {video.get('title')!r}")
    return "\n".join(lines)


class CrawlSummary:
    """Logs the summary of every Event the crawl finished (after all pipelines ran)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.events: list[Event] = []
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Event):
            self.events.append(item)

    def spider_closed(self, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        if not self.events:
            logger.warning("Crawl summary: no event was produced (finish reason: %s)", reason)
        for event in self.events:
            logger.info("%s", summarize(event, stats))
