"""``scrapy eval-curation FILE``: score the YouTube curation against a curated benchmark JSONL.

It prints the measures that ``../shared/benchmarks/README.md`` defines (untouched records,
curated events, written, rewritten titles exact, titles clean, speakers exact, speaker precision,
description exact, the ceiling for speakers exact, leaks, the worst events), then the old four
figures on one line. The measures are ``benchmarks/curation_eval.py`` (its ``score`` is the one
the through-the-spider benchmark, ``benchmarks/youtube_spider_eval.py``, calls too, so both count
alike), imported when the command runs: scrapy puts the project folder on ``sys.path``, and every
other ``scrapy`` command starts without it.
"""

from __future__ import annotations

import argparse
import json

from scrapy.commands import ScrapyCommand


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "FILE [--limit N] [--half A|B] [--show-errors N] [--json] [--per-video]"

    def short_desc(self) -> str:
        return "Measure title/speaker/description curation on a benchmark JSONL"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--limit", type=int, default=None, help="only the first N lines")
        parser.add_argument(
            "--half",
            choices=["A", "B"],
            default=None,
            help="only the events of one stable half (by event slug): the same measures",
        )
        parser.add_argument(
            "--show-errors",
            type=int,
            default=0,
            help="list every event, with N missed records each",
        )
        parser.add_argument("--json", action="store_true", help="print the measures as JSON")
        parser.add_argument(
            "--per-video",
            action="store_true",
            help="curate each video alone (curate_video) instead of per event (curate_event)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise self._usage_error()
        from benchmarks.curation_eval import evaluate, format_report

        fig = evaluate(
            args[0],
            limit=opts.limit,
            half=opts.half,
            show_errors=opts.show_errors,
            per_video=opts.per_video,
        )
        if opts.json:
            print(json.dumps(fig, indent=2, ensure_ascii=False))
        else:
            print(format_report(fig, opts.show_errors))

    def _usage_error(self) -> Exception:
        from scrapy.exceptions import UsageError

        return UsageError("give exactly one benchmark file")
