"""Smoke runs of the benchmark scripts with a tiny event, so they keep working (nothing is timed).

The figures themselves come from ``python benchmarks/run_all.py``; see benchmarks/README.md.
"""

from __future__ import annotations

import itertools
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import check_speed  # noqa: E402
import crawl_throughput  # noqa: E402
import run_all  # noqa: E402
import youtube_spider_eval  # noqa: E402
from fake_servers import PLAYLIST_ID, FakeServer, generate_event  # noqa: E402


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_generated_event_is_reproducible_and_realistic() -> None:
    one, two = generate_event(60, seed=7), generate_event(60, seed=7)
    assert [t.title for t in one.talks] == [t.title for t in two.talks]
    assert len(one.talks) == 60 and len(one.videos) == 60
    assert len({t.title for t in one.talks}) == 60
    assert any("**" in t.abstract or "`" in t.abstract for t in one.talks)
    assert sum(" | BenchConf 2025" in v.title for v in one.videos) > 40
    assert {v.status for v in one.videos} >= {"public", "private", "deleted"}


def test_fake_server_pages_keys_and_revalidation() -> None:
    event = generate_event(120)
    with FakeServer(event) as server:
        status, _, body = get(f"{server.base}/api/events/{event.slug}/submissions/?expand=slots")
        page = json.loads(body)
        assert status == 200 and page["count"] == 120 and len(page["results"]) == 50
        assert "offset=50" in page["next"] and "expand=slots" in page["next"]
        items = f"{server.youtube_url}/playlistItems?playlistId={PLAYLIST_ID}&maxResults=50"
        assert get(items)[0] == 403  # no key
        status, headers, body = get(items, **{"X-Goog-Api-Key": "k"})
        assert status == 200 and json.loads(body)["nextPageToken"] == "CA50"
        assert get(items, **{"X-Goog-Api-Key": "k", "If-None-Match": headers["ETag"]})[0] == 304
        assert server.total("youtube", 304) == 1 and server.total("pretalx") == 1


@pytest.fixture(scope="module")
def crawl_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl_throughput.run_all(talks=30, incremental_talks=12, corpus=None)


def test_crawl_throughput_smoke(crawl_results: dict[str, Any]) -> None:
    tp = crawl_results["throughput"]
    empty = tp["empty tree"]
    assert empty["exit"] == 0, empty.get("error")
    assert empty["records"] > 20 and empty["files_written"] >= empty["records"]
    assert empty["requests"] == tp["floor"]["downloaded"] > 0
    assert empty["ratio_to_floor"] > 0 and tp["economy"]["youtube_per_100_videos"] > 0


def test_incremental_smoke(crawl_results: dict[str, Any]) -> None:
    first, second = crawl_results["incremental"]["runs"]
    assert first["exit"] == second["exit"] == 0
    assert first["status_200"] == first["requests"] > 0 and first["files_written"] > 0
    assert second["files_written"] == 0
    assert second["status_304"] == second["requests"] > 0


def test_table_renders(crawl_results: dict[str, Any]) -> None:
    res = {"machine": run_all.machine(), "crawl": crawl_results, "seconds": 1.0}
    text = run_all.table(res)
    assert "| empty tree |" in text and "Incremental run" in text and "cores" in text


def test_check_speed_smoke() -> None:
    tree = Path(__file__).parent / "data" / "checkdata" / "clean"
    result = check_speed.check_speed(tree)
    assert result["records"] > 0 and result["exit"] == 0
    expected = 130 * result["records"] / 21_700
    assert result["upstream_reference_s"] == pytest.approx(expected, abs=0.1)


def test_youtube_spider_writes_what_eval_curation_measures(tmp_path: Path) -> None:
    """Issue 3's figures are checked through the real spider: on real benchmark lines, every
    video is written, with exactly the title and speakers that ``scrapy eval-curation`` scores.

    The lines are the nasty ones: a combining accent in the title but not in the description
    (pycon-ar-2020), runs of spaces that stand for a lost separator (europython-2013,
    pycon-india-2020), and uploads dated a year before the event (pycon-au-2021), which are
    written undated instead of being refused.
    """
    from collections import defaultdict

    from curation_eval import evaluate

    from scrapers.domain.curation import curate_event
    from scrapers.domain.names import load_aliases, normalize_speakers

    path = Path(__file__).parent / "youtube_fixtures" / "benchmark-spider-parity.jsonl"
    events: dict[str, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        events[rec["event"]["slug"]].append(rec)
    written = {}
    for slug, lines in events.items():
        written[slug], problem = youtube_spider_eval.crawl_event(slug, lines, tmp_path / slug)
        assert problem == "", slug
    fig = youtube_spider_eval.score(events, written)
    assert fig["records"] == 7 and fig["counts"].get("not_written", 0) == 0
    assert fig["measures"]["written"] == {"right": 7, "over": 7, "pct": 100.0}
    # one scoring function: the spider's records and the curation functions score alike
    assert fig["measures"] == evaluate(path)["measures"]
    assert fig["measures"]["rewritten_titles_exact"]["over"] > 0
    aliases = load_aliases()
    for slug, lines in events.items():
        videos = [(r["video"]["title"], r["video"]["description"]) for r in lines]
        for rec, cur in zip(lines, curate_event(videos, lines[0]["event"]["title"]), strict=True):
            got = written[slug][rec["video"]["id"]]
            assert got["title"] == cur.title
            assert got["speakers"] == normalize_speakers(cur.speakers, index=None, aliases=aliases)
            assert (got["recorded"] is None) == (slug == "pycon-au-2021")
    europython = {r["title"] for r in written["europython-2013"].values()}
    assert europython == {"Introduction to OpenStack Swift", "Introduction to Cassandra"}
    assert [r["speakers"] for r in written["pycon-ar-2020"].values()] == [
        ["Sebastian Flores Benner"]
    ]


def test_pretalx_pages_are_downloaded_together_each_once(tmp_path: Path) -> None:
    # 130 submissions at 50 a page: the two later pages are guessed from the first ``next``
    # and downloaded together; ``next`` still decides, so no page is asked for twice
    from scrapers.tooling.golden import in_process

    event = generate_event(130)
    with FakeServer(event) as server:
        command = crawl_throughput.bench_command(server, tmp_path / "tree", tmp_path / "reports")
        pairs = [(flag, value.split("=", 1)) for flag, value in itertools.pairwise(command)]
        args = dict(kv for flag, kv in pairs if flag == "-a")
        settings = dict(kv for flag, kv in pairs if flag == "-s")
        result = in_process().crawl("pretalx", args, settings)
        pages = [u for u in server.log if "/submissions/" in u]
    assert result.returncode == 0, result.stderr
    assert len(pages) == len(set(pages)) == 3
    assert sum(p.endswith(("offset=50", "offset=100")) for p in pages) == 2
    recordable = sum(not t.do_not_record for t in event.talks)  # every page's talks were read
    assert result.stats["pyvideo/talks/seen"] == recordable == 129
