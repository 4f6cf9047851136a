"""Exit status 1, one line naming the source, no traceback, nothing written: whenever the event
was not produced (issue 17 item 7). The inputs are the recorded DebConf17 export, cut or moved."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.crawlcmd import PROJECT, child_env

EXPORT = next((PROJECT / "tests/recordings/pentabarf-debconf17/bodies").rglob("*.xml"))


def crawl(url: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "pentabarf", "-a", f"schedule_url={url}"]
    cmd += ["-a", "event=debconf-17", "-a", "title=DebConf 17", "-s", "RETRY_TIMES=0"]
    cmd += ["-s", f"PYVIDEO_DATA_DIR={tmp / 'data'}", "-s", f"PYVIDEO_REPORT_DIR={tmp / 'r'}"]
    return subprocess.run(
        cmd, cwd=PROJECT, env=child_env(), capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("case", ["missing file", "truncated export", "not a schedule"])
def test_no_event_means_exit_1_and_one_line(case: str, tmp_path: Path) -> None:
    source = tmp_path / "schedule.xml"
    if case == "truncated export":
        source.write_bytes(EXPORT.read_bytes()[:20000])
    elif case == "not a schedule":
        source.write_text("<html><body>Schedule coming soon</body></html>", encoding="utf-8")
    proc = crawl(source.as_uri(), tmp_path)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "] ERROR: " in line]
    assert any(source.as_uri() in line for line in errors), errors
    if case == "truncated export":
        assert any("broken XML at line" in line for line in errors), errors
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.json"))
