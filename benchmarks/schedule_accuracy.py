"""How well schedules agree with the curated corpus: PyCon FR 2024/2025 (pretalx), PyCon JP 2019.

Only talks that have a recording count: the curated records are exactly those. PyCon FR: for
every curated record of the event,
the talk with the most similar title (rapidfuzz ``token_sort_ratio`` on casefolded titles, at
least 80) is taken, and title (exact), speakers (same list, ignoring order and case) and date
(slot start's local date vs ``recorded``) are compared. Talks are parsed by the real spider
from the replayed recordings (``tests/recordings/pycon-fr-<year>/``), without the network, and
their titles and names cleaned as the clean pipeline writes them (``single_line``).
PyCon JP 2019 (custom JSON): each curated record is joined to the talk whose ``youtube`` link is
its video (exact), and the same three fields are compared; each disagreement says why.

    python benchmarks/schedule_accuracy.py [--corpus DIR] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scrapers.domain.text import single_line  # noqa: E402
from scrapers.items import Event, Talk  # noqa: E402
from scrapers.tooling.httpcache import Recording  # noqa: E402
from tests.shared import extracted_corpus  # noqa: E402

TARGET = 90.0
MIN_SCORE = 80


def load_spider(year: int) -> Any:
    """The pycon-fr spider for ``year``."""
    from spiders.pycon_fr import PyconFrSpider

    return PyconFrSpider(year=str(year))


def talks_from_recording(year: int) -> Event:
    """Parse the recorded API pages with the spider's own code (following ``next``)."""
    spider = load_spider(year)
    rec = Recording.open(ROOT / "tests" / "recordings" / f"pycon-fr-{year}")
    url: str | None = spider.endpoint_url(spider.edition.opt("api"))
    results: list[tuple[dict[str, Any], str]] = []
    while url:
        entry = rec.get("GET", url)
        if entry is None:
            raise SystemExit(f"not recorded: {url}")
        page = json.loads(entry.body)
        results += [(r, url) for r in page["results"]]
        url = page.get("next")
    event = spider.new_event()
    spider.parse_submissions(event, results, None)
    return event


def norm_people(names: list[str]) -> list[str]:
    return sorted(" ".join(n.casefold().split()) for n in names)


def measure(year: int, corpus: Path, verbose: bool) -> dict[str, float]:
    event = talks_from_recording(year)
    for talk in event.talks:  # as the clean pipeline writes them ("Accueil\u202f/ Welcome")
        talk.title = single_line(talk.title, keep_typographic=True)
        talk.speakers = [single_line(s) for s in talk.speakers]
    by_title = {t.title.casefold(): t for t in event.talks}
    records = [
        json.loads(p.read_text("utf-8"))
        for p in sorted((corpus / f"pycon-fr-{year}" / "videos").glob("*.json"))
    ]
    counts = {"records": len(records), "found": 0, "title": 0, "speakers": 0, "date": 0}
    problems: list[str] = []
    for rec in records:
        hit = process.extractOne(
            rec["title"].casefold(), list(by_title), scorer=fuzz.token_sort_ratio
        )
        if hit is None or hit[1] < MIN_SCORE:
            problems.append(f"  no talk for {rec['title']!r} (best {hit and hit[0]!r})")
            continue
        talk: Talk = by_title[hit[0]]
        counts["found"] += 1
        if talk.title == rec["title"]:
            counts["title"] += 1
        else:
            problems.append(f"  title    {talk.source_id}: {talk.title!r} vs {rec['title']!r}")
        if norm_people(talk.speakers) == norm_people(rec.get("speakers", [])):
            counts["speakers"] += 1
        else:
            problems.append(f"  speakers {talk.source_id}: {talk.speakers} vs {rec['speakers']}")
        day = talk.start.date().isoformat() if talk.start else ""
        if day == rec.get("recorded"):
            counts["date"] += 1
        else:
            problems.append(f"  date     {talk.source_id}: {day} vs {rec.get('recorded')}")
    return report(f"pycon-fr-{year}", counts, len(event.talks), problems, verbose)


