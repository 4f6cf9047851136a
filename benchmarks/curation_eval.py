"""The YouTube curation benchmark: the measures ``scrapy eval-curation`` prints.

The measures of ../shared/benchmarks/README.md, computed by `score` alone: `evaluate` (the
curation functions, ``scrapers.domain.curation``) and benchmarks/youtube_spider_eval.py (what the
real spider writes) both hand it what was written per video id, so developers and the held-back
check count alike. It lives with the benchmarks, not the curation: it scores the rules, it is none.

Run:  scrapy eval-curation FILE [--half A|B] [--show-errors N]
      python benchmarks/curation_eval.py FILE [--limit N] [--half A|B] [--show-errors N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scrapers.domain.curation import curate_event, curate_video


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _norm(text: str | None) -> str:
    """The benchmark's text comparison: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def half_of(event_slug: str) -> str:
    """Stable split of events into halves "A" and "B" (develop on one, check on the other)."""
    return "AB"[zlib.crc32(event_slug.encode()) % 2]


def _pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 1) if b else 0.0


# (name, label, what it is taken over) in report order; each counts `<name>` over `<name>_n`.
MEASURES = (
    ("written", "written", "records (private/deleted ones aside)"),
    (
        "rewritten_titles_exact",
        "rewritten titles exact",
        "records of curated events whose expected title differs from YouTube's",
    ),
    ("titles_clean", "titles clean", "records of curated events with expected speakers"),
    ("speakers_exact", "speakers exact", "records of curated events with expected speakers"),
    ("speaker_precision", "speaker precision", "records of curated events naming anyone"),
    ("description_exact", "description exact", "records of curated events"),
    (
        "speakers_ceiling",
        "ceiling (speakers exact)",
        "scored records whose every speaker is spelled in full in the YouTube text",
    ),
)


# Measures with a target (the per-event worst list counts records missing any, or leaking).
_MISSABLE = (
    "written",
    "rewritten_titles_exact",
    "titles_clean",
    "speakers_exact",
    "speaker_precision",
)


_UNAVAILABLE = {"private video", "deleted video", "[private video]", "[deleted video]"}


Written = tuple[str, list[str], str]  # what was written for a video: title, speakers, description


def unavailable(video: dict) -> bool:
    """A private or deleted video (placeholder title or a non-public status): never written."""
    status = video.get("status") or video.get("privacy") or "public"
    return _norm(video.get("title")).casefold() in _UNAVAILABLE or status != "public"


def untouched(line: dict) -> bool:
    """Volunteers left YouTube's text: expected title = YouTube title and no speakers."""
    exp = line["expected"]
    return _norm(exp.get("title")) == _norm(line["video"]["title"]) and not exp.get("speakers")


def curated_event(lines: list[dict]) -> bool:
    """At most half of the event's records are untouched: only then is it an answer key."""
    return 2 * sum(map(untouched, lines)) <= len(lines)


def clean_title(title: str, speakers: list[str], event_title: str) -> bool:
    """No expected speaker's name (over 3 characters) and not the event title in `title`."""
    text = _norm(title).casefold()
    names = [_norm(n).casefold() for n in speakers]
    event = _norm(event_title).casefold()
    return not any(len(n) > 3 and n in text for n in names) and not (event and event in text)


def figures(counts: Counter[str], events: int) -> dict[str, Any]:
    """The old four figures over every record, curated event or not (the secondary line)."""
    return {
        "records": counts["records"],
        "events": events,
        "title_exact_pct": _pct(counts["title_ok"], counts["records"]),
        "speakers_exact_pct": _pct(counts["speakers_ok"], counts["speakers_expected"]),
        "speaker_precision_pct": _pct(counts["speakers_output_ok"], counts["speakers_output"]),
        "description_exact_pct": _pct(counts["description_ok"], counts["records"]),
        "counts": dict(counts),
    }


