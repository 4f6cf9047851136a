"""Every benchmark in one command; prints the machine and the results table (Markdown).

    python benchmarks/run_all.py [--talks 1000] [--incremental-talks 200] [--json results.json]

1. crawl throughput: a generated 1,000-talk pretalx event + 1,000-video playlist served on
   127.0.0.1, crawled into an empty tree and into a copy of the corpus, against the floor (a
   minimal Scrapy spider downloading the same URLs with the same CONCURRENT_REQUESTS); and the
   scaling series (250 to 8,000 talks + as many videos: wall, CPU, peak RSS, ratios);
2. request economy: the generated event, plus every recorded crawl under tests/recordings/
   replayed (requests per 100 talks / videos, against one request per video);
3. incremental run: two crawls with the HTTP cache (RFC2616Policy), 200 vs 304, files written;
4. data check speed: ``scrapy check-data`` over the corpus against the scaled upstream reference;
5. curation and matching quality: ``scrapy eval-curation`` on the dev benchmark, the same
   benchmark through the real spider (``youtube_spider_eval.py``), and the accuracy scripts
   (match, schedule, pentabarf) over the corpus events.

Extracts the corpus snapshot of ../shared/corpus once (or takes ``--corpus DIR``); without
it, the corpus rows are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import check_speed
import crawl_throughput
from crawl_throughput import ROOT

from scrapers.tooling.crawlcmd import child_env, crawl_command, tree_settings
from tests.shared import extracted_corpus

CURATION_DEV = ROOT.parent / "shared" / "benchmarks" / "youtube-curation-dev.jsonl"
YOUTUBE_HOSTS = ("www.googleapis.com", "www.youtube.com", "youtube.com")
MAX_YOUTUBE_PER_100 = 5.0
MAX_FLOOR_RATIO = 1.5
MAX_RSS_MB = 300.0

# Recorded crawls replayed for the request economy: (case, platform, spider, arguments).
REPLAYS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("pycon-fr-2024", "pretalx API (legacy talks)", "pycon-fr", ("year=2024",)),
    ("pycon-fr-2025", "pretalx API (2025 submissions)", "pycon-fr", ("year=2025",)),
    (
        "pretalx-rc3-2020",
        "pretalx schedule export (after 2 x 404)",
        "pretalx",
        (
            "pretalx_url=https://pretalx.rc3.studio",
            "pretalx_event=rc3-channels-2020",
            "event=rc3-channels-2020",
            "title=rC3 Channels",
        ),
    ),
    (
        "pentabarf-debconf17",
        "pentabarf XML",
        "pentabarf",
        (
            "schedule_url=https://debconf17.debconf.org/schedule/pentabarf.xml",
            "event=debconf-17",
            "timezone=America/Montreal",
        ),
    ),
    ("pycon-es-2015", "pentabarf XML", "pycon-es", ("year=2015",)),
    ("pycon-es-2016", "pentabarf XML + talk pages", "pycon-es", ("year=2016",)),
    (
        "sessionize-global-azure-austria-2024",
        "Sessionize API",
        "sessionize",
        (
            "sessionize_id=gaa2024",
            "event=global-azure-austria-2024",
            "title=Global Azure Austria 2024",
            "timezone=Europe/Vienna",
        ),
    ),
    ("djangocon-us-2023", "site data (Jekyll front matter)", "djangocon-us", ("year=2023",)),
    ("djangocon-us-2024", "site data (11ty front matter)", "djangocon-us", ("year=2024",)),
    ("pyohio-2024", "site data (talks.json)", "pyohio", ("year=2024",)),
    ("pyohio-2025", "site data (talks.json)", "pyohio", ("year=2025",)),
    ("pycon-au-2020", "site data (YAML) + YouTube API", "pycon-au", ("year=2020",)),
    ("pycon-uk-2017", "site data (django-amber) + YouTube API", "pycon-uk", ("year=2017",)),
)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or "?"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", info).group(1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, AttributeError):
        pass
    import scrapy

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "scrapy": scrapy.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


# --------------------------------------------------------------------------- request economy


def video_source(url: str) -> str | None:
    """ "YouTube" or "PeerTube" for a request of a video source, None for a schedule request."""
    parts = urlsplit(url)
    if parts.hostname in YOUTUBE_HOSTS:
        return "YouTube"
    if parts.path.startswith(("/api/v1/video", "/api/v1/accounts")):
        return "PeerTube"
    return None


def replay(case: str, spider: str, args: tuple[str, ...], workdir: Path) -> dict[str, Any]:
    """Replay one recording; requests by kind (schedule / YouTube), talks and videos seen."""
    folder = ROOT / "tests" / "recordings" / case
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))["entries"]
    sources = Counter(video_source(e["url"]) for e in index)
    settings = {
        **tree_settings(workdir / case, folder),
        "YOUTUBE_API_KEY": "replay-key",
        "LOG_LEVEL": "INFO",
    }
    cmd = crawl_command(spider, dict(a.split("=", 1) for a in args), settings)
    proc = subprocess.run(cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True)
    text = proc.stdout + proc.stderr

    def number(pattern: str) -> int:
        found = re.search(pattern, text, re.M)
        return int(found.group(1)) if found else 0

    requests = number(r"'downloader/request_count': (\d+)")
    return {
        "case": case,
        "requests": requests,
        "recorded_schedule": sources[None],
        "recorded_youtube": sources["YouTube"],
        "recorded_peertube": sources["PeerTube"],
        "talks": number(r"^\s*talks seen:\s+(\d+)"),
        "videos": number(r"^\s*videos seen:\s+(\d+)"),
        "finished": "'finish_reason': 'finished'" in text,
    }


def economy(workdir: Path) -> list[dict[str, Any]]:
    """Replay every recording (two at a time: not timed) and compute requests per 100."""
    with ThreadPoolExecutor(2) as pool:
        futures = [
            (label, pool.submit(replay, case, spider, args, workdir))
            for case, label, spider, args in REPLAYS
        ]
        rows = []
        for label, future in futures:
            row = future.result()
            row["platform"] = label
            # A replay serves every entry once; index counts split schedule from YouTube requests.
            row["schedule_per_100_talks"] = (
                round(100 * row["recorded_schedule"] / row["talks"], 1) if row["talks"] else None
            )
            row["youtube_per_100_videos"] = (
                round(100 * row["recorded_youtube"] / row["videos"], 1)
                if row["videos"] and row["recorded_youtube"]
                else None
            )
            row["peertube_per_100_videos"] = (
                round(100 * row["recorded_peertube"] / row["videos"], 1)
                if row["videos"] and row["recorded_peertube"]
                else None
            )
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- quality


def run_text(cmd: list[str]) -> tuple[int, str, float]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - start


def quality(corpus: Path) -> dict[str, Any]:
    """eval-curation figures and the summary lines of the accuracy scripts."""
    out: dict[str, Any] = {}
    if CURATION_DEV.exists():
        code, text, secs = run_text(
            [sys.executable, "-m", "scrapy", "eval-curation", str(CURATION_DEV), "--json"]
        )
        try:
            figures = json.loads(text[text.index("{") :])
            out["curation"] = {k: v for k, v in figures.items() if not isinstance(v, list | dict)}
        except ValueError:
            out["curation"] = {"error": text[-500:]}
        out["curation"]["seconds"] = round(secs, 1)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "spider.json"
            cmd = [sys.executable, "benchmarks/youtube_spider_eval.py", "--json", str(target)]
            code, text, secs = run_text([*cmd, str(CURATION_DEV)])
            if target.exists():
                out["spider"] = json.loads(target.read_text(encoding="utf-8"))
            else:
                out["spider"] = {"error": text[-500:]}
            out["spider"]["seconds"] = round(secs, 1)
    if corpus.is_dir():
        code, text, secs = run_text([sys.executable, "benchmarks/match_accuracy.py"])
        out["match"] = {
            "lines": [ln for ln in text.splitlines() if re.match(r"^\S.*: curated \d+", ln)],
            "targets_met": code == 0,
            "seconds": round(secs, 1),
        }
        code, text, secs = run_text([sys.executable, "benchmarks/schedule_accuracy.py"])
        out["schedule"] = {
            "lines": [
                ln for ln in text.splitlines() if re.match(r"^(\S+: \d+ curated|lowest)", ln)
            ],
            "seconds": round(secs, 1),
        }
        code, text, secs = run_text([sys.executable, "benchmarks/pentabarf_accuracy.py"])
        lines = text.splitlines()
        head = [i for i, ln in enumerate(lines) if "curated records" in ln]
        block = []
        if head:
            block = [lines[head[0]]] + [
                ln.strip() for ln in lines[head[0] + 1 :] if re.match(r"^  \w+\s+\d+/\d+", ln)
            ]
        out["pentabarf"] = {"lines": block, "seconds": round(secs, 1)}
    return out


# --------------------------------------------------------------------------- the table


def curation_figures(fig: dict[str, Any]) -> str:
    """The measures of ../shared/benchmarks/README.md, then the old four figures."""
    m = fig.get("measures") or {}
    names = (
        ("rewritten_titles_exact", "rewritten titles exact"),
        ("titles_clean", "titles clean"),
        ("speakers_exact", "speakers exact"),
        ("speaker_precision", "speaker precision"),
        ("speakers_ceiling", "ceiling"),
    )
    measures = ", ".join(f"{label} {m[key]['pct']} %" for key, label in names if key in m)
    old = (
        f"title exact {fig['title_exact_pct']} %, speakers exact {fig['speakers_exact_pct']} %, "
        f"speaker precision {fig['speaker_precision_pct']} %, description exact "
        f"{fig['description_exact_pct']} %"
    )
    return f"{measures} (old figures: {old})" if measures else old


def ok(flag: bool | None) -> str:
    return "n/a" if flag is None else ("met" if flag else "**missed**")


def table(res: dict[str, Any]) -> str:
    """The results as Markdown: one table per benchmark."""
    m = res["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}; "
        f"Python {m['python']}, Scrapy {m['scrapy']}; {m['date']}; load average at start "
        f"{m['load']} (other jobs share the machine: wall times are noisy). "
        f"Total benchmark time: {res['seconds']:.0f} s"
        + (
            " (" + ", ".join(f"{k} {v:.0f} s" for k, v in res["steps"].items()) + ")."
            if res.get("steps")
            else "."
        ),
        "",
    ]
    tp = res["crawl"]["throughput"]
    fl = tp["floor"]
    lines += [
        f"**1. Crawl throughput** (generated event: {tp['talks']} talks, {tp['videos']}-video "
        f"playlist, local server; AUTOTHROTTLE off, ROBOTSTXT_OBEY off, CONCURRENT_REQUESTS "
        f"{crawl_throughput.CONCURRENCY})",
        "",
        "| tree | wall s | records | records/s | peak RSS MB | requests | x floor | "
        "on own talk | target (<= 1.5x, <= 300 MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label in ("empty tree", "corpus copy"):
        r = tp.get(label)
        if not r:
            continue
        met = r["ratio_to_floor"] <= MAX_FLOOR_RATIO and (r["rss_mb"] or 0) <= MAX_RSS_MB
        lines.append(
            f"| {label} | {r['wall_s']} | {r['records']} | {r['records_per_s']} | {r['rss_mb']} | "
            f"{r['requests']} | {r['ratio_to_floor']} | {r['matched_right']} | "
            f"{ok(met and r['exit'] == 0)} |"
        )
    lines += [
        f"| floor: minimal Scrapy spider, same URLs | {fl['scrapy_wall_s']} | | | "
        f"{fl['scrapy_rss_mb']} | {fl['downloaded']} | 1.0 | | |",
        f"| (raw aiohttp download, in-process) | {fl['aiohttp_wall_s']} | | | | "
        f"{fl['downloaded']} | | | |",
    ]
    lines += scaling_lines(res["crawl"].get("scaling"))
    lines += [
        "",
        "**2. Request economy** (requests per 100 talks / videos; one request per video = 100)",
        "",
        "| source | platform | talks | videos | schedule req | /100 talks | YouTube req | "
        "/100 videos | PeerTube req | /100 videos | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    ec = tp["economy"]
    yt = ec["youtube_per_100_videos"]
    lines.append(
        f"| generated event (local server) | pretalx API 2025 + YouTube Data API | {tp['talks']} | "
        f"{tp['videos']} | {ec['pretalx_requests']} | {ec['pretalx_per_100_talks']} | "
        f"{ec['youtube_requests']} | {yt} | | | YouTube <= 5: {ok(yt <= MAX_YOUTUBE_PER_100)} |"
    )
    for row in res.get("economy", []):
        ytr = row["youtube_per_100_videos"]
        target = f"YouTube <= 5: {ok(ytr <= MAX_YOUTUBE_PER_100)}" if ytr is not None else ""
        if not row["finished"]:
            target = "**replay failed**"
        lines.append(
            f"| {row['case']} (recording) | {row['platform']} | {row['talks']} | {row['videos']} | "
            f"{row['recorded_schedule']} | {row['schedule_per_100_talks']} | "
            f"{row['recorded_youtube'] or ''} | {ytr if ytr is not None else ''} | "
            f"{row['recorded_peertube'] or ''} | {row['peertube_per_100_videos'] or ''} | "
            f"{target} |"
        )
    inc = res["crawl"].get("incremental")
    if inc:
        lines += [
            "",
            f"**3. Incremental run** (generated event, {inc['talks']} talks, {inc['videos']} "
            "videos; HTTPCACHE_ENABLED, RFC2616Policy; server: ETag, Last-Modified, max-age=0)",
            "",
            "| run | wall s | requests | 200 | 304 | files written | records written | "
            "unchanged | target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in inc["runs"]:
            target = ""
            if r["run"] == "second run":
                target = ok(r["files_written"] == 0 and r["status_200"] == 0 and r["exit"] == 0)
                target += " (0 files, only 304s)"
            lines.append(
                f"| {r['run']} | {r['wall_s']} | {r['requests']} | {r['status_200']} | "
                f"{r['status_304']} | {r['files_written']} | {r['records_written']} | "
                f"{r['records_unchanged']} | {target} |"
            )
    ck = res.get("check")
    if ck:
        lines += [
            "",
            "**4. Data check speed** (`scrapy check-data` over the corpus)",
            "",
            "| what | records | wall s | peak RSS MB | rules | target |",
            "|---|---:|---:|---:|---:|---|",
            f"| ours, measured | {ck['records']} | {ck['wall_s']} | {ck['rss_mb']} | "
            f"{ck['rules_total']} ({ck['rules_upstream']} upstream + "
            f"{ck['rules_total'] - ck['rules_upstream']} review) | <= {ck['target_s']} s: "
            f"{ok(ck['wall_s'] <= ck['target_s'])} ({ck['fraction_of_upstream']:.1%}) |",
            f"| upstream `make test`, REFERENCE: 130 s x {ck['records']}/21,700, not run here | "
            f"{ck['records']} | {ck['upstream_reference_s']} | | {ck['rules_upstream']} | |",
        ]
    q = res.get("quality", {})
    if q:
        lines += ["", "**5. Curation and matching quality**", ""]
        c, sp = q.get("curation"), q.get("spider")
        if c and "error" not in c:
            lines.append(f"- eval-curation (dev, {c['records']} records, {c['events']} events): "
                         + curation_figures(c))  # fmt: skip
        if sp and "error" not in sp:
            lines.append(
                f"- through the youtube spider ({sp['records']} videos, {sp['events']} events, "
                f"{sp['seconds']} s): {curation_figures(sp)}, not written "
                f"{sp['counts'].get('not_written', 0)}"
            )
        for key in ("match", "schedule", "pentabarf"):
            for line in q.get(key, {}).get("lines", []):
                lines.append(f"- {key}: {line}")
        if "match" in q:
            lines.append(
                f"- match targets (precision >= 98 %, recall >= 95 %, speakers/titles >= "
                f"90 %): {ok(q['match']['targets_met'])}"
            )
    return "\n".join(lines)


def scaling_lines(series: dict[str, Any] | None) -> list[str]:
    """The scaling series of section 1: one row per event size, with its targets."""
    if not series or not series.get("sizes"):
        return []
    ct = crawl_throughput
    targets = series.get("targets") or ct.scaling_targets(series)
    ref, largest = series["reference"], max(ct.SCALING_SIZES)

    def target(row: dict[str, Any]) -> str:
        if row["talks"] == ct.SCALING_REFERENCE:
            met = targets["reference_floor"] and targets["reference_rss"]
            return (
                f"<= {ct.MAX_REFERENCE_FLOOR_RATIO:g}x floor, <= "
                f"{ct.MAX_REFERENCE_RSS_MB:g} MB: {ok(bool(met))}"
            )
        if row["talks"] == largest:
            met = targets["largest_time"] and targets["largest_rss"]
            return (
                f"<= {ct.MAX_LARGEST_TIME_RATIO:g}x the {ct.SCALING_REFERENCE} one, <= "
                f"{ct.MAX_LARGEST_RSS_MB:g} MB: {ok(bool(met))}"
            )
        return ""

    lines = [
        "",
        f"Scaling (generated events, talks + as many playlist entries, into an empty tree; "
        f"ratios to the {ref}-talk crawl):",
        "",
        "| talks | videos | wall s | CPU s | match CPU s | peak RSS MB | x time | x CPU | "
        "floor s | x floor | on own talk | target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in series["sizes"]:
        failed = " (**failed**)" if r["exit"] else ""
        lines.append(
            f"| {r['talks']} | {r['videos']} | {r['wall_s']}{failed} | {r['cpu_s']} | "
            f"{r.get('match_cpu_s', '')} | {r['rss_mb']} | {r['time_ratio']} | "
            f"{r.get('cpu_ratio', '')} | "
            f"{r['floor_wall_s']} | {r['ratio_to_floor']} | {r['matched_right']} | "
            f"{target(r)} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--incremental-talks", type=int, default=200)
    parser.add_argument(
        "--corpus", type=Path, help="an extracted corpus (default: ../shared/corpus, extracted)"
    )
    parser.add_argument("--quick", action="store_true", help="crawl benchmark only (smoke run)")
    parser.add_argument(
        "--scaling",
        type=crawl_throughput.sizes_arg,
        default=crawl_throughput.SCALING_SIZES,
        help="sizes of the scaling series (default %(default)s; '' to skip; --quick skips it)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    args.corpus = args.corpus or extracted_corpus(required=False)
    start = time.perf_counter()
    res: dict[str, Any] = {"machine": machine()}
    corpus = args.corpus if args.corpus.is_dir() else None
    if corpus is None:
        print(f"no corpus at {args.corpus}: the corpus rows are skipped", file=sys.stderr)
    steps: dict[str, float] = {}

    def step(name: str, began: float) -> None:
        steps[name] = round(time.perf_counter() - began, 1)

    began = time.perf_counter()
    sizes = () if args.quick else args.scaling
    res["crawl"] = crawl_throughput.run_all(args.talks, args.incremental_talks, corpus, sizes)
    step("crawl benchmarks (1 + 3)", began)
    if not args.quick:
        began = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp:
            res["economy"] = economy(Path(tmp))
        step("recorded replays (2)", began)
        if corpus:
            began = time.perf_counter()
            res["check"] = check_speed.check_speed(corpus)
            step("data check (4)", began)
        began = time.perf_counter()
        res["quality"] = quality(args.corpus)
        step("quality scripts (5)", began)
    res["seconds"] = time.perf_counter() - start
    res["steps"] = steps
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    print(table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
