"""Golden crawls: each recorded case replayed through the real spider and every pipeline.

Cases are discovered from tests/recordings/*/case.json; the expected event folder is compared file
by file and field by field. After a deliberate change: ``scrapy golden --update``,
then review the diff.

The crawls run in this process, one Twisted reactor for all of them
(``scrapers.tooling.golden.InProcess``, with ``scrapy crawl``'s settings, argument check and exit
status); one case also runs through the command line in a child process, so the two cannot drift
apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.domain.record import canonical_json
from scrapers.tooling.golden import (
    cases,
    differences,
    in_process,
    run_case,
    run_case_subprocess,
    tree_files,
)
from tests.conftest import NetworkGuard

CASES = [c for c in cases() if c.expected.exists()]
BY_NAME = {c.name: c for c in CASES}
# the case run through ``scrapy crawl`` too: a schedule, a video source and the matcher, quickly
COMMAND_LINE_CASE = "pycon-fr-2024"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case, tmp_path):
    first = run_case(case, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Crawl summary for" in first.stderr
    assert differences(case, tmp_path) == []
    # Same data twice: the second crawl changes no byte.
    before = {k: p.read_bytes() for k, p in tree_files(tmp_path / "data").items()}
    second = run_case(case, tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    after = {k: p.read_bytes() for k, p in tree_files(tmp_path / "data").items()}
    assert after == before
    assert "records written:    0" in second.stderr


def test_golden_case_through_the_command_line(tmp_path: Path) -> None:
    """The exact ``scrapy crawl`` of a case, in a child process: exit 0, the expected tree."""
    case = BY_NAME[COMMAND_LINE_CASE]
    result = run_case_subprocess(case, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Crawl summary for" in result.stderr
    assert differences(case, tmp_path) == []


def test_in_process_crawl_fails_as_the_command_does(tmp_path: Path) -> None:
    """A request missing from the recording fails the crawl: exit status 1, the URL named."""
    case = BY_NAME[COMMAND_LINE_CASE]
    empty = tmp_path / "empty-recording"
    empty.mkdir()
    (empty / "index.json").write_text('{"entries": []}', encoding="utf-8")
    settings = {
        "RECORDING_MODE": "replay",
        "RECORDING_DIR": str(empty),
        "PYVIDEO_DATA_DIR": str(tmp_path / "data"),
        "PYVIDEO_REPORT_DIR": str(tmp_path / "reports"),
    }
    result = in_process().crawl(case.spider, case.args, settings)
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stats["log_count/ERROR"] >= 1
    assert "https://cfp.pycon.fr/" in result.stderr
    assert not list((tmp_path / "data").rglob("*.json"))


def test_in_process_bad_argument_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    result = in_process().crawl("pycon-fr", {"year": "1999"}, {"PYVIDEO_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.startswith("error: pycon-fr: no edition for year 1999")
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_every_case_has_expectations():
    """A recording without expectations is a test that cannot fail: name it here."""
    assert [c.name for c in cases() if not c.expected.exists()] == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_files_are_canonical(case):
    for rel, path in tree_files(case.expected).items():
        if rel.endswith(".json"):
            text = path.read_text(encoding="utf-8")
            assert text == canonical_json(json.loads(text)), rel


def test_in_process_crawls_are_behind_the_network_guard(
    tmp_path: Path, network_guard: NetworkGuard
) -> None:
    """The crawls share this process's sockets, so conftest's guard covers them too."""
    args = {"schedule_url": "https://schedule.invalid/x.xml", "event": "x-2024", "title": "X"}
    settings = {
        "PYVIDEO_DATA_DIR": str(tmp_path / "data"),
        "PYVIDEO_REPORT_DIR": str(tmp_path / "reports"),
        "RETRY_TIMES": 0,
    }
    result = in_process().crawl("pentabarf", args, settings)
    assert result.returncode == 1
    assert any("schedule.invalid" in what for what in network_guard.blocked)
    network_guard.blocked.clear()  # refused as it should be: the test passes
