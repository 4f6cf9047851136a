"""Crawl throughput, request economy and incremental runs against a local generated event.

A generated pretalx event (``fake_servers.generate_event``) and its playlist are served on
127.0.0.1; ``scrapy crawl pretalx`` runs end to end as a subprocess under ``/usr/bin/time`` (wall
time, peak RSS), into an empty tree and into a copy of the corpus. The floor is a minimal Scrapy
spider (no project settings, no pipelines) downloading exactly the URLs the crawl downloaded, with
the same CONCURRENT_REQUESTS; a raw asyncio/aiohttp download of the same URLs is shown too.

The incremental scenario runs the crawl twice with Scrapy's HTTP cache (``RFC2616Policy``;
the server sends ETag, Last-Modified and ``max-age=0``) into one tree: the second run must write
no file and get only 304s.

The scaling series crawls generated events of 250 to 8,000 talks (and as many playlist entries)
into empty trees: wall time, CPU time (the whole crawl's and the match step's) and peak RSS per
size, each size's ratio to the 1,000 one, and the floor on the same URLs. The match is
one-to-one over the whole event, so this is where anything that grows faster than the event
shows (a volunteer joins a schedule to a whole channel).

    python benchmarks/crawl_throughput.py [--talks 1000] [--incremental-talks 200]
        [--scaling 250,1000,2000,4000,8000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import scrapy

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_servers import (
    EVENT_SLUG,
    EVENT_TITLE,
    TIMEZONE,
    FakeEvent,
    FakeServer,
    generate_event,
)

from scrapers.tooling.crawlcmd import child_env, crawl_command
from tests.shared import extracted_corpus

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 8  # the project's CONCURRENT_REQUESTS (scrapers/settings.py)
API_KEY = "benchmark-key"
TIME = "/usr/bin/time"
SCALING_SIZES = (250, 1000, 2000, 4000, 8000)
SCALING_REFERENCE = 1000  # each size's time is also given as a ratio to this one's
# acceptance targets of the scaling series (issue "Linear, fast crawls at any event size")
MAX_REFERENCE_FLOOR_RATIO = 4.0  # the 1,000 crawl against the floor on its URLs
MAX_REFERENCE_RSS_MB = 250.0
MAX_LARGEST_TIME_RATIO = 9.0  # 8,000 against 1,000: 8x the work, a little slack
MAX_LARGEST_RSS_MB = 600.0


@dataclass
class Run:
    """One measured subprocess."""

    wall_s: float
    rss_mb: float | None
    returncode: int
    output: str = field(repr=False)
    cpu_s: float | None = None  # user + system time of the command and its children

    def summary(self, name: str) -> int:
        """A number from the crawl summary (``records written``, ``talks seen``...), or 0."""
        found = re.search(rf"^\s*{re.escape(name)}:\s+(\d+)", self.output, re.M)
        return int(found.group(1)) if found else 0


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` and return its wall time and peak RSS (``/usr/bin/time -f %M``)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        prefix = [TIME, "-f", "%M", "-o", out.name] if os.path.exists(TIME) else []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(
            prefix + cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        lines = [x for x in Path(out.name).read_text().split() if x.isdigit()]
    rss = int(lines[-1]) / 1024 if lines else None
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, rss, proc.returncode, proc.stdout + proc.stderr, cpu)


def bench_command(
    server: FakeServer, data_dir: Path, report_dir: Path, settings: dict[str, str] | None = None
) -> list[str]:
    """The ``scrapy crawl pretalx`` command of the benchmark."""
    args = {
        "pretalx_url": server.base,
        "pretalx_event": server.event.slug,
        "event": EVENT_SLUG,
        "title": EVENT_TITLE,
        "playlist": server.event.playlist,
        "timezone": TIMEZONE,
    }
    return crawl_command(
        "pretalx",
        args,
        {
            "YOUTUBE_API_URL": server.youtube_url,
            "YOUTUBE_API_KEY": API_KEY,
            "PYVIDEO_DATA_DIR": str(data_dir),
            "PYVIDEO_REPORT_DIR": str(report_dir),
            "AUTOTHROTTLE_ENABLED": "False",
            "ROBOTSTXT_OBEY": "False",
            "CONCURRENT_REQUESTS": str(CONCURRENCY),
            "LOG_LEVEL": "INFO",
            **(settings or {}),
        },
    )


# --------------------------------------------------------------------------- the floor


class FloorSpider(scrapy.Spider):
    """Downloads a list of URLs and does nothing with them (run by ``scrapy runspider``)."""

    name = "floor"
    custom_settings = {
        "CONCURRENT_REQUESTS": CONCURRENCY,
        "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "LOG_LEVEL": "INFO",
    }

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url_file = urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in Path(self.url_file).read_text(encoding="utf-8").split():
            yield scrapy.Request(url, headers={"X-Goog-Api-Key": API_KEY}, dont_filter=True)

    def parse(self, response: scrapy.http.Response) -> Iterator[Any]:
        yield from ()


def floor(urls: list[str], workdir: Path) -> Run:
    """Time the minimal Scrapy spider over ``urls`` (outside the project: default settings)."""
    url_file = workdir / "urls.txt"
    url_file.write_text("\n".join(urls), encoding="utf-8")
    cmd = [sys.executable, "-m", "scrapy", "runspider", __file__, "-a", f"urls={url_file}"]
    return measure(cmd, workdir, {k: v for k, v in child_env().items() if k != "PYTHONPATH"})


def raw_download(urls: list[str]) -> float:
    """Seconds to download ``urls`` in-process with aiohttp, CONCURRENCY at a time."""
    import aiohttp

    async def run() -> None:
        limit = asyncio.Semaphore(CONCURRENCY)
        headers = {"X-Goog-Api-Key": API_KEY}
        async with aiohttp.ClientSession(headers=headers) as session:

            async def one(url: str) -> None:
                async with limit, session.get(url) as response:
                    await response.read()

            await asyncio.gather(*(one(u) for u in urls))

    start = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - start


# --------------------------------------------------------------------------- scenarios


def snapshot(tree: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under ``tree``."""
    if not tree.exists():
        return {}
    return {
        str(p.relative_to(tree)): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in tree.rglob("*")
        if p.is_file()
    }


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """Files created or rewritten between two snapshots."""
    return sum(1 for path, stamp in after.items() if before.get(path) != stamp)


