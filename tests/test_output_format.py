"""The written event folders pass every rule of FORMAT.md, checked by the whole-tree check.

The same checks a maintainer runs (``scrapy check-data``) run over every golden case's expected
tree: schema, slugs, reST, language, file names, serialization, plus the stricter review rules.
"""

from __future__ import annotations

import pytest

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
