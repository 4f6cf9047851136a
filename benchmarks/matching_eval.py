"""Measure ``scrapers.domain.matching.match`` on real schedules + real YouTube metadata.

Talks come from the real schedule exports of PyCon AU 2020 (pretalx-derived YAML) and PyCon UK
2017 (django-amber), read by quick loaders below (the real spiders live elsewhere); recordings
come from the benchmark JSONL of the same event; the answer key is the curated pyvideo-data
records of the event (their YouTube id names the video, their title/speakers/recorded the talk).

Three modes, because a schedule link would hide how good the fuzzy matching is:
  links  - everything the schedule gives (video links, codes, titles, speakers, dates)
  codes  - the schedule's video links removed
  fuzzy  - links, codes and talk URLs removed: titles, speakers and days only

Run:  python benchmarks/matching_eval.py [--mode links|codes|fuzzy|all] [--curated] [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scrapers.domain.matching import match
from scrapers.items import Recording, Talk
from tests import shared

SCHEDULES = shared.SCHEDULES
BENCH = shared.BENCHMARK
CORPUS = shared.extracted_corpus() if shared.CORPUS_SNAPSHOTS else Path("corpus-missing")
BST = dt.timezone(dt.timedelta(hours=1))
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
UK_BREAKS = {"registration", "break", "close", "picademy", "trans*code", "djangogirls"}


# --------------------------------------------------------------------------- loaders


def load_pycon_au_2020() -> list[Talk]:
    """data/Session/<CODE>.yml + data/Person/<CODE>.yml (see PLATFORMS.md 2.7)."""
    root = SCHEDULES / "pyconau-yaml/pycon-au-2020"
    people = {p.stem: yaml.safe_load(p.read_text())["name"] for p in root.glob("Person/*.yml")}
    talks = []
    for path in sorted(root.glob("Session/*.yml")):
        s = yaml.safe_load(path.read_text())
        slug = s.get("youtube_slug")
        talks.append(
            Talk(
                source_id=s["code"],
                title=s["title"],
                speakers=[people[c] for c in s.get("speakers") or [] if c in people],
                start=s["start"],
                url=f"https://2020.pycon.org.au/program/{s['code']}",
                video_urls=[f"https://www.youtube.com/watch?v={slug}"] if slug else [],
            )
        )
    return sorted(talks, key=lambda t: (t.start, t.source_id))


def _front_matter(path: Path) -> dict:
    head = path.read_text().split("\n---", 1)[0]
    return yaml.safe_load(head) or {}


def load_pycon_uk_2017() -> list[Talk]:
    """schedule/<Day>/<Room>/<HH:MM> -> sessions/<type>/<slug>.md -> speakers/<slug>.md.

    A session scheduled on several days ("Lightning Talks") is one talk per day; consecutive
    slots of one day are one talk starting at the first slot.
    """
    root = SCHEDULES / "django-amber/pycon-uk-2017"
    names = {p.stem: _front_matter(p).get("name", p.stem) for p in root.glob("speakers/*.md")}
    slots: dict[tuple[str, dt.date], dt.datetime] = {}
    titled: list[Talk] = []
    for path in sorted(root.glob("schedule/*/*/*")):
        day_dir, room, hhmm = path.parts[-3], path.parts[-2], path.parts[-1]
        day = dt.date(2017, 10, int(re.search(r"\d+", day_dir).group()))
        hour, minute = map(int, hhmm.split(":"))
        start = dt.datetime(2017, 10, day.day, hour, minute, tzinfo=BST)
        slot = yaml.safe_load(path.read_text()) or {}
        if slot.get("session"):
            key = (slot["session"], day)
            slots[key] = min(slots.get(key, start), start)
        elif slot.get("title") and slot["title"].split(" (")[0].lower() not in UK_BREAKS:
            if slot["title"].lower().startswith("lunch"):
                continue
            titled.append(Talk(f"slot/{day_dir}/{room}/{hhmm}", slot["title"], start=start))
    per_session: dict[str, int] = {}
    for session, _ in slots:
        per_session[session] = per_session.get(session, 0) + 1
    talks = []
    for (session, day), start in slots.items():
        meta = _front_matter(root / "sessions" / f"{session}.md")
        speaker = meta.get("speaker")
        slugs = speaker if isinstance(speaker, list) else [speaker] if speaker else []
        video = meta.get("video")
        sid = session if per_session[session] == 1 else f"{session}@{day.isoformat()}"
        talks.append(
            Talk(
                source_id=sid,
                title=str(meta.get("title", session)),
                speakers=[names.get(s, s) for s in slugs],
                start=start,
                kind=session.split("/")[0],
                video_urls=[video] if video else [],
            )
        )
    return sorted(talks + titled, key=lambda t: (t.start, t.source_id))


LOADERS = {"pycon-au-2020": load_pycon_au_2020, "pycon-uk-2017": load_pycon_uk_2017}
EVENT_TITLES = {"pycon-au-2020": "PyCon AU 2020", "pycon-uk-2017": "PyCon UK 2017"}


def load_recordings(event: str) -> list[Recording]:
    recs = []
    for line in BENCH.read_text().splitlines():
        row = json.loads(line)
        if row["event"]["slug"] != event:
            continue
        v = row["video"]
        recs.append(
            Recording(
                host="youtube",
                video_id=v["id"],
                url=f"https://www.youtube.com/watch?v={v['id']}",
                title=v["title"],
                description=v.get("description") or "",
                published=dt.date.fromisoformat(v["published"][:10])
                if v.get("published")
                else None,
                duration=v.get("duration"),
                position=len(recs),
            )
        )
    return recs


# --------------------------------------------------------------------------- answer key


@dataclass
class Key:
    video_id: str
    title: str
    speakers: list[str]
    recorded: str


def load_key(event: str) -> dict[str, Key]:
    keys = {}
    for path in sorted((CORPUS / event / "videos").glob("*.json")):
        rec = json.loads(path.read_text())
        for v in rec.get("videos", []):
            m = re.search(r"(?:v=|youtu\.be/)([\w-]{11})", v.get("url", ""))
            if m:
                keys[m.group(1)] = Key(
                    m.group(1), rec["title"], rec.get("speakers", []), rec.get("recorded", "")
                )
    return keys


def _fold(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s.casefold()).split())


def resolve_key(key: Key, talks: list[Talk], event_title: str) -> Talk | None:
    """The schedule talk a curated record describes: its title, then its recorded time/day.

    Independent of the matcher: it reads the curated (clean) title, not the YouTube one.
    """
    title = _fold(key.title.replace(event_title, ""))
    title = re.sub(r"\b(?:pyconline au 2020|pycon uk 2017)\b", "", title).strip()

    def score(t: Talk) -> float:
        s = fuzz.ratio(title, _fold(t.title)) / 100
        s = max(s, fuzz.token_set_ratio(title, _fold(t.title)) / 100 - 0.1)
        start = t.start.isoformat() if t.start else ""
        named = [d for d in WEEKDAYS if d in title.split()]
        if key.recorded and len(key.recorded) > 10 and start.startswith(key.recorded[:16]):
            s += 0.5  # curated date-time equals the slot
        elif s < 0.6:
            return s  # a day alone never makes a talk the curated one
        elif named and t.start:  # "Thursday Lightning Talks" beats a date-only `recorded`
            s += 0.3 if WEEKDAYS[t.start.weekday()] in named else -0.3
        elif key.recorded and start[:10] == key.recorded[:10]:
            s += 0.05
        return s

    best = max(talks, key=score)
    return best if score(best) >= 0.75 else None


# --------------------------------------------------------------------------- evaluation


def strip(talks: list[Talk], mode: str) -> list[Talk]:
    if mode == "links":
        return talks
    out = [replace(t, video_urls=[]) for t in talks]
    if mode == "fuzzy":  # no codes either: a source id that is no code, and no talk URL
        out = [replace(t, source_id=f"#{t.source_id}", url=None) for t in out]
    return out


def curate(recs: list[Recording], event_title: str) -> None:
    """Fill curated_title/curated_speakers as the curate pipeline would
    (scrapers.domain.curation)."""
    from scrapers.domain.curation import curate_video

    for r in recs:
        cur = curate_video(r.title, r.description, event_title)
        r.curated_title, r.curated_speakers = cur.title, cur.speakers


def evaluate(event: str, mode: str, verbose: bool, curated: bool = False) -> tuple[float, float]:
    event_title = EVENT_TITLES[event]
    talks = LOADERS[event]()
    recs = load_recordings(event)
    if curated:
        curate(recs, event_title)
        mode_label = f"{mode}+curated"
    else:
        mode_label = mode
    keys = load_key(event)
    expected = {vid: resolve_key(k, talks, event_title) for vid, k in keys.items()}
    run_talks = strip(talks, mode)
    by_obj = dict(zip(map(id, run_talks), talks, strict=True))
    result = match(run_talks, recs, event_title=event_title)

    good, lines = 0, []
    matched_videos = set()
    for m in result.matches:
        talk = by_obj[id(m.talk)]
        vid = m.recording.video_id
        matched_videos.add(vid)
        want = expected.get(vid, "absent")
        if want == "absent":
            lines.append(f"  EXTRA  {vid} -> {talk.source_id} {talk.title!r}: video not in corpus")
        elif want is None:
            lines.append(
                f"  WRONG? {vid} -> {talk.source_id} {talk.title!r}: curated "
                f"{keys[vid].title!r} has no schedule talk [{m.evidence}]"
            )
        elif want is talk:
            good += 1
        else:
            lines.append(
                f"  WRONG  {vid} -> {talk.source_id} {talk.title!r} [{m.evidence}];"
                f" curated {want.source_id} {want.title!r}"
            )
    matchable = [v for v, t in expected.items() if t is not None]
    for vid, want in sorted(expected.items()):
        if vid in matched_videos:
            continue
        reason = result.reasons.get(f"youtube:{vid}", "not in playlist")
        if want is None:
            lines.append(
                f"  MISS   {vid} {keys[vid].title!r}: schedule has no such talk "
                f"(schedule differs from curation)"
            )
        else:
            lines.append(f"  MISS   {vid} {keys[vid].title!r} -> {want.source_id}: {reason}")
    precision = good / len(result.matches) if result.matches else 1.0
    recall = good / len(keys) if keys else 1.0
    recall_m = good / len(matchable) if matchable else 1.0
    print(
        f"{event} [{mode_label}] talks={len(talks)} videos={len(recs)} curated={len(keys)} "
        f"matched={len(result.matches)} correct={good} precision={precision:.1%} "
        f"recall={recall:.1%} (of curated with a schedule talk: {recall_m:.1%}) "
        f"duplicates={len(result.duplicates)}"
    )
    for line in lines:
        print(line)
    if verbose:
        print(json.dumps(result.report(), indent=1, ensure_ascii=False))
    return precision, recall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="all", choices=["links", "codes", "fuzzy", "all"])
    parser.add_argument("--event", default=None, choices=sorted(LOADERS))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--curated",
        action="store_true",
        help="fill curated_title/speakers with scrapers.domain.curation",
    )
    args = parser.parse_args()
    if not (CORPUS / "pycon-au-2020").exists():
        print("corpus missing: needs ../shared/corpus/pyvideo-data-*.tar.gz")
        return 2
    modes = ["links", "codes", "fuzzy"] if args.mode == "all" else [args.mode]
    for event in [args.event] if args.event else sorted(LOADERS):
        for mode in modes:
            evaluate(event, mode, args.verbose, args.curated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
