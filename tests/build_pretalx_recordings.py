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
- ``pretalx-rc3-2020``: both API endpoints answer 404 (as the rC3 instance, long gone, would) so
  the crawl falls back to ``/schedule/export/schedule.json``, served byte for byte.

Run from the project root (re-runnable; each folder is rebuilt from scratch)::

    python tests/build_pretalx_recordings.py [--fixtures /work/shared/fixtures/schedules]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.httpcache import Recording  # noqa: E402
from scrapers.platforms.pretalx import SUBMISSIONS_QUERY  # noqa: E402

DEFAULT_FIXTURES = Path("/work/shared/fixtures/schedules")
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


def build(fixtures: Path) -> None:
    wrapped = json.loads((fixtures / "pretalx-api/pycon-fr-2024.json").read_text("utf-8"))
    rec = fresh("pycon-fr-2024")
    first = f"{CFP}/api/events/pyconfr-2024/talks/?limit=100"
    for url, body in pages(first, submissions(wrapped), 100):
        rec.add(url, dump(body), content_type=API_TYPE)
    rec.save()
    print(f"pycon-fr-2024: {len(rec)} entries")

    wrapped = json.loads((fixtures / "pretalx-api/pycon-fr-2025.json").read_text("utf-8"))
    rec = fresh("pycon-fr-2025")
    first = f"{CFP}/api/events/pyconfr-2025/submissions/?{SUBMISSIONS_QUERY}"
    for url, body in pages(first, submissions(wrapped), PAGE_SIZE):
        rec.add(url, dump(body), content_type=API_TYPE)
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
    build(parser.parse_args().fixtures)


if __name__ == "__main__":
    main()