def tally(
    title: str, description: str, speakers: list[str], expected: dict
) -> tuple[Counter[str], bool]:
    """One record's contribution to the old figures, and whether its speakers are the expected
    ones. Canonically equivalent text (NFC vs NFD "é") is the same title or name; speakers
    compare as sets."""
    t_ok = _nfc(title) == _nfc(expected.get("title") or "")
    d_ok = _nfc(description) == _nfc(expected.get("description") or "")
    exp_sp = sorted(_nfc(s) for s in expected.get("speakers") or [])
    got_sp = sorted(_nfc(s) for s in speakers)
    same = exp_sp == got_sp
    inc: Counter[str] = Counter(records=1, title_ok=t_ok, description_ok=d_ok)
    if exp_sp:
        inc.update(speakers_expected=1, speakers_ok=same)
    if got_sp:
        inc.update(speakers_output=1, speakers_output_ok=same)
    return inc, same


def _measure(line: dict, got: Written | None, curated: bool) -> Counter[str]:
    """One benchmark line's counts for every measure of the benchmark README."""
    video, exp, event = line["video"], line["expected"], line["event"]["title"]
    c: Counter[str] = Counter(records=1, untouched=untouched(line))
    if unavailable(video):
        c.update(unavailable=1, leak_private=got is not None)
    else:
        c.update(written_n=1, written=got is not None)
    title, speakers, description = got or ("", [], "")
    c["leak_todo"] = any(_norm(s).casefold() == "todo" for s in speakers)
    if not curated:
        return Counter({k: int(v) for k, v in c.items()})
    exp_speakers = sorted(_norm(s) for s in exp.get("speakers") or [])
    same = got is not None and sorted(_norm(s) for s in speakers) == exp_speakers
    if _norm(exp.get("title")) != _norm(video["title"]):
        c.update(
            rewritten_titles_exact_n=1, rewritten_titles_exact=_norm(title) == _norm(exp["title"])
        )
    if exp_speakers:
        youtube = _norm(f"{video['title']}\n{video.get('description') or ''}").casefold()
        c.update(
            titles_clean_n=1,
            titles_clean=got is not None and clean_title(title, exp_speakers, event),
            speakers_exact_n=1,
            speakers_exact=same,
            speakers_ceiling_n=1,
            speakers_ceiling=all(n.casefold() in youtube for n in exp_speakers),
        )
    if speakers:
        c.update(speaker_precision_n=1, speaker_precision=same)
    c.update(
        description_exact_n=1,
        description_exact=got is not None and _norm(description) == _norm(exp.get("description")),
    )
    return Counter({k: int(v) for k, v in c.items()})  # JSON numbers, not booleans


def measures(counts: Counter[str] | dict) -> dict[str, dict[str, Any]]:
    """{measure: {right, over, pct}} from `score` counts."""
    return {
        name: {
            "right": counts.get(name, 0),
            "over": counts.get(f"{name}_n", 0),
            "pct": _pct(counts.get(name, 0), counts.get(f"{name}_n", 0)),
        }
        for name, _label, _over in MEASURES
    }


