"""Build the pretalx recordings (tests/recordings/<case>/) from the real fixture files.

No internet in CI or in the sandbox, so the pretalx crawls replay recordings assembled here:

- ``pycon-fr-2024`` / ``pycon-fr-2025``: the fixtures wrap real cfp.pycon.fr API objects in the
  AFPy site's ``{"schedule": {date: {minute: {room: <submission>}}}, "sprints": ...}``; the
  innermost objects (talks and sprints, each code once, in schedule order) are re-served as the
  API pages the spider requests, in the real ``{count, next, previous, results}`` shape. 2024
  (legacy ``/talks/?limit=100``, 76 objects) fits one page; 2025 (``/submissions/``, 93 objects)
  is cut into pages of 50 with ``limit``/``offset`` ``next`` links (pretalx's page size is an
  assumption; the point is to exercise ``next``). The objects are untouched: 2025 ``resources``
  stay ids because the fixture was exported without expanding them.
- PeerTube (``pycon-fr-2024`` / ``pycon-fr-2025``): the recordings are on indymotion.fr. The
  PeerTube API responses are BUILT from the curated corpus records (``<corpus>/pycon-fr-<y>``,
  pyvideo-data): each record's ``peertube`` video gives the uuid, its ``title``, ``description``,
  ``duration``, ``language`` and ``thumbnail_url`` give ``name``, ``description``, ``duration``,
  ``language.id`` and ``thumbnailPath``, in PeerTube's documented ``{total, data: [Video]}`` shape
  (only the fields the source reads, plus ids). ``publishedAt`` is the record's ``recorded`` day:
  the corpus keeps no upload date. One channel ``pyconfr`` (name unverified) holds both years,
  newest first, in pages of 100 (``start``/``count``), so the crawl pages and the edition's date
  window drops the other year. List entries carry descriptions cut as PeerTube cuts them
  (250 characters ending in ``...``); ``/api/v1/videos/<uuid>`` serves the full one for those.
- ``pretalx-rc3-2020``: both API endpoints answer 404 (as the rC3 instance, long gone, would) so
  the crawl falls back to ``/schedule/export/schedule.json``, served byte for byte.

Run from the project root (re-runnable; each folder is rebuilt from scratch)::

    python tools/build_pretalx_recordings.py --corpus <extracted ../shared/corpus> [--fixtures DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.platforms.pretalx import SUBMISSIONS_QUERY  # noqa: E402
from scrapers.tooling.httpcache import Recording  # noqa: E402
from scrapers.videohosts.peertube import PAGE_SIZE as PEERTUBE_PAGE  # noqa: E402
from scrapers.videohosts.peertube import TRUNCATED_LENGTH, PeerTubeSpec, parse_spec  # noqa: E402
from tests.shared import SCHEDULES  # noqa: E402

DEFAULT_FIXTURES = SCHEDULES
PEERTUBE_LANGUAGES = {"fra": ("fr", "French"), "eng": ("en", "English")}
API_TYPE = "application/json"
CFP = "https://cfp.pycon.fr"
RC3 = "https://pretalx.rc3.studio"
PAGE_SIZE = 50
NOT_FOUND = b'{"detail":"Not found."}'


def submissions(wrapped: dict[str, Any]) -> list[dict[str, Any]]:
    """The innermost pretalx objects of an AFPy schedule file, each code once, in order."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict) and "code" in node and "title" in node and "state" in node:
            found.setdefault(node["code"], node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(wrapped["schedule"])
    walk(wrapped.get("sprints", {}))
    return list(found.values())


def pages(first_url: str, results: list[dict[str, Any]], size: int) -> list[tuple[str, dict]]:
    """(url, body) of each API page; ``next`` is the first URL plus ``limit``/``offset``."""
    out = []
    sep = "&" if "?" in first_url else "?"

    def url_at(offset: int) -> str:
        return first_url if offset == 0 else f"{first_url}{sep}limit={size}&offset={offset}"

    for offset in range(0, max(len(results), 1), size):
        nxt = offset + size
        out.append(
            (
                url_at(offset),
                {
                    "count": len(results),
                    "next": url_at(nxt) if nxt < len(results) else None,
                    "previous": (url_at(offset - size) if offset else None),
                    "results": results[offset:nxt],
                },
            )
        )
    return out


def peertube_videos(corpus: Path, years: tuple[int, ...]) -> list[tuple[dict[str, Any], str]]:
    """(API video object with the full description, year) for every curated PeerTube record."""
    videos = []
    for year in years:
        for path in sorted((corpus / f"pycon-fr-{year}" / "videos").glob("*.json")):
            record = json.loads(path.read_text("utf-8"))
            url = next(v["url"] for v in record["videos"] if v["type"] == "peertube")
            lang_id, label = PEERTUBE_LANGUAGES[record["language"]]
            videos.append(
                (
                    {
                        "uuid": url.rsplit("/", 1)[1],
                        "name": record["title"],
                        "description": record["description"],
                        "duration": record["duration"],
                        "publishedAt": f"{record['recorded']}T12:00:00.000Z",
                        "originallyPublishedAt": None,
                        "language": {"id": lang_id, "label": label},
                        "privacy": {"id": 1, "label": "Public"},
                        "state": {"id": 1, "label": "Published"},
                        "isLive": False,
                        "thumbnailPath": urlsplit(record["thumbnail_url"]).path,
                        "channel": {"name": "pyconfr", "host": "indymotion.fr"},
                    },
                    str(year),
                )
            )
    videos.sort(key=lambda v: (v[0]["publishedAt"], v[0]["name"]), reverse=True)
    for number, (video, _year) in enumerate(reversed(videos), start=1):
        video["id"] = number
    return videos


def truncated(video: dict[str, Any]) -> dict[str, Any]:
    """A list entry: the description cut as PeerTube cuts it (lodash ``truncate``, 250)."""
    text = video["description"]
    if len(text) > TRUNCATED_LENGTH:
        text = text[: TRUNCATED_LENGTH - 3] + "..."
    return {**video, "description": text, "truncatedDescription": text}


def add_peertube(rec: Recording, spec: PeerTubeSpec, videos: list[tuple[dict, str]]) -> None:
    """The channel's pages, and the detail of each truncated video inside the edition's window."""
    listed = [truncated(v) for v, _ in videos]
    for start in range(0, len(listed), PEERTUBE_PAGE):
        page = {"total": len(listed), "data": listed[start : start + PEERTUBE_PAGE]}
        rec.add(spec.list_url(start), dump(page), content_type=API_TYPE)
    for video, short in zip((v for v, _ in videos), listed, strict=True):
        day = dt.date.fromisoformat(video["publishedAt"][:10])
        inside = (not spec.since or day >= spec.since) and (not spec.until or day <= spec.until)
        if inside and short["description"] != video["description"]:
            rec.add(spec.video_url(video["uuid"]), dump(video), content_type=API_TYPE)


def pycon_fr_peertube(year: int) -> PeerTubeSpec:
    """The PeerTube source of a pycon-fr edition (imported so URLs never drift from the spider)."""
    edition = importlib.import_module("spiders.pycon_fr").PyconFrSpider.editions[year]
    return parse_spec(edition.opt("peertube"), since=edition.start_date)


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def fresh(name: str) -> Recording:
    folder = ROOT / "tests" / "recordings" / name
    for sub in ("bodies", "index.json"):
        target = folder / sub
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    return Recording.open(folder)


def build(fixtures: Path, corpus: Path) -> None:
    wrapped = json.loads((fixtures / "pretalx-api/pycon-fr-2024.json").read_text("utf-8"))
    rec = fresh("pycon-fr-2024")
    first = f"{CFP}/api/events/pyconfr-2024/talks/?limit=100"
    for url, body in pages(first, submissions(wrapped), 100):
        rec.add(url, dump(body), content_type=API_TYPE)
    videos = peertube_videos(corpus, (2024, 2025))
    add_peertube(rec, pycon_fr_peertube(2024), videos)
    rec.save()
    print(f"pycon-fr-2024: {len(rec)} entries")

    wrapped = json.loads((fixtures / "pretalx-api/pycon-fr-2025.json").read_text("utf-8"))
    rec = fresh("pycon-fr-2025")
    first = f"{CFP}/api/events/pyconfr-2025/submissions/?{SUBMISSIONS_QUERY}"
    for url, body in pages(first, submissions(wrapped), PAGE_SIZE):
        rec.add(url, dump(body), content_type=API_TYPE)
    add_peertube(rec, pycon_fr_peertube(2025), videos)
    rec.save()
    print(f"pycon-fr-2025: {len(rec)} entries")

    rec = fresh("pretalx-rc3-2020")
    api = f"{RC3}/api/events/rc3-channels-2020"
    rec.add(f"{api}/submissions/?{SUBMISSIONS_QUERY}", NOT_FOUND, status=404)
    rec.add(f"{api}/talks/?limit=100", NOT_FOUND, status=404)
    export = fixtures / "pretalx-schedule-json/rc3-channels-2020.json"
    rec.add(
        f"{RC3}/rc3-channels-2020/schedule/export/schedule.json",
        export.read_bytes(),
        content_type=API_TYPE,
    )
    rec.save()
    print(f"pretalx-rc3-2020: {len(rec)} entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--corpus", type=Path, required=True)
    args = parser.parse_args()
    build(args.fixtures, args.corpus)


if __name__ == "__main__":
    main()
