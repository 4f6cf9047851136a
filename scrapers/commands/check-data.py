"""``scrapy check-data [PATH]``: the whole-tree check of :mod:`scrapers.tooling.checkdata`.

Same options and exit status as the ``pyvideo-check-data`` console script (1 only for errors:
rules the data repo's CI enforces); it needs no crawler, so it also runs outside a project.
Without PATH it checks the ``PYVIDEO_DATA_DIR`` setting (``output`` unless ``-s`` or the project
says otherwise): the tree a crawl just wrote.
"""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from scrapers.tooling import checkdata


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] [PATH]"

    def short_desc(self) -> str:
        return "Check a pyvideo-data tree (FORMAT.md rules plus review rules)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        checkdata.add_arguments(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Scrapy hands positional arguments separately; the shared parser stored `path` too.
        # Without one: the tree the crawl writes (PYVIDEO_DATA_DIR, `-s` honoured), never ".".
        if args:
            opts.path = args[0]
        elif opts.path is None:
            opts.path = checkdata.default_data_dir(self.settings)
        self.exitcode = checkdata.run(opts)
