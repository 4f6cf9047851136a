"""``scrapy crawl`` that fails (exit status 1) when the crawl did not finish cleanly.

Scrapy's own command exits 0 even when a replay misses a request, the YouTube API refuses the key
or too many records were invalid; a scheduled job and a volunteer both need the failure to show.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name: scrapy crawl <spider> -a year=YYYY")
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if stats.get("finish_reason", "finished") != "finished" or stats.get("pyvideo/failed"):
            self.exitcode = 1
