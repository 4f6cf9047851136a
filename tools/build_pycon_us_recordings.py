"""Build the recording of the ``pycon-us`` 2024 crawl (tests/recordings/pycon-us-2024/).

Two sides of one crawl:

- the export: ``../shared/fixtures/schedules/symposion-json/pycon-us-2024.json`` (a byte copy of
  ``https://us.pycon.org/2024/schedule/conference.json``) served at the edition's
  ``schedule_url``;
- the playlist: YouTube Data API answers built with ``build_match_recordings.add_playlist`` from
  the 132 curated corpus records of ``pycon-us-2024`` (pyvideo-data). Real: each video's YouTube
  id, and the title and speakers it is built from, and its description (the record's). Made up,
  and said here: the playlist id (the edition's, ``spiders/pycon_us.py``) and title; the
  YouTube titles' shape, as PyCon US titles its uploads ("Talks - Saksham Sharma: A low latency
  deepdive of Python with Cython", "Tutorials - …", "Charlas - …", "Sponsor Presentations -
  …", "Keynote Speaker - Jay Miller"; lightning talks and other plenaries keep the record's
  title, followed by " - <speakers>" when it has some), chosen by the slot kind the export gives
  the record's presentation page (else by its title); the upload day (the record's day plus 30
  days: PyCon US uploads weeks after the event, as the benchmark's 2018 lines show) and the
  durations (by kind, in the ranges of the benchmark's PyCon US lines: ~30 min talks, ~3 h
  tutorials); the audio language ("es" for Spanish records, "en" otherwise). Playlist order is
  the records' order by day, then title.

Run from the project root (re-runnable; index.json and bodies/ are rebuilt; case.json and
expected/ are kept)::

    python tools/build_pycon_us_recordings.py [--corpus <snapshot .tar.gz or extracted folder>]

``--corpus`` defaults to the first snapshot in ``../shared/corpus``, read in place (nothing is
extracted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from build_match_recordings import add_playlist  # noqa: E402

from scrapers.tooling.httpcache import Recording  # noqa: E402
from scrapers.videohosts.youtube import DEFAULT_API_URL, PAGE_SIZE, videos_url  # noqa: E402
from spiders.pycon_us import PyconUsSpider  # noqa: E402
from tests.shared import CORPUS_SNAPSHOTS, SCHEDULES  # noqa: E402

EVENT = "pycon-us-2024"
YEAR = 2024
EXPORT = SCHEDULES / "symposion-json" / "pycon-us-2024.json"
CHANNEL = "PyCon US"
PLAYLIST_TITLE = "PyCon US 2024"  # made up
JSON_TYPE = "application/json"
# YouTube title prefix by the export's slot kind (the shapes of PyCon US 2024 uploads)
PREFIX = {
    "talk": "Talks",
    "charla": "Charlas",
    "tutorial": "Tutorials",
    "sponsor-workshop": "Sponsor Presentations",
}
# plausible durations in seconds by kind (benchmark ranges); a small spread keeps them distinct
DURATION = {
    "talk": 1750,
    "charla": 1750,
    "tutorial": 11200,
    "sponsor-workshop": 3400,
    "keynote": 2600,
    "lightning": 3500,
    "plenary": 1300,
}


def corpus_records(corpus: Path | None) -> list[dict[str, Any]]:
    """The event's curated records, from an extracted folder or read in place from a snapshot."""
    if corpus is None:
        if not CORPUS_SNAPSHOTS:
            raise SystemExit("no corpus snapshot in ../shared/corpus; give --corpus")
        corpus = CORPUS_SNAPSHOTS[0]
    records = []
    if corpus.is_dir():
        for path in sorted((corpus / EVENT / "videos").glob("*.json")):
            records.append(json.loads(path.read_text("utf-8")))
    else:
        with tarfile.open(corpus) as tar:
            names = sorted(
                m.name
                for m in tar.getmembers()
                if m.isfile() and f"/{EVENT}/videos/" in f"/{m.name}" and m.name.endswith(".json")
            )
            for name in names:
                handle = tar.extractfile(name)
                assert handle is not None
                records.append(json.loads(handle.read().decode("utf-8")))
    if not records:
        raise SystemExit(f"{corpus}: no {EVENT}/videos/*.json records")
    return records


