"""Helpers for unit tests of platform bases on a golden case's recorded files.

Tests read the real files of a recording (``tests/recordings/<case>/``), edit one field to make
a nasty case, and run the base's ``parse_files`` in-process: no crawl, no network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scrapers.items import Event, Talk
from scrapers.platforms.sitedata import SourceFile
from scrapers.tooling.golden import RECORDINGS
from scrapers.tooling.httpcache import Recording

RAW = "https://raw.githubusercontent.com/"


def checkout(case: Path, root: Path) -> Path:
    """A local checkout (for ``-a source=``): the raw files of a site-data recording, written
    at their repository paths."""
    index = json.loads((case / "index.json").read_text(encoding="utf-8"))
    for entry in index["entries"]:
        if entry["url"].startswith(RAW):
            _owner, _repo, _sha, path = entry["url"][len(RAW) :].split("/", 3)
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((case / entry["body"]).read_bytes())
    return root


def recorded_files(spider: Any, case: str, paths: list[str] | None = None) -> dict[str, SourceFile]:
    """The repository files of a site-data recording, by path (every file of the tree listing
    when ``paths`` is None)."""
    rec = Recording.open(RECORDINGS / case)
    if paths is None:
        listing = rec.get("GET", spider.tree_url())
        assert listing is not None, "the recording lacks the tree listing"
        paths = [e["path"] for e in json.loads(listing.body)["tree"] if e["type"] == "blob"]
    files = {}
    for path in paths:
        entry = rec.get("GET", spider.raw_url(path))
        assert entry is not None, path
        files[path] = SourceFile(path, spider.raw_url(path), entry.body.decode("utf-8"))
    return files


def parse(spider: Any, files: list[SourceFile]) -> Event:
    """The Event the base builds from these files (talks and skips; no recordings)."""
    event = spider.new_event()
    spider.parse_files(event, files)
    return event


def talk(event: Event, source_id: str) -> Talk:
    found = [t for t in event.talks if t.source_id == source_id]
    assert len(found) == 1, f"{source_id}: {[t.source_id for t in event.talks]}"
    return found[0]


def edited(f: SourceFile, old: str, new: str) -> SourceFile:
    """A copy of a real file with one edit (which must apply)."""
    assert old in f.text, old
    return SourceFile(f.path, f.url, f.text.replace(old, new, 1))


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
