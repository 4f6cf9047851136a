"""Rebuild ``scrapers/data/first_names.json``: the given names the curation uses as a
tie-breaker (``scrapers.domain.curation.policy._first_names``).

The names are the first words of the two-or-more-word speaker names of a pyvideo-data tree
(CC0), without the events of the curation benchmark, so the benchmark stays unseen.

Run:  python tools/build_first_names.py BENCHMARK.jsonl PYVIDEO_DATA_DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scrapers.domain.curation.names import _is_name_word
from scrapers.domain.curation.policy import FIRST_NAMES_FILE, _policy


def build_first_names(tree: str | Path, exclude_events: Iterable[str] = ()) -> list[str]:
    """First words of the two-or-more-word speaker names of a pyvideo-data tree, sorted."""
    pol = _policy()
    skip = set(exclude_events)
    found: set[str] = set()
    for path in sorted(Path(tree).glob("*/videos/*.json")):
        if path.parent.parent.name in skip:
            continue
        try:
            speakers = json.loads(path.read_text(encoding="utf-8")).get("speakers") or []
        except (OSError, ValueError):
            continue
        for name in speakers:
            toks = unicodedata.normalize("NFC", str(name)).split()
            first = toks[0] if len(toks) >= 2 else ""
            if _is_name_word(first) and first.casefold() not in pol["_non_name"]:
                found.add(first.casefold())
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    """CLI: python tools/build_first_names.py BENCHMARK.jsonl PYVIDEO_DATA_DIR."""
    ap = argparse.ArgumentParser(prog="tools/build_first_names.py", description=__doc__)
    ap.add_argument("benchmark", help="the curation benchmark JSONL: its events are left out")
    ap.add_argument("tree", help="a pyvideo-data checkout")
    args = ap.parse_args(argv)
    with open(args.benchmark, encoding="utf-8") as fh:
        bench = {json.loads(line)["event"]["slug"] for line in fh if line.strip()}
    names = build_first_names(args.tree, bench)
    doc = {
        "_comment": "First words of speaker names in the pyvideo-data tree (CC0), without the "
        "events of the curation benchmark. Rebuild: python tools/build_first_names.py "
        "BENCHMARK.jsonl PYVIDEO_DATA_DIR",
        "names": names,
    }
    text = json.dumps(doc, ensure_ascii=False, indent=0)
    FIRST_NAMES_FILE.write_text(text + "\n", encoding="utf-8")
    print(f"{len(names)} first names written to {FIRST_NAMES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