def attached_right(event: FakeEvent, tree: Path) -> tuple[int, int]:
    """(records whose title is the title of the talk their video belongs to, videos of talks)."""
    truth = {t.video_id: t.title for t in event.talks if t.video_id}
    right = 0
    for path in (tree / EVENT_SLUG / "videos").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        url = (record.get("videos") or [{}])[0].get("url", "")
        vid = url.rsplit("v=", 1)[-1]
        right += truth.get(vid) == record.get("title")
    return right, len(truth)


def step_cpu(output: str) -> dict[str, int]:
    """CPU ms of each pipeline step, from the crawl's stats (``pyvideo/cpu_ms/<step>``)."""
    return {m[1]: int(m[2]) for m in re.finditer(r"'pyvideo/cpu_ms/(\w+)': (\d+)", output)}


def step_cost(cpu_ms: dict[str, int], records: int) -> dict[str, float]:
    """CPU ms per written record of each pipeline step (the crawl's own ``cpu_ms`` stats)."""
    return {step: round(ms / records, 3) for step, ms in sorted(cpu_ms.items())}


def throughput(event: FakeEvent, corpus: Path | None, workdir: Path) -> dict[str, Any]:
    """Crawl into an empty tree and into a copy of the corpus; the floor; request economy."""
    results: dict[str, Any] = {"talks": len(event.talks), "videos": len(event.videos)}
    with FakeServer(event) as server:
        trees = [("empty tree", workdir / "empty")]
        if corpus and corpus.is_dir():
            copy = workdir / "corpus"
            shutil.copytree(corpus, copy)
            trees.append(("corpus copy", copy))
        urls: list[str] = []
        for label, tree in trees:
            server.reset()
            before = snapshot(tree)
            run = measure(bench_command(server, tree, workdir / f"reports-{label[:5]}"), ROOT)
            urls = list(server.log)
            records = run.summary("records written") + run.summary("records updated")
            right, recorded = attached_right(event, tree)
            results[label] = {
                "wall_s": round(run.wall_s, 2),
                "rss_mb": round(run.rss_mb, 1) if run.rss_mb else None,
                "exit": run.returncode,
                "talks_seen": run.summary("talks seen"),
                "videos_seen": run.summary("videos seen"),
                "records": records,
                "records_per_s": round(records / run.wall_s, 1),
                "files_written": changed(before, snapshot(tree)),
                "requests": len(urls),
                "matched_right": f"{right}/{recorded}",
                "cpu_ms": step_cpu(run.output),
            }
            steps = results[label]["cpu_ms"]
            if records:  # the per-record cost: every step but matching, per record
                per_record = sum(v for k, v in steps.items() if k != "match") / records
                results[label]["cpu_ms_per_record"] = round(per_record, 2)
                results[label]["cpu_ms_per_record_by_step"] = step_cost(steps, records)
            if run.returncode:
                results[label]["error"] = run.output[-1500:]
            if label == "empty tree":
                results["economy"] = {
                    "pretalx_requests": server.total("pretalx"),
                    "youtube_requests": server.total("youtube"),
                    "pretalx_per_100_talks": round(
                        100 * server.total("pretalx") / len(event.talks), 2
                    ),
                    "youtube_per_100_videos": round(
                        100 * server.total("youtube") / len(event.videos), 2
                    ),
                }
        server.reset()
        fl = floor(urls, workdir)
        results["floor"] = {
            "scrapy_wall_s": round(fl.wall_s, 2),
            "scrapy_rss_mb": round(fl.rss_mb, 1) if fl.rss_mb else None,
            "downloaded": server.total(),
            "aiohttp_wall_s": round(raw_download(urls), 3),
        }
        for label, _ in trees:
            results[label]["ratio_to_floor"] = round(results[label]["wall_s"] / fl.wall_s, 2)
    return results