def export_kinds() -> dict[str, str]:
    """Slot kind by presentation page and by name, from the export."""
    kinds: dict[str, str] = {}
    for slot in json.loads(EXPORT.read_text("utf-8"))["schedule"]:
        kind = slot.get("kind") or ""
        if slot.get("conf_url"):
            kinds[slot["conf_url"]] = kind
        kinds.setdefault(" ".join(str(slot.get("name")).split()).lower(), kind)
    return kinds


def record_kind(record: dict[str, Any], kinds: dict[str, str]) -> str:
    """The slot kind of a record: by its presentation page, else by title; plenaries refined."""
    for link in record.get("related_urls", []):
        if link["url"] in kinds:
            return kinds[link["url"]]
    title = record["title"].lower()
    if title.startswith("keynote"):
        return "keynote"
    if title.startswith("lightning talks"):
        return "lightning"
    return kinds[title] if kinds.get(title) in PREFIX else "plenary"


def youtube_title(record: dict[str, Any], kind: str) -> str:
    """The record as PyCon US titles its uploads."""
    title, speakers = record["title"], ", ".join(record["speakers"])
    if kind in PREFIX:
        return f"{PREFIX[kind]} - {speakers}: {title}" if speakers else f"{PREFIX[kind]} - {title}"
    if kind == "keynote":
        return f"Keynote Speaker - {speakers}" if speakers else title
    return f"{title} - {speakers}" if speakers else title


def videos(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The benchmark-shaped ``video`` objects add_playlist takes, in playlist order."""
    kinds = export_kinds()
    out = []
    for n, record in enumerate(sorted(records, key=lambda r: (r["recorded"], r["title"]))):
        kind = record_kind(record, kinds)
        url = next(v["url"] for v in record["videos"] if v["type"] == "youtube")
        published = dt.date.fromisoformat(record["recorded"]) + dt.timedelta(days=30)
        out.append(
            {
                "id": url.rsplit("v=", 1)[1],
                "title": youtube_title(record, kind),
                "description": record.get("description", ""),
                "published": published.isoformat(),
                "duration": DURATION.get(kind, 1750) + (n * 37) % 240,
                "language": "es" if record.get("language") == "spa" else "en",
            }
        )
    return out


def set_languages(rec: Recording, items: list[dict[str, Any]]) -> None:
    """Re-serve the videos.list batches with each video's audio language (not the AU mix)."""
    for i in range(0, len(items), PAGE_SIZE):
        batch = items[i : i + PAGE_SIZE]
        url = videos_url(DEFAULT_API_URL, [v["id"] for v in batch])
        entry = rec.get("GET", url)
        assert entry is not None, url
        body = json.loads(entry.body)
        language = {v["id"]: v["language"] for v in batch}
        for res in body["items"]:
            res["snippet"]["defaultAudioLanguage"] = language[res["id"]]
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        rec.add(url, text.encode("utf-8"), content_type=entry.content_type)


def build(corpus: Path | None, out: Path) -> int:
    """Rebuild the recording folder; returns the number of entries."""
    spider = PyconUsSpider(year=str(YEAR))
    target = out / EVENT
    (target / "index.json").unlink(missing_ok=True)
    shutil.rmtree(target / "bodies", ignore_errors=True)
    rec = Recording.open(target)
    rec.add(spider.schedule_url, EXPORT.read_bytes(), content_type=JSON_TYPE)
    items = videos(corpus_records(corpus))
    (playlist,) = spider.edition.playlists
    add_playlist(rec, playlist, PLAYLIST_TITLE, CHANNEL, items)
    set_languages(rec, items)
    rec.save()
    return len(rec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "recordings")
    args = parser.parse_args()
    print(f"{EVENT}: {build(args.corpus, args.out)} entries")


if __name__ == "__main__":
    main()
