"""Write: the event folder, merged into what is already there, byte-stable.

``PYVIDEO_DATA_DIR/<event>/category.json`` and ``videos/<slug>.json`` in the data repo's canonical
serialization. A record whose video the folder already holds is updated only by filling fields
that are missing or empty, so hand fixes survive re-crawls; ``PYVIDEO_UPDATE_FIELDS`` names
fields a volunteer explicitly wants refreshed from the source. Nothing is ever deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from scrapers.datatree import video_keys
from scrapers.items import Event, Record
from scrapers.pipeline import EventPipeline
from scrapers.record import MAX_NAME_BYTES, canonical_json, file_slug, slugify


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge(existing: dict[str, Any], new: dict[str, Any], update: set[str]) -> dict[str, Any]:
    """Fill what is missing or empty in ``existing``; overwrite only the ``update`` fields."""
    merged = dict(existing)
    for key, value in new.items():
        if key == "slug":
            continue  # a file keeps its own identity
        wanted = key in update or is_empty(merged.get(key))
        if wanted and not is_empty(value):
            merged[key] = value
    return merged


def write_text(path: Path, text: str) -> bool:
    """Write atomically, and only when the bytes change; True when written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return True


def sort_key(record: Record) -> tuple[str, str, str]:
    """Deterministic order, so repeated titles get the same suffixes on every run."""
    data = record.data
    return (data.get("recorded") or "", data.get("title", "").lower(), record.video_key)


class WritePipeline(EventPipeline):
    def process_event(self, event: Event) -> None:
        if not event.records:
            self.logger.warning(
                "%s: no record to write; the data tree is left as it is", event.slug
            )
            return
        root = Path(self.settings.get("PYVIDEO_DATA_DIR") or "output")
        folder = root / event.slug
        if len(event.slug.encode()) > MAX_NAME_BYTES:
            raise ValueError(f"event folder name too long: {event.slug}")
        update = set(self.settings.getlist("PYVIDEO_UPDATE_FIELDS"))
        by_key, used_slugs, used_files = self.existing(folder)
        counts = {"written": 0, "updated": 0, "unchanged": 0}
        for record in sorted(event.records, key=sort_key):
            path = by_key.get(record.video_key)
            if path is not None:
                old_text = path.read_text(encoding="utf-8")
                old = json.loads(old_text)
                merged = merge(old, record.data, update)
                if merged == old:
                    counts["unchanged"] += 1
                    continue
                write_text(path, canonical_json(merged))
                counts["updated"] += 1
                continue
            data = dict(record.data)
            name = self.free_name(data, used_slugs, used_files)
            path = folder / "videos" / f"{name}.json"
            write_text(path, canonical_json(data))
            by_key[record.video_key] = path
            counts["written"] += 1
        self.write_category(event, folder)
        for what, count in counts.items():
            self.inc(f"records/{what}", count)
        self.logger.info(
            "%s: %d written, %d updated, %d unchanged in %s",
            event.slug,
            counts["written"],
            counts["updated"],
            counts["unchanged"],
            folder,
        )

    @staticmethod
    def existing(folder: Path) -> tuple[dict[str, Path], set[str], set[str]]:
        """Video keys, effective slugs and file names already in the event folder."""
        by_key: dict[str, Path] = {}
        slugs: set[str] = set()
        files: set[str] = set()
        for path in sorted((folder / "videos").glob("*.json")):
            files.add(path.stem)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            slugs.add(data.get("slug") or slugify(data.get("title", "")))
            for key in video_keys(data):
                by_key.setdefault(key, path)
        return by_key, slugs, files

    @staticmethod
    def free_name(data: dict[str, Any], used_slugs: set[str], used_files: set[str]) -> str:
        """A file name and slug unique in the event; repeated titles get ``-2``, ``-3``..."""
        title = data.get("title", "")
        effective, name = slugify(title), file_slug(title)
        if effective not in used_slugs and name not in used_files:
            used_slugs.add(effective)
            used_files.add(name)
            return name
        n = 2
        base = file_slug(title, limit=MAX_NAME_BYTES - len(".json") - 4)
        while f"{base}-{n}" in used_slugs or f"{base}-{n}" in used_files:
            n += 1
        name = f"{base}-{n}"
        data["slug"] = name
        used_slugs.add(name)
        used_files.add(name)
        return name

    def write_category(self, event: Event, folder: Path) -> None:
        """category.json: created with title and dates; an existing one only gains missing keys."""
        path = folder / "category.json"
        new: dict[str, Any] = {"title": event.title}
        for key in ("start_date", "end_date"):
            value = getattr(event, key)
            if isinstance(value, dt.date):
                new[key] = value.isoformat()
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        merged = merge(old, new, set())
        if merged != old or not path.exists():
            write_text(path, canonical_json(merged))