def score(
    events: dict[str, list[dict]],
    written: dict[str, dict[str, Written]],
    show_errors: int = 0,
) -> dict[str, Any]:
    """Every measure of the benchmark README over benchmark lines grouped by event slug, given
    what was written for each video id (``written[slug][video id]``; absent = not written).

    The one scoring function: ``scrapy eval-curation`` and the through-the-spider benchmark
    both call it. Every line counts (a video listed twice is scored twice against its one
    record). Returns the old figures' keys too, for the secondary line.
    """
    counts: Counter[str] = Counter()
    old: Counter[str] = Counter()
    per_event = []
    for slug, lines in events.items():
        curated = curated_event(lines)
        ev: Counter[str] = Counter(curated_events=int(curated))
        bad = []
        for line in lines:
            video, exp = line["video"], line["expected"]
            got = written.get(slug, {}).get(video["id"])
            inc = _measure(line, got, curated)
            ev.update(inc)
            missed = [m for m in _MISSABLE if inc[f"{m}_n"] and not inc[m]]
            missed += [m for m in ("leak_private", "leak_todo") if inc[m]]
            if missed:
                ev["misses"] += 1
                bad.append(
                    {
                        "id": video["id"],
                        "missed": missed,
                        "youtube": video["title"],
                        "got": got[0] if got else None,
                        "expected": exp.get("title"),
                        "got_speakers": got[1] if got else None,
                        "expected_speakers": exp.get("speakers"),
                    }
                )
            title, speakers, description = got or ("", [], "")
            o_inc, _ = tally(title, description, speakers, exp)
            old.update(o_inc, not_written=got is None and not unavailable(video))
            _old_extras(old, o_inc, line, speakers)
        counts.update(ev)
        per_event.append(
            {
                "event": slug,
                "records": ev["records"],
                "curated": curated,
                "misses": ev["misses"],
                "measures": {k: v["pct"] for k, v in measures(ev).items() if v["over"]},
                "errors": bad[:show_errors],
            }
        )
    per_event.sort(key=lambda e: (-e["misses"], e["event"]))
    result = figures(old, len(events))  # the old figures, kept at the top level
    result.update(
        events=len(events),
        curated_events=counts["curated_events"],
        untouched=counts["untouched"],
        measures=measures(counts),
        leaks={
            "private": counts["leak_private"],
            "todo_speakers": counts["leak_todo"],
            "unavailable_lines": counts["unavailable"],
        },
        measure_counts=dict(counts),
        worst_events=per_event if show_errors else per_event[:10],
    )
    return result


def _old_extras(c: Counter[str], inc: Counter[str], line: dict, speakers: list[str]) -> None:
    """The old report's precision-ceiling counts (speakers written on verbatim-kept records)."""
    video, exp = line["video"], line["expected"]
    uncurated = _nfc(exp.get("title") or "") == _nfc(video["title"])
    if inc["speakers_output"] and not inc["speakers_expected"] and uncurated:
        c["output_on_uncurated"] += 1  # volunteers kept the YouTube title as is
        if all(_nfc(n).casefold() in _nfc(video["title"]).casefold() for n in speakers):
            c["output_on_uncurated_in_title"] += 1  # the title states the names
    text = _nfc(f"{video['title']}\n{video.get('description') or ''}").casefold()
    if inc["speakers_expected"] and all(
        _nfc(n).casefold() in text for n in exp.get("speakers") or []
    ):
        c["speakers_written"] += 1  # every curated name is in the metadata


def read_benchmark(
    path: str | Path, *, limit: int | None = None, half: str | None = None
) -> dict[str, list[dict]]:
    """Benchmark lines grouped by event slug (the first `limit` lines; one half's events)."""
    events: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            if line.strip():
                rec = json.loads(line)
                if not half or half_of(rec["event"]["slug"]) == half:
                    events[rec["event"]["slug"]].append(rec)
    return events


def evaluate(
    path: str | Path,
    *,
    limit: int | None = None,
    half: str | None = None,
    show_errors: int = 0,
    per_video: bool = False,
) -> dict:
    """Run the curation over a benchmark JSONL and return the measures (`score`).

    Each event's distinct videos (the first line of an id, as the spider's playlist holds them)
    are curated together with `curate_event`, as the curate pipeline does, and the speakers are
    normalised as the speakers pipeline does, without a data-tree index (the spider meets events
    the tree does not have); private and deleted videos are not written, as the spider drops
    them. `per_video` measures `curate_video` alone.
    """
    from scrapers.domain.names import load_aliases, normalize_speakers

    aliases = load_aliases()
    events = read_benchmark(path, limit=limit, half=half)
    written: dict[str, dict[str, Written]] = {}
    for slug, recs in events.items():
        unique = list({r["video"]["id"]: r["video"] for r in reversed(recs)}.values())[::-1]
        unique = [v for v in unique if not unavailable(v)]
        videos = [(v["title"], v.get("description") or "") for v in unique]
        event_title = recs[0]["event"]["title"]
        if per_video:
            curated = [curate_video(t, d, event_title) for t, d in videos]
        else:
            curated = curate_event(videos, event_title)
        written[slug] = {
            v["id"]: (
                got.title,
                normalize_speakers(got.speakers, index=None, aliases=aliases),
                got.description,
            )
            for v, got in zip(unique, curated, strict=True)
        }
    return score(events, written, show_errors)


