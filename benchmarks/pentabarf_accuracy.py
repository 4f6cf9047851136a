"""How well the pentabarf platform reproduces the curated pyvideo-data ``pycon-es-2015`` records.

For every curated record, the schedule talk with the closest title (rapidfuzz, >= 80) is taken
and title, speakers and date are compared; every disagreement is printed with its reason. The
schedule is the real export (fixture), parsed by the ``pycon-es`` spider's own code, offline.

    python benchmarks/pentabarf_accuracy.py [--corpus DIR] [--fixtures …/schedules]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import unicodedata
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scrapers.items import Event, Talk  # noqa: E402
from scrapers.platforms.pentabarf import parse_schedule_body  # noqa: E402
from tests.shared import SCHEDULES, extracted_corpus  # noqa: E402


def norm(text: str) -> str:
    """Case-, accent- and space-insensitive form for comparing."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def schedule_talks(fixture: Path) -> tuple[Event, list[Talk]]:
    """The talks the ``pycon-es`` 2015 spider builds from the export."""
    spider_cls = importlib.import_module("spiders.pycon_es").PyconEsSpider
    spider = spider_cls(year="2015")
    _kind, conference, raws = parse_schedule_body(fixture.read_bytes())
    event = spider.new_event()
    starts = spider._starts(event, raws, conference.get("day_change", ""))
    talks = [spider.build_talk(event, r, starts.get(id(r)), fixture.as_uri()) for r in raws]
    return event, [t for t in talks if t is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, help="an extracted corpus (default: ../shared/corpus, extracted)"
    )
    parser.add_argument("--fixtures", type=Path, default=SCHEDULES)
    args = parser.parse_args(argv)
    args.corpus = args.corpus or extracted_corpus()
    event, talks = schedule_talks(args.fixtures / "pentabarf-xml/pycon-es-2015.xml")
    titles = [norm(t.title) for t in talks]
    records = sorted((args.corpus / "pycon-es-2015/videos").glob("*.json"))
    counts = {"title": 0, "speakers": 0, "date": 0}
    problems: list[str] = []
    for path in records:
        rec = json.loads(path.read_text())
        found = process.extractOne(norm(rec["title"]), titles, scorer=fuzz.token_set_ratio)
        if found is None or found[1] < 80:
            problems.append(f"{path.name}: no schedule talk for {rec['title']!r}")
            continue
        talk = talks[found[2]]
        if norm(talk.title) == norm(rec["title"]):
            counts["title"] += 1
        else:
            problems.append(
                f"{path.name}: title: schedule {talk.title!r} vs curated {rec['title']!r} "
                "(curators edited the title)"
            )
        ours = sorted(norm(s) for s in talk.speakers)
        theirs = sorted(norm(s) for s in rec.get("speakers", []))
        if ours == theirs:
            counts["speakers"] += 1
        else:
            reason = "schedule lists no persons" if not ours else "curators spelled names otherwise"
            problems.append(
                f"{path.name}: speakers: schedule {talk.speakers} vs curated "
                f"{rec.get('speakers')} ({reason})"
            )
        day = talk.start.date().isoformat() if talk.start else ""
        if day == rec.get("recorded"):
            counts["date"] += 1
        else:
            reason = (
                "curation differs: the curated date is the YouTube upload day, outside the "
                "event's dates"
                if rec.get("recorded", "") > str(event.end_date)
                else "different day"
            )
            problems.append(
                f"{path.name}: date: schedule {day} vs curated {rec.get('recorded')} ({reason})"
            )
    total = len(records)
    print(f"pycon-es-2015: {total} curated records, {len(talks)} schedule talks")
    for name, value in counts.items():
        print(f"  {name:9s} {value}/{total} = {100 * value / max(total, 1):.0f} %")
    upload_days = sum("curation differs" in p for p in problems)
    print(
        f"  date, curation differs (upload day): {upload_days}; other date disagreements: "
        f"{total - counts['date'] - upload_days}"
    )
    for line in problems:
        print("  -", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
