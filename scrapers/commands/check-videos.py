"""``scrapy check-videos [PATH]``: are the recordings still there?
(:mod:`scrapers.tooling.videowatch`)

Without PATH it checks the ``PYVIDEO_DATA_DIR`` setting. Exit status 0 when the check ran (what
it found is in the report), 2 when it could not run (no tree, unreadable state file, rejected
key); no crawler is needed.
"""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from scrapers.tooling import checkdata, videowatch


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self) -> str:
        return "[options] [PATH]"

    def short_desc(self) -> str:
        return "Ask each video host whether the tree's recordings are still there"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        videowatch.add_arguments(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        path = args[0] if args else checkdata.default_data_dir(self.settings)
        self.exitcode = videowatch.run(opts, self.settings, path)
