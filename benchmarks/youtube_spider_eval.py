"""The YouTube curation benchmark measured through the real spider, not the curation function.

Issue 3's thresholds "will be checked on events you do not have, through the real spider". The
``scrapy eval-curation`` figures call ``curate_event`` directly; this script checks that what the
spider *writes* scores the same, since it also passes through cleaning, speaker normalisation,
dedupe, validation and the writer.

For every event of a benchmark JSONL (``event`` {slug, title}, ``video`` {id, title, description,
published, duration}, ``expected`` {title, speakers, description}), it builds a Data API
recording of one playlist holding the event's videos, in the real response shapes of
``tests/youtube_fixtures/data-api/`` with the benchmark's values put in, as the match tests do
(the playlist id is made up; its title is the benchmark's event title). It then runs

    scrapy crawl youtube -a playlist=<id> -a event=<slug> -a title=<event title>

on an empty data tree, in replay, and scores the written records by video id with the same
measures as ``scrapy eval-curation`` (one scoring function, ``curation_eval.score``: the
measures of ``../shared/benchmarks/README.md``, then the old figures). A video the spider did not
write counts as a miss for every measure that needs it.

    python benchmarks/youtube_spider_eval.py [FILE] [--jobs 2] [--half A|B] [--events a,b]
                                              [--show 5] [--json OUT] [--dump OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tools"))
import curation_eval  # noqa: E402
from build_match_recordings import add_playlist  # noqa: E402

from scrapers.tooling.crawlcmd import child_env, crawl_command, tree_settings  # noqa: E402
from scrapers.tooling.httpcache import Recording  # noqa: E402
from tests.shared import BENCHMARK  # noqa: E402

DEFAULT_BENCH = BENCHMARK


def playlist_id(slug: str) -> str:
    return f"PLbench-{slug}"


def build_recording(path: Path, slug: str, title: str, videos: list[dict[str, Any]]) -> None:
    """A replayable Data API recording of one playlist holding ``videos`` (benchmark objects),
    built as the match tests build theirs (``tools/build_match_recordings.add_playlist``)."""
    rec = Recording(path)
    unique = list({v["id"]: v for v in reversed(videos)}.values())[::-1]  # first of each id
    add_playlist(rec, playlist_id(slug), title, title, unique)
    rec.save()


def youtube_id(record: dict) -> str | None:
    for video in record.get("videos", []):
        url = video.get("url", "")
        if "v=" in url:
            return url.split("v=", 1)[1].split("&")[0]
    return None


def crawl_event(slug: str, lines: list[dict], workdir: Path) -> tuple[dict[str, dict], str]:
    """Replay the event's playlist through ``scrapy crawl youtube``; records by video id."""
    title = lines[0]["event"]["title"]
    recording = workdir / "recording"
    build_recording(recording, slug, title, [line["video"] for line in lines])
    settings = {
        **tree_settings(workdir, recording),
        "YOUTUBE_API_KEY": "replay-key",
        "LOG_LEVEL": "WARNING",
    }
    args = {"playlist": playlist_id(slug), "event": slug, "title": title}
    proc = subprocess.run(
        crawl_command("youtube", args, settings),
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    written = {}
    for path in sorted((workdir / "data" / slug / "videos").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        vid = youtube_id(data)
        if vid:
            written[vid] = data
    problem = "" if proc.returncode == 0 else proc.stderr.strip().splitlines()[-1:]
    return written, " ".join(problem)


def score(
    events: dict[str, list[dict]], written: dict[str, dict[str, dict]], show_errors: int = 0
) -> dict[str, Any]:
    """The eval-curation measures (``curation_eval.score``) over what the spider wrote."""
    outputs = {
        slug: {
            vid: (r.get("title") or "", r.get("speakers") or [], r.get("description") or "")
            for vid, r in records.items()
        }
        for slug, records in written.items()
    }
    return curation_eval.score(events, outputs, show_errors)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT_BENCH))
    ap.add_argument("--jobs", type=int, default=2, help="crawls run at once (default 2)")
    ap.add_argument("--events", default="", help="only these event slugs, comma-separated")
    ap.add_argument("--half", choices=["A", "B"], default=None, help="only one half's events")
    ap.add_argument("--show", type=int, default=0, help="misses to print per event")
    ap.add_argument("--json", help="write the measures (without the per-event list) to this file")
    ap.add_argument("--dump", help="write every written record as JSON lines to this file")
    opts = ap.parse_args(argv)

    events = curation_eval.read_benchmark(opts.file, half=opts.half)
    if opts.events:
        wanted = set(opts.events.split(","))
        events = defaultdict(list, {k: v for k, v in events.items() if k in wanted})

    started = time.monotonic()
    written: dict[str, dict[str, dict]] = {}
    failures: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:

        def run(slug: str) -> None:
            work = Path(tmp) / slug
            work.mkdir()
            written[slug], problem = crawl_event(slug, events[slug], work)
            if problem:
                failures[slug] = problem

        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            list(pool.map(run, sorted(events)))
    fig = score(events, written, opts.show)
    elapsed = time.monotonic() - started
    print(f"through the spider ({elapsed:.0f} s):")
    print(curation_eval.format_report(fig, opts.show))
    for slug, problem in sorted(failures.items()):
        print(f"  crawl failed: {slug}: {problem}")
    if opts.dump:
        with open(opts.dump, "w", encoding="utf-8") as fh:
            for slug in sorted(written):
                for vid, data in sorted(written[slug].items()):
                    fh.write(json.dumps({"event": slug, "id": vid, "record": data}) + "\n")
    if opts.json:
        out = {k: v for k, v in fig.items() if k != "worst_events"}
        Path(opts.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
