"""Exit status 1, one line naming the source, no traceback, nothing written: whenever the event
was not produced (issue 17 item 7). The inputs are the recorded DebConf17 export, cut or moved."""

from __future__ import annotations

import http.server
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scrapers.tooling.crawlcmd import PROJECT, child_env
from scrapers.tooling.golden import RECORDINGS
from tests.recorded import checkout

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


def test_a_partly_unreadable_site_is_written_but_exits_1(tmp_path: Path) -> None:
    """One broken presenter file: the rest is written, the crawl says it is not complete."""
    source = checkout(RECORDINGS / "djangocon-us-2023", tmp_path / "site")
    broken = sorted((source / "_presenters").glob("*.md"))[0]
    broken.write_text("---\nname: [unclosed\n---\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "scrapy", "crawl", "djangocon-us", "-a", "year=2023"]
    cmd += ["-a", f"source={source}", "-s", f"PYVIDEO_DATA_DIR={tmp_path / 'data'}"]
    cmd += ["-s", f"PYVIDEO_REPORT_DIR={tmp_path / 'r'}"]
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=child_env(), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert f"_presenters/{broken.name}" in proc.stderr
    assert "error: 1 error line(s) above" in proc.stderr
    assert len(list((tmp_path / "data/djangocon-us-2023/videos").glob("*.json"))) > 50


class SlowSchedule(http.server.BaseHTTPRequestHandler):
    """Answers after a long pause: the crawl is interrupted while it waits."""

    asked = threading.Event()

    def do_GET(self) -> None:
        SlowSchedule.asked.set()
        time.sleep(20)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(EXPORT.read_bytes())

    def log_message(self, *args: object) -> None:
        pass


def test_sigint_before_the_write_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowSchedule)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/schedule.xml"
        cmd = [sys.executable, "-m", "scrapy", "crawl", "pentabarf", "-a", f"schedule_url={url}"]
        cmd += ["-a", "event=debconf-17", "-a", "title=DebConf 17", "-s", "ROBOTSTXT_OBEY=False"]
        cmd += ["-s", f"PYVIDEO_DATA_DIR={tmp_path / 'data'}"]
        cmd += ["-s", f"PYVIDEO_REPORT_DIR={tmp_path / 'r'}"]
        proc = subprocess.Popen(
            cmd, cwd=PROJECT, env=child_env(), stderr=subprocess.PIPE, text=True
        )
        assert SlowSchedule.asked.wait(60), "the crawl never asked for the schedule"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        server.shutdown()
    assert proc.returncode == 1, stderr[-2000:]
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.json"))