def _ceiling(c: dict) -> float:
    """The old precision ceiling: every speaker written in the metadata found, no other mistake,
    and the records whose volunteers left speakers empty though the title names them wrong."""
    return _pct(
        c.get("speakers_written", 0),
        c.get("speakers_written", 0) + c.get("output_on_uncurated_in_title", 0),
    )


def format_report(fig: dict, show_errors: int = 0) -> str:
    """Human-readable summary of `score()` figures: the README's measures, then the old line."""
    m = fig["measures"]
    lines = [
        f"records: {fig['records']} in {fig['events']} events; untouched records "
        f"{fig['untouched']}; curated events {fig['curated_events']}/{fig['events']} "
        "(at most half untouched: titles and speakers are scored on these)",
    ]
    for name, label, over in MEASURES:
        v = m[name]
        lines.append(f"{label + ':':26} {v['pct']:5.1f} %  ({v['right']}/{v['over']} {over})")
    lk = fig["leaks"]
    lines.append(
        f"leaks:                     private/deleted written {lk['private']} "
        f"(of {lk['unavailable_lines']}), TODO speakers written {lk['todo_speakers']}"
    )
    c = fig["counts"]
    lines.append(
        f"old figures (every record): title exact {fig['title_exact_pct']:.1f} % "
        f"({c.get('title_ok', 0)}/{fig['records']}), speakers exact "
        f"{fig['speakers_exact_pct']:.1f} % ({c.get('speakers_ok', 0)}/"
        f"{c.get('speakers_expected', 0)}), speaker precision {fig['speaker_precision_pct']:.1f} % "
        f"({c.get('speakers_output_ok', 0)}/{c.get('speakers_output', 0)}), description exact "
        f"{fig['description_exact_pct']:.1f} %; precision ceiling {_ceiling(c):.1f} %"
    )
    short = {
        "written": "wr",
        "rewritten_titles_exact": "title",
        "titles_clean": "clean",
        "speakers_exact": "spk",
        "speaker_precision": "prec",
        "description_exact": "desc",
        "speakers_ceiling": "ceil",
    }
    lines.append("worst events (records missing a measure; % per measure):")
    for ev in fig["worst_events"][: max(10, len(fig["worst_events"]) if show_errors else 10)]:
        shown = " ".join(f"{short[k]}={v:5.1f}" for k, v in ev["measures"].items())
        mark = "" if ev["curated"] else " (uncurated)"
        lines.append(
            f"  {ev['event']:28} n={ev['records']:4} misses={ev['misses']:4} {shown}{mark}"
        )
        for err in ev["errors"][:show_errors]:
            lines.append(f"      YT : {err['youtube']}  [{', '.join(err['missed'])}]")
            lines.append(f"      got: {err['got']!r} {err['got_speakers']}")
            lines.append(f"      exp: {err['expected']!r} {err['expected_speakers']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI: python benchmarks/curation_eval.py FILE [--limit N] [--half A|B] [--show-errors N]."""
    ap = argparse.ArgumentParser(prog="benchmarks/curation_eval.py", description=main.__doc__)
    ap.add_argument("file")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--half", choices=["A", "B"], default=None)
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    fig = evaluate(args.file, limit=args.limit, half=args.half, show_errors=args.show_errors)
    if args.json:
        print(json.dumps(fig, indent=2, ensure_ascii=False))
    else:
        print(format_report(fig, args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
