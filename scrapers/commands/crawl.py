"""``scrapy crawl`` that fails (exit status 1) when the crawl did not finish cleanly.

Scrapy's own command exits 0 even when a replay misses a request, the YouTube API refuses the key,
the schedule is missing or unreadable (no event), a file or a talk could not be read (an ERROR
line), a write fails or too many records were invalid;
a scheduled job and a volunteer both need the failure to show. Exit 0 means the summary says the
event was produced and every record written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from scrapers.platforms.base import ConferenceSpider, ConfigError


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name: scrapy crawl <spider> -a year=YYYY")
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(args[0])
        problem = argument_problem(crawler.spidercls, opts.spargs)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            self.exitcode = 1
            return
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        self.exitcode, line = exit_status(crawler.stats.get_stats() if crawler.stats else {})
        if line:
            print(line, file=sys.stderr)


def exit_status(stats: Mapping[str, Any]) -> tuple[int, str]:
    """The exit status of a finished crawl, and the ``error:`` line printed with it (empty when
    none); the in-process runner (scrapers/tooling/golden.py) applies the same rules.

    An ERROR line is kept for what was not read or not written (a broken file, a talk left out
    for bad data): the event is not complete, whatever else was written.
    """
    if stats.get("finish_reason", "finished") != "finished" or stats.get("pyvideo/failed"):
        return 1, ""
    if stats.get("log_count/ERROR"):
        n = stats["log_count/ERROR"]
        return 1, f"error: {n} error line(s) above: the event was not fully read"
    return 0, ""


def argument_problem(spidercls: type, spargs: dict[str, str]) -> str | None:
    """Why the spider cannot start with these ``-a`` arguments, as one line (None when it can).

    The spider is built once, outside the reactor, so that a missing or wrong argument is a
    line naming it rather than a traceback from inside the crawl.
    """
    if not issubclass(spidercls, ConferenceSpider):
        return None
    generation = spidercls.generation_for(spargs.get("year"))
    try:  # ConferenceSpider also refuses an unsafe event slug (scrapers.domain.datatree.safe_slug)
        generation(**{"name": spidercls.name, **spargs})
    except ConfigError as exc:
        return str(exc)
    return None
