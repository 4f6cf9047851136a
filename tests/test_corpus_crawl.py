"""Crawling into a real pyvideo-data tree: nothing lost, nothing duplicated, second run a no-op.

Uses the corpus snapshot beside the project (``../shared/corpus/*.tar.gz``, the pyvideo-data
repository at a fixed commit); skipped where that snapshot is not present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.domain.datatree import TreeIndex, video_keys
from scrapers.domain.names import NameIndex, match_key
from scrapers.tooling.golden import cases, run_case
from tests.shared import CORPUS_SNAPSHOTS, extract_snapshot

CASES = {c.name: c for c in cases()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A writable copy of the snapshot: these tests crawl into it."""
    if not CORPUS_SNAPSHOTS:
        pytest.skip("needs ../shared/corpus/pyvideo-data-*.tar.gz (shared material)")
    return extract_snapshot(CORPUS_SNAPSHOTS[0], tmp_path_factory.mktemp("corpus"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json")}


@pytest.mark.parametrize("name", ["djangocon-us-2023", "djangocon-us-2024", "pyohio-2025"])
def test_crawl_into_corpus_twice(corpus, name, tmp_path):
    case = CASES[name]
    before = snapshot(corpus)
    index = TreeIndex.build(corpus)
    spellings: dict[str, set[str]] = {}
    for spelling in NameIndex.from_tree(corpus).counts:
        spellings.setdefault(match_key(spelling), set()).add(spelling)
    case.settings = {**case.settings, "PYVIDEO_DATA_DIR": str(corpus)}
    first = run_case(case, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    after = snapshot(corpus)
    assert set(before) <= set(after), "a crawl never deletes a file"
    event = case.settings.get("event") or name
    for rel in sorted(set(after) - set(before)):
        assert rel.startswith(f"{event}/"), rel
        for key in video_keys(json.loads(after[rel])):
            assert index.where(key) is None, f"{rel} duplicates {index.where(key)}"
    for rel in sorted(rel for rel in after if before.get(rel) != after[rel] and "/videos/" in rel):
        for speaker in json.loads(after[rel]).get("speakers", []):
            known = spellings.get(match_key(speaker), set())
            assert not known or speaker in known, f"{rel}: new spelling {speaker!r} of {known}"
    for rel in sorted(set(before) & set(after)):
        if before[rel] != after[rel] and rel.endswith(".json") and "/videos/" in rel:
            old, new = json.loads(before[rel]), json.loads(after[rel])
            for key, value in old.items():
                if value not in (None, "", [], {}):
                    assert new[key] == value, f"{rel}: {key} overwritten"
    second = run_case(case, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert snapshot(corpus) == after, "the second identical crawl changes no byte"
