"""Record a live crawl into a reviewable folder and replay it offline.

Built on Scrapy's HTTP cache: ``RecordingStorage`` is an ``HTTPCACHE_STORAGE`` class, so the stock
``HttpCacheMiddleware`` decides when to look up and store, and this module only decides *where*
and *how*. The folder is meant to be committed and reviewed, hence plain files and no pickles::

    <RECORDING_DIR>/index.json                     one entry per request, sorted, no timestamps
    <RECORDING_DIR>/bodies/<host>/<slug>-<hash8>.<ext>   raw response body (decompressed)

Settings a user sets (all can be passed with ``-s`` on the command line)::

    HTTPCACHE_ENABLED = True
    HTTPCACHE_STORAGE = "scrapers.tooling.httpcache.RecordingStorage"
    HTTPCACHE_POLICY = "scrapy.extensions.httpcache.DummyPolicy"
    HTTPCACHE_EXPIRATION_SECS = 0
    RECORDING_MODE = "off" | "record" | "replay"   # default "off": cache middleware disables itself
    RECORDING_DIR = "tests/recordings/pyohio-2025"  # absolute or relative to the cwd
    HTTPCACHE_IGNORE_MISSING = True                 # required in replay, forbidden in record
    RECORDING_REDACT_PARAMS = ["key", "api_key", "access_token", "token"]  # never recorded/keyed
    RECORDING_KEEP_HEADERS = ["Content-Type", "Location", "Link", "Content-Disposition"]

``recording_settings(mode, path)`` returns that dict for ``custom_settings`` or ``-s`` flags.

Record: every request goes to the network and its response is stored (overwriting an entry with
the same key, keeping the others; delete the folder for a clean recording). Replay: nothing touches
the network; a request missing from the index logs ``not recorded: GET <url>``, sets the stats
``recording/missing`` and closes the spider with reason ``replay_missing`` (check
``finish_reason``: the process exit status is still 0). Served entries: ``recording/served``.

Keys are method + canonical URL + request body, with ``RECORDING_REDACT_PARAMS`` removed from the
URL query (and from form/JSON request bodies, and from Location/Link headers) both when storing and
when looking up; request headers are never stored. So a crawl recorded with an API key replays
without one and the folder holds no secret.

Recordings can be assembled by hand from fixture files with ``Recording``::

    rec = Recording.open("tests/recordings/pyohio-2025")
    rec.add("https://raw.githubusercontent.com/.../talks.json", Path("talks.json").read_bytes())
    rec.save()
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import deferred_from_coro
from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

INDEX_FORMAT = "pyvideo-scrapers recording v1"
DEFAULT_REDACT_PARAMS = ("key", "api_key", "access_token", "token")
DEFAULT_KEEP_HEADERS = ("Content-Type", "Location", "Link", "Content-Disposition")
MODES = ("off", "record", "replay")

# Fixed table (not ``mimetypes``) so file names do not depend on the platform's mime database.
_EXT_BY_TYPE = {
    "application/json": "json",
    "application/ld+json": "json",
    "text/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "text/csv": "csv",
    "text/calendar": "ics",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
    "text/markdown": "md",
    "application/javascript": "js",
    "text/javascript": "js",
    "text/css": "css",
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/svg+xml": "svg",
}
_KNOWN_EXTS = set(_EXT_BY_TYPE.values()) | {"rst", "htm"}


def _norm_names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


def redact_url(url: str, redact_params: Iterable[str] = DEFAULT_REDACT_PARAMS) -> str:
    """Drop secret query parameters and userinfo password, keeping everything else as written."""
    names = _norm_names(redact_params)
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:  # user:password@host -> host
        netloc = netloc.rsplit("@", 1)[1]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k.lower() not in names]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def canonical_url(url: str, redact_params: Iterable[str] = DEFAULT_REDACT_PARAMS) -> str:
    """The URL part of an entry key: redacted, then canonicalized (sorted query, no fragment)."""
    return canonicalize_url(redact_url(url, redact_params))


def normalize_request_body(
    body: bytes | str | None, redact_params: Iterable[str] = DEFAULT_REDACT_PARAMS
) -> bytes:
    """Request body as used in keys: secrets removed from JSON objects and form bodies."""
    if body is None:
        return b""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if not raw:
        return b""
    names = _norm_names(redact_params)
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k.lower() not in names}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return raw
    kept = [(k, v) for k, v in pairs if k.lower() not in names]
    return urlencode(kept).encode("ascii") if len(kept) != len(pairs) else raw


def extension_for(content_type: str | None, url: str = "") -> str:
    """File extension for a body: from the content type, else the URL, else ``bin``."""
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime in _EXT_BY_TYPE:
            return _EXT_BY_TYPE[mime]
        if mime.endswith("+json"):
            return "json"
        if mime.endswith("+xml"):
            return "xml"
    suffix = Path(urlsplit(url).path).suffix.lstrip(".").lower()
    return suffix if suffix in _KNOWN_EXTS else "bin"


def _slug(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._]+", "-", text)).strip("-.")


def _body_relpath(method: str, url: str, ext: str, digest: str) -> str:
    """``bodies/<host>/<slug>-<hash>.<ext>``: readable for reviewers, unique via the hash."""
    parts = urlsplit(url)
    host = _slug((parts.hostname or "nohost") + (f"_{parts.port}" if parts.port else ""))
    path_slug = _slug(parts.path)
    if path_slug.lower().endswith(f".{ext}"):
        path_slug = path_slug[: -len(ext) - 1]
    path_slug = path_slug[-60:].lstrip("-.")
    slug = "-".join(
        s
        for s in (method.lower() if method != "GET" else "", path_slug, _slug(parts.query)[:30])
        if s
    )
    return f"bodies/{host}/{slug or 'index'}-{digest}.{ext}"


def _header_str(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _decode_content_encoding(encodings: list[str], body: bytes) -> tuple[list[str], bytes]:
    """Undo Content-Encoding so bodies are reviewable; return what could not be undone."""
    remaining = list(encodings)
    while remaining:
        enc = remaining[-1].strip().lower()
        try:
            if enc in ("gzip", "x-gzip"):
                body = gzip.decompress(body)
            elif enc == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    body = zlib.decompress(body, -zlib.MAX_WBITS)
            elif enc == "br":
                import brotli  # type: ignore[import-not-found]

                body = brotli.decompress(body)
            elif enc == "zstd":
                import zstandard  # type: ignore[import-not-found]

                body = zstandard.ZstdDecompressor().decompressobj().decompress(body)
            elif enc != "identity":
                break
        except (ImportError, OSError, zlib.error):
            break
        remaining.pop()
    return remaining, body


@dataclass
class RecordedResponse:
    """One index entry, with its body loaded on demand."""

    method: str
    url: str
    status: int
    body_file: str
    content_type: str | None = None
    headers: dict[str, str | list[str]] = field(default_factory=dict)
    request_body: bytes = b""
    root: Path | None = None

    @property
    def body(self) -> bytes:
        assert self.root is not None
        return (self.root / self.body_file).read_bytes()

    def to_response(self, request: Request) -> Response:
        """Rebuild a Scrapy response for ``request`` (URL as requested, so callbacks see it)."""
        headers = Headers()
        if self.content_type:
            headers["Content-Type"] = self.content_type
        for name, value in self.headers.items():
            headers[name] = value
        body = self.body
        respcls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return respcls(url=request.url, status=self.status, headers=headers, body=body)

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "body": self.body_file,
        }
        if self.content_type:
            entry["content_type"] = self.content_type
        if self.headers:
            entry["headers"] = self.headers
        if self.request_body:
            try:
                entry["request_body"] = self.request_body.decode("utf-8")
            except UnicodeDecodeError:
                entry["request_body_base64"] = base64.b64encode(self.request_body).decode("ascii")
        return entry

    @classmethod
    def from_json(cls, entry: Mapping[str, Any], root: Path) -> RecordedResponse:
        if "request_body_base64" in entry:
            req_body = base64.b64decode(entry["request_body_base64"])
        else:
            req_body = entry.get("request_body", "").encode("utf-8")
        return cls(
            method=entry["method"],
            url=entry["url"],
            status=int(entry["status"]),
            body_file=entry["body"],
            content_type=entry.get("content_type"),
            headers=dict(entry.get("headers", {})),
            request_body=req_body,
            root=root,
        )


_Key = tuple[str, str, bytes]


class Recording:
    """A recording folder: ``index.json`` plus ``bodies/``; used by scripts and by the storage."""

    def __init__(
        self,
        path: str | Path,
        *,
        redact_params: Iterable[str] = DEFAULT_REDACT_PARAMS,
        keep_headers: Iterable[str] = DEFAULT_KEEP_HEADERS,
    ) -> None:
        self.path = Path(path).resolve()
        self.redact_params = tuple(redact_params)
        self.keep_headers = tuple(keep_headers)
        self.entries: dict[_Key, RecordedResponse] = {}

    @property
    def index_path(self) -> Path:
        return self.path / "index.json"

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        redact_params: Iterable[str] = DEFAULT_REDACT_PARAMS,
        keep_headers: Iterable[str] = DEFAULT_KEEP_HEADERS,
    ) -> Recording:
        """Load ``path/index.json`` if it exists; otherwise start an empty recording there."""
        rec = cls(path, redact_params=redact_params, keep_headers=keep_headers)
        if rec.index_path.exists():
            data = json.loads(rec.index_path.read_text(encoding="utf-8"))
            for raw in data.get("entries", []):
                entry = RecordedResponse.from_json(raw, rec.path)
                rec.entries[(entry.method, entry.url, entry.request_body)] = entry
        return rec

    def key(self, method: str, url: str, request_body: bytes | str | None = None) -> _Key:
        """Entry key: secrets are removed here, so they never reach the index or the lookup."""
        return (
            method.upper(),
            canonical_url(url, self.redact_params),
            normalize_request_body(request_body, self.redact_params),
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: _Key) -> bool:
        return key in self.entries

    def get(
        self, method: str, url: str, request_body: bytes | str | None = None
    ) -> RecordedResponse | None:
        """The recorded response for this request, or None."""
        return self.entries.get(self.key(method, url, request_body))

    def add(
        self,
        url: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str | None = "application/json",
        method: str = "GET",
        request_body: bytes | str | None = None,
        headers: Mapping[str, str | list[str]] | None = None,
    ) -> RecordedResponse:
        """Store ``body`` for a request now (body file written at once; index on ``save()``)."""
        key = self.key(method, url, request_body)
        digest = hashlib.sha1(f"{key[0]} {key[1]}\n".encode() + key[2]).hexdigest()  # naming only
        ext = extension_for(content_type, key[1])
        relpath = _body_relpath(key[0], key[1], ext, digest[:8])
        taken = {e.body_file: k for k, e in self.entries.items()}
        if taken.get(relpath, key) != key:  # 8-hex clash with another entry: use the full hash
            relpath = _body_relpath(key[0], key[1], ext, digest)
        entry = RecordedResponse(
            method=key[0],
            url=key[1],
            status=int(status),
            body_file=relpath,
            content_type=content_type,
            headers=self._redact_headers(headers or {}),
            request_body=key[2],
            root=self.path,
        )
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        self.entries[key] = entry
        return entry

    def _redact_headers(self, headers: Mapping[str, str | list[str]]) -> dict[str, str | list[str]]:
        keep = {h.lower(): h for h in (*self.keep_headers, "Content-Encoding")}
        out: dict[str, str | list[str]] = {}
        for name, value in headers.items():
            canon = keep.get(name.lower())
            if canon is None or canon.lower() == "content-type":
                continue
            values = [value] if isinstance(value, str) else list(value)
            if canon.lower() == "location":
                values = [redact_url(v, self.redact_params) for v in values]
            elif canon.lower() == "link":
                values = [
                    re.sub(r"<([^>]*)>", lambda m: f"<{redact_url(m[1], self.redact_params)}>", v)
                    for v in values
                ]
            out[canon] = values[0] if len(values) == 1 else values
        return dict(sorted(out.items()))

    def save(self) -> None:
        """Write ``index.json`` (sorted, stable) and delete body files no entry refers to."""
        self.path.mkdir(parents=True, exist_ok=True)
        entries = sorted(self.entries.values(), key=lambda e: (e.url, e.method, e.request_body))
        data = {"format": INDEX_FORMAT, "entries": [e.to_json() for e in entries]}
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        self.index_path.write_text(text, encoding="utf-8")
        used = {e.body_file for e in entries}
        bodies = self.path / "bodies"
        if bodies.is_dir():
            for file in sorted(bodies.rglob("*"), reverse=True):
                rel = file.relative_to(self.path).as_posix()
                if file.is_file() and rel not in used:
                    file.unlink()
                elif file.is_dir() and not any(file.iterdir()):
                    file.rmdir()


def recording_settings(mode: str, path: str | Path) -> dict[str, Any]:
    """All settings needed for ``mode`` on folder ``path`` (for custom_settings or ``-s``)."""
    return {
        "HTTPCACHE_ENABLED": mode != "off",
        "HTTPCACHE_STORAGE": "scrapers.tooling.httpcache.RecordingStorage",
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.DummyPolicy",
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "HTTPCACHE_IGNORE_MISSING": mode == "replay",
        "RECORDING_MODE": mode,
        "RECORDING_DIR": str(path),
    }


class RecordingStorage:
    """``HTTPCACHE_STORAGE`` that records into / replays from a ``Recording`` folder."""

    def __init__(self, settings: BaseSettings) -> None:
        mode = str(settings.get("RECORDING_MODE") or "off").strip().lower()
        if mode not in MODES:
            raise ValueError(f"RECORDING_MODE must be one of {MODES}, not {mode!r}")
        if mode == "off":
            raise NotConfigured  # disables HttpCacheMiddleware: plain network crawl
        directory = settings.get("RECORDING_DIR")
        if not directory:
            raise ValueError("RECORDING_DIR must be set when RECORDING_MODE is record or replay")
        ignore_missing = settings.getbool("HTTPCACHE_IGNORE_MISSING")
        if mode == "replay" and not ignore_missing:
            raise ValueError("RECORDING_MODE=replay needs HTTPCACHE_IGNORE_MISSING=True")
        if mode == "record" and ignore_missing:
            raise ValueError("RECORDING_MODE=record needs HTTPCACHE_IGNORE_MISSING=False")
        self.mode = mode
        self.recording = Recording.open(
            directory,
            redact_params=settings.getlist("RECORDING_REDACT_PARAMS", list(DEFAULT_REDACT_PARAMS)),
            keep_headers=settings.getlist("RECORDING_KEEP_HEADERS", list(DEFAULT_KEEP_HEADERS)),
        )
        if mode == "replay" and not self.recording.index_path.exists():
            raise FileNotFoundError(f"no recording to replay: {self.recording.index_path}")
        self._crawler: Crawler | None = None
        self._closing = False

    def open_spider(self, spider: Spider) -> None:
        self._crawler = spider.crawler
        logger.info(
            "Recording %s: %s (%d entries)", self.mode, self.recording.path, len(self.recording)
        )

    def close_spider(self, spider: Spider) -> None:
        if self.mode == "record":
            self.recording.save()

    def _inc(self, stat: str) -> None:
        if self._crawler is not None and self._crawler.stats is not None:
            self._crawler.stats.inc_value(stat)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        """Record: always a miss (download). Replay: the entry, or a miss that ends the crawl."""
        if self.mode != "replay":
            return None
        entry = self.recording.get(request.method, request.url, request.body)
        if entry is not None:
            self._inc("recording/served")
            return entry.to_response(request)
        key = self.recording.key(request.method, request.url, request.body)
        logger.error("not recorded: %s %s", key[0], key[1], extra={"spider": spider})
        self._inc("recording/missing")
        self._close_crawl()
        return None  # HTTPCACHE_IGNORE_MISSING turns this into IgnoreRequest: no network

    def _close_crawl(self) -> None:
        if self._closing or self._crawler is None or self._crawler.engine is None:
            return
        self._closing = True
        d = deferred_from_coro(self._crawler.engine.close_spider_async(reason="replay_missing"))
        d.addErrback(lambda f: logger.error("could not close spider: %s", f.getErrorMessage()))

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        """Record mode only: write the (decompressed) body and a sanitized index entry."""
        if self.mode != "record":
            return
        encodings = [
            _header_str(v)
            for raw in response.headers.getlist("Content-Encoding")
            for v in raw.split(b",")
        ]
        remaining, body = _decode_content_encoding(encodings, response.body)
        headers: dict[str, list[str]] = {}
        for name in self.recording.keep_headers:
            values = response.headers.getlist(name)
            if values:
                headers[name] = [_header_str(v) for v in values]
        if remaining:
            headers["Content-Encoding"] = [", ".join(remaining)]  # undecodable: keep as sent
        ctype = response.headers.get("Content-Type")
        self.recording.add(
            request.url,
            body,
            status=response.status,
            content_type=_header_str(ctype) if ctype else None,
            method=request.method,
            request_body=request.body,
            headers=headers,
        )
        self._inc("recording/stored")