def report(
    name: str, counts: dict[str, int], talks: int, problems: list[str], verbose: bool
) -> dict[str, float]:
    """Print one event's agreement rates and its disagreements; return the rates."""
    n = counts["records"] or 1
    rates = {k: 100.0 * counts[k] / n for k in ("found", "title", "speakers", "date")}
    print(
        f"{name}: {counts['records']} curated records, {talks} talks; "
        + ", ".join(f"{k} {v:.1f}%" for k, v in rates.items())
    )
    for line in problems if verbose else problems[:40]:
        print(line)
    return rates


def jp_talks() -> Event:
    """The pycon-jp 2019 talks, parsed by the spider from its recording (no network)."""
    import asyncio
    import importlib

    from scrapy.http import TextResponse

    spider = importlib.import_module("spiders.pycon_jp").PyconJpSpider(year="2019")
    url = spider.edition.opt("sessions_url")
    entry = Recording.open(ROOT / "tests" / "recordings" / "pycon-jp-2019").get("GET", url)
    if entry is None:
        raise SystemExit(f"not recorded: {url}")

    async def no_recordings(_event: Event) -> None:
        return None

    async def parse() -> list[Event]:
        response = TextResponse(url, body=entry.body, encoding="utf-8")
        return [e async for e in spider.parse_schedule(response)]

    spider.collect_recordings = no_recordings
    return asyncio.run(parse())[0]


def measure_jp(corpus: Path, verbose: bool) -> dict[str, float]:
    from scrapers.videohosts.urls import video_id

    event = jp_talks()
    by_video: dict[str, Talk] = {}
    for talk in event.talks:
        for link in talk.video_urls:
            by_video.setdefault(video_id(link) or link, talk)
    paths = sorted((corpus / "pycon-jp-2019" / "videos").glob("*.json"))
    counts = {"records": len(paths), "found": 0, "title": 0, "speakers": 0, "date": 0}
    problems: list[str] = []
    for path in paths:
        rec = json.loads(path.read_text("utf-8"))
        talk = by_video.get(video_id(rec["videos"][0]["url"]) or "")
        if talk is None:
            problems.append(f"  no talk links {rec['videos'][0]['url']} ({path.name})")
            continue
        counts["found"] += 1
        if talk.title == rec["title"]:
            counts["title"] += 1
        else:
            why = "curators kept the video's file name" if "_" in rec["title"] else "edited"
            problems.append(
                f"  title    {talk.source_id}: {talk.title!r} vs {rec['title']!r} ({why})"
            )
        theirs = rec.get("speakers", [])
        if norm_people(talk.speakers) == norm_people(theirs):
            counts["speakers"] += 1
        else:
            squeeze = [n.replace(" ", "") for n in norm_people(talk.speakers)]
            why = (
                "curators list no speaker"
                if not theirs
                else "curators dropped the space"
                if squeeze == [n.replace(" ", "") for n in norm_people(theirs)]
                else "curators spelled names otherwise"
            )
            problems.append(f"  speakers {talk.source_id}: {talk.speakers} vs {theirs} ({why})")
        start = talk.start
        day = (
            (start.date() if isinstance(start, dt.datetime) else start).isoformat() if start else ""
        )
        if day == rec.get("recorded"):
            counts["date"] += 1
        else:
            problems.append(f"  date     {talk.source_id}: {day} vs {rec.get('recorded')}")
    return report("pycon-jp-2019", counts, len(event.talks), problems, verbose)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, help="an extracted corpus (default: ../shared/corpus, extracted)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    args.corpus = args.corpus or extracted_corpus()
    figures = [measure(y, args.corpus, args.verbose) for y in (2024, 2025)]
    figures.append(measure_jp(args.corpus, args.verbose))
    worst = min(min(f.values()) for f in figures)
    print(f"lowest figure {worst:.1f}% (target {TARGET:.0f}%)")
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