def incremental(event: FakeEvent, workdir: Path) -> dict[str, Any]:
    """Two crawls of unchanged sources with the HTTP cache (RFC2616Policy) into one tree."""
    tree, cache = workdir / "incremental", workdir / "httpcache"
    settings = {
        "HTTPCACHE_ENABLED": "True",
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
        "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage",
        "HTTPCACHE_DIR": str(cache),
    }
    runs = []
    with FakeServer(event) as server:
        for attempt in ("first run", "second run"):
            server.reset()
            before = snapshot(tree)
            run = measure(bench_command(server, tree, workdir / "reports-inc", settings), ROOT)
            runs.append(
                {
                    "run": attempt,
                    "wall_s": round(run.wall_s, 2),
                    "exit": run.returncode,
                    "requests": server.total(),
                    "status_200": server.total(status=200),
                    "status_304": server.total(status=304),
                    "files_written": changed(before, snapshot(tree)),
                    "records_written": run.summary("records written"),
                    "records_unchanged": run.summary("records unchanged"),
                }
            )
    return {"talks": len(event.talks), "videos": len(event.videos), "runs": runs}


def scaling(sizes: Sequence[int], workdir: Path) -> dict[str, Any]:
    """The crawl into an empty tree at each size (talks + as many playlist entries), and the
    floor on the URLs it downloaded: wall, CPU, peak RSS, ratios to the reference size."""
    rows: list[dict[str, Any]] = []
    for n in sizes:
        event = generate_event(n)
        work = workdir / f"n{n}"
        work.mkdir(parents=True)
        with FakeServer(event) as server:
            run = measure(bench_command(server, work / "tree", work / "reports"), ROOT)
            urls = list(server.log)
            server.reset()
            fl = floor(urls, work)
        right, recorded = attached_right(event, work / "tree")
        steps = step_cpu(run.output)
        row = {
            "talks": n,
            "videos": len(event.videos),
            "wall_s": round(run.wall_s, 2),
            "cpu_s": round(run.cpu_s, 2) if run.cpu_s is not None else None,
            # the one-to-one match over the whole event: where super-linear work would show
            "match_cpu_s": round(steps["match"] / 1000, 2) if "match" in steps else None,
            "rss_mb": round(run.rss_mb, 1) if run.rss_mb else None,
            "exit": run.returncode,
            "records": run.summary("records written"),
            "matched_right": f"{right}/{recorded}",
            "floor_wall_s": round(fl.wall_s, 2),
            "ratio_to_floor": round(run.wall_s / fl.wall_s, 2),
        }
        if run.returncode:
            row["error"] = run.output[-1500:]
        rows.append(row)
        shutil.rmtree(work, ignore_errors=True)
    if not rows:
        return {"reference": None, "sizes": rows}
    reference = next((r for r in rows if r["talks"] == SCALING_REFERENCE), rows[0])
    for row in rows:
        row["time_ratio"] = round(row["wall_s"] / reference["wall_s"], 2)
        if row["cpu_s"] and reference["cpu_s"]:
            row["cpu_ratio"] = round(row["cpu_s"] / reference["cpu_s"], 2)
        if row["match_cpu_s"] and reference["match_cpu_s"]:
            row["match_cpu_ratio"] = round(row["match_cpu_s"] / reference["match_cpu_s"], 2)
    return {"reference": reference["talks"], "sizes": rows}


