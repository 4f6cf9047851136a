"""The written event folders pass every rule of FORMAT.md, checked by the whole-tree check.

The same checks a maintainer runs (``scrapy check-data``) run over every golden case's expected
tree: schema, slugs, reST, language, file names, serialization, plus the stricter review rules.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from scrapers.domain.record import slugify
from scrapers.tooling.checkdata import check_tree
from scrapers.tooling.golden import cases

TREES = [c for c in cases() if (c.expected / "data").exists()]


@pytest.mark.parametrize("case", TREES, ids=[c.name for c in TREES])
def test_written_tree_passes_format_rules(case):
    report = check_tree(case.expected / "data", jobs=1)
    assert report.files > 1
    assert [f.line() for f in report.findings if f.upstream] == []
    assert report.exit_status == 0


@pytest.mark.parametrize("case", TREES, ids=[c.name for c in TREES])
def test_written_tree_has_no_review_findings(case):
    """Stricter than upstream CI: no placeholders, canonical URLs, no speakers in titles..."""
    report = check_tree(case.expected / "data", jobs=1)
    assert [f.line() for f in report.findings] == []


@pytest.mark.parametrize("case", TREES, ids=[c.name for c in TREES])
def test_slugs_are_the_data_repos_slugify_unless_a_slug_was_needed(case):
    """FORMAT.md check 4: the site builds each page from the record's ``slug``, else the data
    repo's slugify of its title. A record file is named by that slug; an explicit ``slug`` is
    written only where two titles of the event slugify alike ("Lightning Talks" twice)."""
    for videos in (case.expected / "data").glob("*/videos"):
        records = {p: json.loads(p.read_text(encoding="utf-8")) for p in videos.glob("*.json")}
        alike = Counter(slugify(r["title"]) for r in records.values())
        for path, record in records.items():
            own = slugify(record["title"])
            assert path.stem == record.get("slug", own), path
            if "slug" in record:
                assert alike[own] > 1, f"{path}: explicit slug where the title's was free"
