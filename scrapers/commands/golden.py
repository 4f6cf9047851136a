"""``scrapy golden [--update] [CASE ...]``: replay every recorded case against its expected tree."""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from scrapers.tooling.golden import main


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # the cases run on golden.py's own in-process runner
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--update] [CASE ...]"

    def short_desc(self) -> str:
        return "Run the golden crawl cases (tests/recordings/*/case.json); --update rewrites them"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--update", action="store_true", help="rewrite expected/ trees")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self.exitcode = main([*args, *(["--update"] if opts.update else [])])
