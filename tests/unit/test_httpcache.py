"""Record/replay via scrapers.tooling.httpcache: crawls run as ``scrapy runspider`` subprocesses.

Subprocesses keep the Twisted reactor out of pytest and prove the ``-s`` setting names work.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scrapers.tooling.httpcache import (
    Recording,
    canonical_url,
    extension_for,
    normalize_request_body,
    recording_settings,
    redact_url,
)

ROOT = Path(__file__).resolve().parents[2]
SECRET = "SECRET123xyz"

SPIDER_SRC = """
import json
from urllib.parse import urlsplit

import scrapy


class TinySpider(scrapy.Spider):
    name = "tiny"

    def __init__(self, base="", extra="", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.extra = extra

    async def start(self):
        if self.extra:
            yield scrapy.Request(self.base + "/not-recorded.json", priority=10)
        yield scrapy.Request(self.base + "/talks.json")
        yield scrapy.Request(self.base + "/page.html")
        yield scrapy.Request(self.base + "/api/items?page=1&key=SECRET123xyz")
        yield scrapy.Request(self.base + "/redirect?token=SECRET123xyz")
        body = json.dumps({"q": "py", "api_key": "SECRET123xyz"})
        yield scrapy.Request(self.base + "/search", method="POST", body=body)

    def parse(self, response):
        parts = urlsplit(response.url)
        if "json" in response.headers.get("Content-Type", b"").decode():
            data = response.json()
        else:
            data = response.css("h1::text").get()
        yield {"path": parts.path, "status": response.status, "data": data}
"""


class Handler(BaseHTTPRequestHandler):
    """Fixed responses; echoes nothing of the query string so output is key-independent."""

    hits: list[str] = []

    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.hits.append(self.path)
        path = self.path.split("?", 1)[0]
        if path == "/talks.json":
            self._send(200, b'[{"title": "Talk \\u00e9", "id": 1}]', "application/json")
        elif path == "/page.html":
            body = gzip.compress(b"<html><h1>Hello PyOhio</h1></html>", mtime=0)
            self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        elif path == "/api/items":
            page = self.path.split("page=")[1][0]
            link = f'<http://{self.headers["Host"]}/api/items?page=9&key={SECRET}>; rel="last"'
            self._send(200, json.dumps({"page": page}).encode(), "application/json", {"Link": link})
        elif path == "/redirect":
            loc = f"/api/items?page=2&key={SECRET}"
            self._send(302, b"", "text/html", {"Location": loc})
        else:
            self._send(404, b"nope", "text/plain")

    def do_POST(self) -> None:
        Handler.hits.append("POST " + self.path)
        length = int(self.headers.get("Content-Length", 0))
        query = json.loads(self.rfile.read(length))
        self._send(200, json.dumps({"results": [query["q"]]}).encode(), "application/json")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.hits = []
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def base_url(httpd: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def crawl(tmp_path: Path, mode: str, recdir: Path, base: str, *args: str) -> tuple[list[dict], str]:
    """Run the tiny spider with the recording settings; return (sorted items, log text)."""
    spider = tmp_path / "tiny_spider.py"
    spider.write_text(SPIDER_SRC)
    out = tmp_path / f"out-{mode}.jsonl"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-O", str(out)]
    cmd += ["-a", f"base={base}", *args, "-s", "LOG_LEVEL=INFO", "-s", "TELNETCONSOLE_ENABLED=0"]
    for name, value in recording_settings(mode, recdir).items():
        cmd += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text().splitlines() if out.exists() else []
    items = sorted((json.loads(x) for x in lines), key=lambda i: json.dumps(i, sort_keys=True))
    return items, proc.stderr


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_record_then_replay_offline_without_secrets(tmp_path: Path, server) -> None:
    recdir = tmp_path / "rec"
    base = base_url(server)
    live, log = crawl(tmp_path, "record", recdir, base)
    assert len(live) == 5, log
    assert "'recording/stored': 6" in log  # 5 pages + the 302
    server.shutdown()
    server.server_close()
    hits_after_record = len(Handler.hits)

    replayed, log = crawl(tmp_path, "replay", recdir, base)
    assert replayed == live
    assert len(Handler.hits) == hits_after_record
    assert "'recording/served': 6" in log
    assert "'finish_reason': 'finished'" in log

    files = folder_files(recdir)
    for name, content in files.items():
        assert SECRET not in name and SECRET.encode() not in content, name
    assert b"key=" not in files["index.json"] and b"token=" not in files["index.json"]
    index = json.loads(files["index.json"])
    host = f"127.0.0.1_{server.server_address[1]}"
    bodies = sorted(e["body"] for e in index["entries"])
    assert f"bodies/{host}/talks-" in " ".join(bodies)
    html = next(e for e in index["entries"] if e["url"].endswith("/page.html"))
    assert files[html["body"]] == b"<html><h1>Hello PyOhio</h1></html>"  # stored decompressed
    assert "headers" not in html  # Content-Encoding dropped, Date/Server never kept
    post = next(e for e in index["entries"] if e["method"] == "POST")
    assert post["request_body"] == '{"q":"py"}'
    redirect = next(e for e in index["entries"] if e["status"] == 302)
    assert redirect["headers"] == {"Location": "/api/items?page=2"}


def test_replay_missing_request_fails_crawl(tmp_path: Path, server) -> None:
    recdir = tmp_path / "rec"
    base = base_url(server)
    crawl(tmp_path, "record", recdir, base)
    server.shutdown()
    server.server_close()

    items, log = crawl(
        tmp_path, "replay", recdir, base, "-a", "extra=1", "-s", "CONCURRENT_REQUESTS=1"
    )
    assert f"not recorded: GET {base}/not-recorded.json" in log
    assert "'finish_reason': 'replay_missing'" in log
    assert "'recording/missing': 1" in log
    assert "Connection refused" not in log  # nothing went to the network
    assert len(items) < 5  # the crawl stopped; the rest was not attempted


def test_record_twice_is_byte_identical(tmp_path: Path, server) -> None:
    base = base_url(server)
    crawl(tmp_path, "record", tmp_path / "a", base)
    crawl(tmp_path, "record", tmp_path / "b", base)
    assert folder_files(tmp_path / "a") == folder_files(tmp_path / "b")
    # Re-recording over an existing folder changes nothing either.
    before = folder_files(tmp_path / "a")
    crawl(tmp_path, "record", tmp_path / "a", base)
    assert folder_files(tmp_path / "a") == before


def test_recording_helper_round_trip(tmp_path: Path) -> None:
    url = (
        "https://raw.githubusercontent.com/pyohio/pyohio-static-website/abc123/2025/src/"
        "content/jsonData/talks.json"
    )
    rec = Recording.open(tmp_path / "rec")
    rec.add(url, b'[{"title": "x"}]')
    rec.add(
        "https://api.example.org/v1/search",
        b"<r/>",
        method="POST",
        request_body=b"q=a&key=k",
        content_type="application/xml; charset=utf-8",
        status=201,
    )
    rec.add(f"https://api.example.org/v1/items?b=2&a=1&api_key={SECRET}", b"{}")
    rec.save()
    text = (tmp_path / "rec" / "index.json").read_text()
    assert SECRET not in text

    again = Recording.open(tmp_path / "rec")
    assert len(again) == 3
    entry = again.get("GET", url)
    assert entry is not None and entry.body == b'[{"title": "x"}]' and entry.status == 200
    assert entry.body_file.startswith("bodies/raw.githubusercontent.com/")
    assert entry.body_file.endswith(".json") and "talks-" in entry.body_file
    post = again.get("post", "https://api.example.org/v1/search", "key=other&q=a")
    assert post is not None and post.status == 201 and post.body == b"<r/>"
    assert post.body_file.endswith(".xml")
    assert again.get("GET", "https://api.example.org/v1/items?a=1&b=2") is not None
    assert again.get("GET", "https://api.example.org/v1/missing") is None
    again.save()
    assert (tmp_path / "rec" / "index.json").read_text() == text  # stable

    # Overwriting an entry with another content type removes the orphaned body file.
    old = tmp_path / "rec" / entry.body_file
    again.add(url, b"plain", content_type="text/plain")
    again.save()
    assert not old.exists()
    assert again.get("GET", url).body == b"plain"


def test_helpers() -> None:
    assert redact_url("https://u:pw@h/p?key=1&x=2&Token=3") == "https://h/p?x=2"
    assert canonical_url("https://h/p?b=1&a=2&access_token=z#frag") == "https://h/p?a=2&b=1"
    assert normalize_request_body('{"b": 1, "token": "s"}') == b'{"b":1}'
    assert normalize_request_body(b"binary\xff") == b"binary\xff"
    assert extension_for("application/vnd.github+json") == "json"
    assert extension_for(None, "https://h/a/feed.xml") == "xml"
    assert extension_for("application/octet-stream", "https://h/x") == "bin"
    assert recording_settings("replay", "r")["HTTPCACHE_IGNORE_MISSING"] is True


def test_inconsistent_settings_rejected(tmp_path: Path) -> None:
    from scrapy.exceptions import NotConfigured
    from scrapy.settings import Settings

    from scrapers.tooling.httpcache import RecordingStorage

    with pytest.raises(NotConfigured):
        RecordingStorage(Settings({"RECORDING_MODE": "off"}))
    bad = recording_settings("replay", tmp_path) | {"HTTPCACHE_IGNORE_MISSING": False}
    with pytest.raises(ValueError, match="IGNORE_MISSING"):
        RecordingStorage(Settings(bad))
    with pytest.raises(FileNotFoundError):
        RecordingStorage(Settings(recording_settings("replay", tmp_path / "none")))