def scaling_targets(series: dict[str, Any]) -> dict[str, bool | None]:
    """The acceptance targets of the series (None: the size was not measured)."""
    by_size = {r["talks"]: r for r in series.get("sizes", [])}
    ref, largest = by_size.get(SCALING_REFERENCE), by_size.get(max(SCALING_SIZES))
    return {
        "reference_floor": None
        if ref is None
        else ref["ratio_to_floor"] <= MAX_REFERENCE_FLOOR_RATIO and ref["exit"] == 0,
        "reference_rss": None if ref is None else (ref["rss_mb"] or 0) <= MAX_REFERENCE_RSS_MB,
        "largest_time": None
        if ref is None or largest is None
        else largest["wall_s"] <= MAX_LARGEST_TIME_RATIO * ref["wall_s"] and largest["exit"] == 0,
        "largest_rss": None if largest is None else (largest["rss_mb"] or 0) <= MAX_LARGEST_RSS_MB,
    }


def run_all(
    talks: int = 1000,
    incremental_talks: int = 200,
    corpus: Path | None = None,
    scaling_sizes: Sequence[int] = (),
) -> dict[str, Any]:
    """Every scenario of this script, as one dict (the scaling series only when sizes are given:
    it takes minutes)."""
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        (work / "t").mkdir()
        (work / "i").mkdir()
        out = {"throughput": throughput(generate_event(talks), corpus, work / "t")}
        if incremental_talks:
            out["incremental"] = incremental(generate_event(incremental_talks), work / "i")
        if scaling_sizes:
            out["scaling"] = scaling(scaling_sizes, work / "s")
            out["scaling"]["targets"] = scaling_targets(out["scaling"])
    return out


def sizes_arg(text: str) -> tuple[int, ...]:
    """``250,1000,2000`` -> (250, 1000, 2000); empty: no series."""
    return tuple(int(x) for x in text.split(",") if x.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--incremental-talks", type=int, default=200)
    parser.add_argument(
        "--corpus", type=Path, help="an extracted corpus (default: ../shared/corpus, extracted)"
    )
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus-copy crawl")
    parser.add_argument(
        "--scaling",
        type=sizes_arg,
        default=(),
        help=f"sizes of the scaling series, e.g. {','.join(map(str, SCALING_SIZES))}",
    )
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    args.corpus = args.corpus or extracted_corpus(required=False)
    corpus = None if args.no_corpus else args.corpus
    result = run_all(args.talks, args.incremental_talks, corpus, args.scaling)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
