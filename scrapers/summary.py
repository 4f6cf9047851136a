"""The crawl summary a volunteer reads at the end of every crawl."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from scrapers.items import Event

logger = logging.getLogger(__name__)


def accounts(event: Event, stats: dict[str, Any]) -> tuple[int, int, str | None]:
    """Everything the sources listed, the sum of its outcomes, and why they differ (or None).

    "talks seen" cannot be the total: slots a spider leaves out (breaks, cancelled talks, no
    recording consent) never become talks, and videos without a talk are written too. So the
    total is what reached the record stage (``records/built``, counted by dedupe) plus what was
    skipped before it; each built record must then be written, updated, unchanged or skipped
    exactly once. A difference means a stage dropped or counted a record twice.
    """
    done = sum(stats.get(f"pyvideo/records/{k}", 0) for k in ("written", "updated", "unchanged"))
    outcomes = done + len(event.skipped)
    if "pyvideo/records/built" not in stats:  # dedupe did not run: nothing to check against
        return outcomes, outcomes, None
    before = stats.get("pyvideo/skipped/before_records", 0)
    seen = before + stats["pyvideo/records/built"]
    if seen == outcomes:
        return seen, outcomes, None
    return (
        seen,
        outcomes,
        (
            f"{stats['pyvideo/records/built']} records built, but {done} written/updated/unchanged "
            f"and {len(event.skipped) - before} skipped after they were built"
        ),
    )


def summarize(event: Event, stats: dict[str, Any]) -> str:
    """Talks seen, records written/updated/unchanged, and what was skipped, by reason.

    The last count line is the sum every summary must satisfy: all entries seen = written +
    updated + unchanged + every skip.
    """
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
    seen, _, _ = accounts(event, stats)
    lines.append(
        f"  all entries seen:   {seen} = {stats.get('pyvideo/records/written', 0)} written + "
        f"{stats.get('pyvideo/records/updated', 0)} updated + "
        f"{stats.get('pyvideo/records/unchanged', 0)} unchanged + {len(event.skipped)} skipped"
    )
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
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Event):
            self.events.append(item)

    def item_error(self, item: Any, failure: Any = None, **kwargs: Any) -> None:
        """A pipeline raised: the event is not (fully) written, so the crawl must exit 1."""
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("pyvideo/failed", "an error while processing the event")

    def spider_closed(self, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        if not self.events:
            logger.warning("Crawl summary: no event was produced (finish reason: %s)", reason)
            if self.crawler.stats:  # a missing, unreachable or unreadable schedule: exit 1
                self.crawler.stats.set_value("pyvideo/failed", "no event was produced")
        for event in self.events:
            logger.info("%s", summarize(event, stats))
            seen, outcomes, problem = accounts(event, stats)
            if problem:
                logger.error(
                    "%s: the counts do not add up (%d seen, %d accounted for): %s",
                    event.slug,
                    seen,
                    outcomes,
                    problem,
                )
