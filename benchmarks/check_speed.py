"""Speed of the whole-tree data check (``scrapy check-data``) over the corpus.

Compared with the data repository's own CI suite (``make test``), which took 130 s for 21,700
records on this machine. That suite cannot run offline (its code is not here), so the upstream
figure is a REFERENCE scaled to the corpus size (130 s x records / 21,700), not a same-run
measurement. Target: our time <= 5 % of it (issue 18), while checking a superset of its rules
(the rules flagged ``upstream`` in ``scrapers.domain.validation.RULES`` plus review rules).

The figure is the wall time of one run, as before; the machine is shared, so the CPU time
(user + system, every process of the run) and the load average at the start are given beside
it, and ``--repeat N`` keeps the fastest of N runs.

    python benchmarks/check_speed.py [--corpus DIR] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from crawl_throughput import ROOT, measure

from scrapers.tooling.crawlcmd import child_env
from tests.shared import extracted_corpus

UPSTREAM_SECONDS = 130.0
UPSTREAM_RECORDS = 21_700
TARGET_FRACTION = 0.05


def count_records(tree: Path) -> int:
    """Video records (``<event>/videos/*.json``) in a tree."""
    return sum(1 for _ in tree.glob("*/videos/*.json"))


def check_speed(tree: Path, repeat: int = 1) -> dict[str, Any]:
    """Time ``scrapy check-data <tree>`` as a subprocess (the fastest of ``repeat`` runs); the
    upstream reference scaled."""
    from scrapers.domain.validation import RULES

    records = count_records(tree)
    cmd = [sys.executable, "-m", "scrapy", "check-data", str(tree), "--quiet"]
    load = os.getloadavg()
    runs = [measure(cmd, ROOT, child_env()) for _ in range(max(repeat, 1))]
    run = min(runs, key=lambda r: r.wall_s)
    reference = UPSTREAM_SECONDS * records / UPSTREAM_RECORDS
    tail = [line for line in run.output.splitlines() if "files checked" in line]
    return {
        "tree": str(tree),
        "records": records,
        "wall_s": round(run.wall_s, 2),
        "cpu_s": round(run.cpu_s, 2) if run.cpu_s is not None else None,
        "runs": max(repeat, 1),
        "load_avg_at_start": [round(x, 2) for x in load],
        "rss_mb": round(run.rss_mb, 1) if run.rss_mb else None,
        "exit": run.returncode,  # 1 = an upstream rule fails somewhere in the tree (expected)
        "summary": tail[-1] if tail else run.output[-500:],
        "upstream_reference_s": round(reference, 1),
        "target_s": round(reference * TARGET_FRACTION, 1),
        "fraction_of_upstream": round(run.wall_s / reference, 3) if reference else None,
        "rules_upstream": sum(1 for up, _ in RULES.values() if up),
        "rules_total": len(RULES),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, help="an extracted corpus (default: ../shared/corpus, extracted)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs; the fastest is kept")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    args.corpus = args.corpus or extracted_corpus(required=False)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: extract ../shared/corpus/*.tar.gz there first")
        return 2
    result = check_speed(args.corpus, args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"check-data: {result['records']} records in {result['wall_s']} s "
            f"({result['cpu_s']} s CPU, load {result['load_avg_at_start'][0]}, fastest of "
            f"{result['runs']}; peak RSS {result['rss_mb']} MB); upstream `make test` "
            f"reference, scaled: "
            f"{result['upstream_reference_s']} s (not measured here); target <= "
            f"{result['target_s']} s; ours = {result['fraction_of_upstream']:.1%} of it"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
