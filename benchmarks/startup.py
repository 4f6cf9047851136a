"""CPU seconds from a ``scrapy crawl`` process's start to its first scheduled request.

Every crawl and every test subprocess pays this before it downloads anything (issue: a
one-second start). Runs the README's replayed crawl three times and prints each figure and the
median::

    python benchmarks/startup.py
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ["pyohio", "-a", "year=2025", "-s", "RECORDING_MODE=replay"]
CRAWL += ["-s", f"RECORDING_DIR={ROOT / 'tests/recordings/pyohio-2025'}", "-s", "LOG_LEVEL=ERROR"]


class FirstRequest:
    """An extension that prints the process's CPU time when the first request is scheduled."""

    seen = False

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        ext = cls()
        crawler.signals.connect(ext.scheduled, signal=signals.request_scheduled)
        return ext

    def scheduled(self, request, spider) -> None:
        if not FirstRequest.seen:
            FirstRequest.seen = True
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(f"FIRST {usage.ru_utime + usage.ru_stime:.3f}", file=sys.stderr)


def child(args: list[str]) -> None:
    from scrapy.cmdline import execute

    sys.modules["startup_first_request"] = sys.modules[__name__]
    extensions = {
        "startup_first_request.FirstRequest": 0,
        "scrapers.extensions.DataTree": 0,
        "scrapers.summary.CrawlSummary": 500,
    }
    sys.argv = ["scrapy", "crawl", *args, "-s", f"EXTENSIONS={json.dumps(extensions)}"]
    execute()


def measure(runs: int = 3) -> list[float]:
    figures = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            tree = ["-s", f"PYVIDEO_DATA_DIR={tmp}/d", "-s", f"PYVIDEO_REPORT_DIR={tmp}/r"]
            proc = subprocess.run(
                [sys.executable, __file__, "--child", *CRAWL, *tree],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
        line = next(x for x in proc.stderr.splitlines() if x.startswith("FIRST "))
        figures.append(float(line.split()[1]))
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        figures = measure()
        shown = ", ".join(f"{f:.2f}" for f in figures)
        print(f"CPU s to the first request: {shown}; median {statistics.median(figures):.2f}")
