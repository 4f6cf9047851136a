"""Golden crawls: each recorded case replayed through the real spider and every pipeline.

Cases are discovered from tests/recordings/*/case.json; the expected event folder is compared file
by file and field by field. After a deliberate change: ``scrapy golden --update``,
then review the diff.
"""

from __future__ import annotations

import json

import pytest

from scrapers.golden import cases, differences, run_case, tree_files
from scrapers.record import canonical_json

CASES = [c for c in cases() if c.expected.exists()]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case, tmp_path):
    workdir, proc = run_case(case, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Crawl summary for" in proc.stderr
    assert differences(case, workdir) == []
    # Same data twice: the second crawl changes no byte.
    before = {k: p.read_bytes() for k, p in tree_files(workdir / "data").items()}
    _, proc2 = run_case(case, tmp_path)
    assert proc2.returncode == 0, proc2.stderr[-3000:]
    after = {k: p.read_bytes() for k, p in tree_files(workdir / "data").items()}
    assert after == before
    assert "records written:    0" in proc2.stderr


def test_every_case_has_expectations():
    """A recording without expectations is a test that cannot fail: name it here."""
    assert [c.name for c in cases() if not c.expected.exists()] == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_files_are_canonical(case):
    for rel, path in tree_files(case.expected).items():
        if rel.endswith(".json"):
            text = path.read_text(encoding="utf-8")
            assert text == canonical_json(json.loads(text)), rel
