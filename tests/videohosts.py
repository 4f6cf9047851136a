"""Stand-ins for the video hosts ``scrapy check-videos`` asks, served on 127.0.0.1 by a thread.

One ``ThreadingHTTPServer`` answers, under different paths:

- ``/youtube/v3/videos``: the Data API's ``videos.list`` from ``youtube`` (id -> item; an id that
  is not there is missing from the answer, as a deleted video is); ``fail_next`` 5xx answers
  first, and ``quota_after`` successful calls before ``403 quotaExceeded``;
- ``/oembed``: YouTube oEmbed from the same table (private -> 401, missing -> 404);
- ``/api/v1/videos/<id>``: PeerTube from ``peertube`` (id -> privacy id; absent -> 404);
- ``/media/<name>``: files for HEAD (``media``: name -> status, 405: HEAD refused but GET served;
  ``/old/<name>`` redirects there; ``/loop/`` redirects to itself);
- ``/wayback/available``: the availability API from ``wayback`` (URL -> snapshot URL).

Every request is logged as ``(method, path, headers)`` for the request-economy assertions.
Bounded: ``with StandIn() as hosts`` starts it and always shuts it down.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


def item(vid: str, **status: Any) -> dict[str, Any]:
    """A ``videos.list`` item: public, processed, embeddable unless ``status`` says otherwise."""
    blocked = status.pop("blocked", None)
    details: dict[str, Any] = {"duration": "PT30M"}
    if blocked is not None:
        details["regionRestriction"] = {"blocked": blocked}
    return {
        "kind": "youtube#video",
        "id": vid,
        "status": {
            "uploadStatus": "processed",
            "privacyStatus": "public",
            "embeddable": True,
            **status,
        },
        "contentDetails": details,
    }


class StandIn:
    def __init__(self) -> None:
        self.youtube: dict[str, dict[str, Any]] = {}
        self.all_live = False  # every id asked about is a live video (the corpus measurement)
        self.peertube: dict[str, int] = {}
        self.media: dict[str, int] = {}
        self.wayback: dict[str, str] = {}
        self.fail_next = 0
        self.fail_status = 503
        self.quota_after: int | None = None
        self.log: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._api_calls = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def requests(self, prefix: str) -> list[tuple[str, str, dict[str, str]]]:
        return [entry for entry in self.log if entry[1].startswith(prefix)]

    def _answer(self, method: str, target: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        path = parts.path
        if path == "/youtube/v3/videos":
            with self._lock:
                if self.fail_next:
                    self.fail_next -= 1
                    return self.fail_status, {}, b'{"error": {"code": 503}}'
                if self.quota_after is not None and self._api_calls >= self.quota_after:
                    body = {"error": {"code": 403, "errors": [{"reason": "quotaExceeded"}]}}
                    return 403, {}, json.dumps(body).encode()
                self._api_calls += 1
            ids = query["id"][0].split(",")
            if self.all_live:
                items = [item(v) for v in ids]
            else:
                items = [self.youtube[v] for v in ids if v in self.youtube]
            return (
                200,
                {},
                json.dumps({"kind": "youtube#videoListResponse", "items": items}).encode(),
            )
        if path == "/oembed":
            vid = query["url"][0].rsplit("=", 1)[-1]
            entry = self.youtube.get(vid)
            if entry is None:
                return 404, {}, b"Not Found"
            if entry["status"]["privacyStatus"] == "private" or not entry["status"]["embeddable"]:
                return 401, {}, b"Unauthorized"
            return 200, {}, json.dumps({"title": vid, "type": "video"}).encode()
        if path.startswith("/api/v1/videos/"):
            uuid = path.rsplit("/", 1)[-1]
            if uuid not in self.peertube:
                return 404, {}, b'{"status": 404}'
            body = {"uuid": uuid, "privacy": {"id": self.peertube[uuid]}}
            return 200, {}, json.dumps(body).encode()
        if path.startswith("/loop/"):
            return 302, {"Location": path}, b""
        if path.startswith("/old/"):
            return 301, {"Location": "/media/" + path.split("/", 2)[2]}, b""
        if path.startswith("/media/"):
            status = self.media.get(path.split("/", 2)[2], 404)
            if status == 405:  # refuses HEAD, serves a range on GET
                status = 405 if method == "HEAD" else 206
            return status, {"Content-Type": "video/mp4"}, b"x" if status == 200 else b""
        if path == "/wayback/available":
            url = query["url"][0]
            snapshot = self.wayback.get(url)
            closest = (
                {
                    "closest": {
                        "available": True,
                        "url": snapshot,
                        "timestamp": "20200101000000",
                        "status": "200",
                    }
                }
                if snapshot
                else {}
            )
            return 200, {}, json.dumps({"url": url, "archived_snapshots": closest}).encode()
        return 404, {}, b""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                stand_in.log.append((method, self.path, dict(self.headers.items())))
                status, headers, body = stand_in._answer(method, self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if method != "HEAD":
                    self.wfile.write(body)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_HEAD(self) -> None:
                self._serve("HEAD")

            def log_message(self, *args: object) -> None:
                pass

        return Handler
