"""``scrapy check-videos``: ask every video host whether the tree's recordings are still there.

Why: a talk whose only recording was deleted, made private or region-blocked is a dead page on
pyvideo.org, and nobody notices until a reader complains. This checks the whole tree, as cheaply
as each host allows, and keeps what it learnt in a state file so a weekly run only asks again
about what is due:

- YouTube with a key (``YOUTUBE_API_KEY``, env or setting): ``videos.list?part=status,
  contentDetails&id=<50 ids>`` (1 quota unit for 50 videos). A video missing from the answer is
  gone; ``privacyStatus`` private, ``uploadStatus`` rejected/deleted/failed, a
  ``regionRestriction`` and ``embeddable: false`` are reported. The key travels in the
  ``X-Goog-Api-Key`` header (as :mod:`scrapers.videohosts.youtube` does), so it is never in a
  URL, a log line, the report or the state file. Without a key: one oEmbed request per video
  (slower, and it cannot tell private from not embeddable; the report says which mode ran).
- PeerTube: the instance's ``/api/v1/videos/<id>`` per video.
- Anything else (mp4, Vimeo, archive.org ...): a HEAD request following redirects (a GET of one
  byte when the server refuses HEAD).

Politeness: per-host concurrency and delay, retries with exponential back-off on 5xx/429 and
network errors (``Retry-After`` honoured, capped), and a YouTube quota budget counted per Pacific
day (the API's day) across runs. When the budget or the API's quota runs out, the run stops
asking YouTube, saves what it learnt and reports how many videos are left for the next run.

History, so one bad answer is not a verdict: a video is ``gone`` only after ``GONE_AFTER``
consecutive "missing" answers (the first one is ``unconfirmed``); ``unreachable`` (network error,
5xx after retries) is its own state and never counts as missing. Each state has a ``since``.

A gone video is looked up in the Internet Archive's availability API, and the other records of
the tree that hold the same talk (same title and speakers in the same event, or the same video)
are named; a record with no working video left is listed first. ``--fix`` never deletes: it adds
the archived copy as a second ``videos`` entry (``type: archive.org``) and a ``quality_notes``
sentence, written atomically as canonical JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import http.client
import json
import logging
import math
import os
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from scrapers.domain.datatree import WriteError, iter_records, write_text
from scrapers.domain.record import canonical_json
from scrapers.videohosts.urls import video_id as youtube_id
from scrapers.videohosts.urls import watch_url as youtube_watch_url
from scrapers.videohosts.youtube import PAGE_SIZE

logger = logging.getLogger(__name__)

STATE_VERSION = 1
GONE_AFTER = 2  # consecutive "missing" answers before a video is called gone
HISTORY = 8  # answers kept per video
YOUTUBE_OEMBED_URL = "https://www.youtube.com/oembed"
WAYBACK_URL = "https://archive.org"
USER_AGENT = "pyvideo-scrapers check-videos (+https://github.com/pyvideo/pyvideo-scrapers)"
API_DAY_TZ = ZoneInfo("America/Los_Angeles")  # the YouTube quota resets at Pacific midnight
MAX_RETRY_AFTER = 60.0
MAX_BODY = 4 * 1024 * 1024  # bytes read of an answer (a videos.list page is ~20 KB)

OK, GONE, UNCONFIRMED, PRIVATE, BLOCKED, NOT_EMBEDDABLE, UNREACHABLE, UNCHECKED = (
    "ok",
    "gone",
    "unconfirmed",
    "private",
    "blocked",
    "not embeddable",
    "unreachable",
    "unchecked",
)
STATES = (GONE, PRIVATE, UNCONFIRMED, BLOCKED, NOT_EMBEDDABLE, UNREACHABLE, OK, UNCHECKED)
NOT_WORKING = {GONE, PRIVATE}  # a record whose videos are all in these has nothing to watch
MISSING = "missing"  # an answer (not a state): the host says there is no such video
KINDS = ("youtube", "peertube", "other")
PEERTUBE_PATH_RE = re.compile(r"^/(?:videos/watch|videos/embed|w)/([A-Za-z0-9-]+)/?$")


class CheckError(Exception):
    """The check cannot run; the message says what to fix (one line, never the key)."""


class QuotaExhausted(Exception):
    """The YouTube quota (the API's or the run's budget) is spent: stop asking YouTube."""


# --------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    """One HTTP answer (after retries); ``status`` 0 when the host could not be reached."""

    status: int
    body: bytes = b""
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class _KeepMethodRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects keeping HEAD a HEAD (urllib turns it into a GET before Python 3.13)."""

    def __init__(self, count: Any) -> None:
        super().__init__()
        self.count = count  # every hop is a request the host answers: counted as one

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            if req.get_method() == "HEAD":
                new.method = "HEAD"
            self.count((urlsplit(new.full_url).hostname or "").lower())
        return new


class Fetcher:
    """Polite HTTP: per-host concurrency and delay, retries with back-off; counts requests.

    Thread-safe: the checks of several hosts run in parallel threads, each host limited to
    ``per_host`` requests at a time and one request start every ``delay`` seconds.
    """

    def __init__(
        self,
        per_host: int = 2,
        delay: float = 1.0,
        retries: int = 3,
        backoff: float = 2.0,
        timeout: float = 30.0,
    ) -> None:
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self.retries = max(0, retries)
        self.backoff = max(0.0, backoff)
        self.timeout = timeout
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._opener = urllib.request.build_opener(_KeepMethodRedirect(self._count))

    def _slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.Semaphore(self.per_host)
            return self._slots[host]

    def _count(self, host: str) -> None:
        with self._lock:
            self.requests[host] += 1

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + self.delay
            self.requests[host] += 1
        if start > now:
            time.sleep(start - now)

    def fetch(self, url: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
        """The answer to ``url``; 5xx, 429 and network errors are retried with back-off."""
        host = (urlsplit(url).hostname or "").lower()
        reply = Reply(0, error="not tried")
        for attempt in range(self.retries + 1):
            if attempt:
                wait = self.backoff * 2 ** (attempt - 1)
                retry_after = _retry_after(reply.headers.get("retry-after", ""))
                if retry_after is not None:
                    wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
                time.sleep(wait)
            with self._slot(host):
                self._wait_turn(host)
                reply = self._once(url, method, headers or {})
            if not (reply.status == 0 or reply.status == 429 or reply.status >= 500):
                return reply
            logger.info(
                "check-videos: %s %s: %s (attempt %d of %d)",
                method,
                _safe(url),
                reply.error or f"HTTP {reply.status}",
                attempt + 1,
                self.retries + 1,
            )
        return reply

    def _once(self, url: str, method: str, headers: dict[str, str]) -> Reply:
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": USER_AGENT, **headers}
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                # never a whole video: a server may ignore the one-byte Range of the fallback
                body = b"" if method == "HEAD" else response.read(MAX_BODY)
                return Reply(response.status, body, headers=_lower(response.headers))
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read(MAX_BODY)
            except (OSError, http.client.HTTPException):
                body = b""
            return Reply(exc.code, body, f"HTTP {exc.code}", _lower(exc.headers))
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, socket.timeout | TimeoutError):
                reason = "timed out"
            return Reply(0, error=f"cannot reach the host: {reason}")


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in (headers or {}).items()}


def _retry_after(value: str) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _safe(url: str) -> str:
    """A URL fit for a log line: any ``key=`` query parameter masked (belt and braces)."""
    return re.sub(r"([?&]key=)[^&]*", r"\1***", url)


# --------------------------------------------------------------------------- answers


@dataclass
class Answer:
    """What a host said about one video this run."""

    answer: str  # ok, missing, private, blocked, not embeddable, unreachable
    detail: str = ""
    regions: int | None = None


def youtube_item_answer(item: dict[str, Any]) -> Answer:
    """The state of one ``videos.list`` item (the worst of what it says, the rest as detail)."""
    status = item.get("status") or {}
    details = item.get("contentDetails") or {}
    notes = []
    upload = status.get("uploadStatus")
    restriction = details.get("regionRestriction") or {}
    blocked = restriction.get("blocked")
    allowed = restriction.get("allowed")
    if status.get("embeddable") is False:
        notes.append("not embeddable")
    if blocked:
        notes.append(f"blocked in {len(blocked)} regions")
    elif allowed is not None:
        notes.append(f"allowed only in {len(allowed)} regions")
    if upload in ("rejected", "deleted", "failed"):
        reason = status.get("rejectionReason") or status.get("failureReason") or ""
        return Answer(MISSING, "; ".join([f"upload {upload}" + (f" ({reason})" if reason else "")]))
    if status.get("privacyStatus") == "private":
        return Answer(PRIVATE, "; ".join(["private", *notes]))
    if blocked:
        return Answer(BLOCKED, "; ".join(notes), len(blocked))
    if allowed is not None:
        return Answer(BLOCKED, "; ".join(notes), None)
    if status.get("embeddable") is False:
        return Answer(NOT_EMBEDDABLE, "; ".join(notes))
    return Answer(OK, status.get("privacyStatus") or "")


def _api_reasons(body: bytes) -> set[str]:
    try:
        error = json.loads(body).get("error") or {}
    except (ValueError, AttributeError):
        return set()
    if not isinstance(error, dict):
        return set()
    found = {e.get("reason", "") for e in error.get("errors") or [] if isinstance(e, dict)}
    found |= {d.get("reason", "") for d in error.get("details") or [] if isinstance(d, dict)}
    return found - {""}


def videos_status_url(base: str, ids: list[str]) -> str:
    """One ``videos.list`` call for status only (1 unit, at most 50 ids, no key in it)."""
    query = urlencode([("part", "status,contentDetails"), ("id", ",".join(ids))])
    return f"{base.rstrip('/')}/videos?{query}&prettyPrint=false"


class QuotaBudget:
    """YouTube units: the run's budget and the day's count (the API's day, kept in the state)."""

    def __init__(self, state: dict[str, Any], budget: int, now: dt.datetime) -> None:
        day = now.astimezone(API_DAY_TZ).date().isoformat()
        quota = state.setdefault("quota", {})
        if quota.get("day") != day:
            quota.clear()
            quota.update({"day": day, "units": 0})
        self.quota = quota
        self.budget = budget
        self.run_units = 0
        self.exhausted = ""
        self._lock = threading.Lock()

    def spend(self) -> None:
        with self._lock:
            if self.exhausted:
                raise QuotaExhausted(self.exhausted)
            if self.quota["units"] >= self.budget:
                self.exhausted = (
                    f"the day's budget of {self.budget} YouTube units is spent "
                    f"({self.quota['day']}, Pacific time)"
                )
                raise QuotaExhausted(self.exhausted)
            self.quota["units"] += 1
            self.run_units += 1

    def api_exhausted(self) -> None:
        with self._lock:
            self.exhausted = "the YouTube API says the daily quota is exhausted (quotaExceeded)"


def check_youtube_api(
    ids: list[str], fetcher: Fetcher, base: str, key: str, quota: QuotaBudget
) -> Iterator[tuple[str, Answer]]:
    """``videos.list`` in batches of 50; stops (QuotaExhausted) when the quota is spent."""
    headers = {"X-Goog-Api-Key": key, "Accept": "application/json"}
    for start in range(0, len(ids), PAGE_SIZE):
        batch = ids[start : start + PAGE_SIZE]
        quota.spend()
        reply = fetcher.fetch(videos_status_url(base, batch), headers=headers)
        if reply.status == 200:
            try:
                items = json.loads(reply.body).get("items") or []
            except (ValueError, AttributeError):
                items = None
            if isinstance(items, list):
                found = {i.get("id"): i for i in items if isinstance(i, dict)}
                for vid in batch:
                    item = found.get(vid)
                    yield (
                        vid,
                        (
                            youtube_item_answer(item)
                            if item
                            else Answer(MISSING, "not in the videos.list answer")
                        ),
                    )
                continue
            for vid in batch:
                yield vid, Answer(UNREACHABLE, "unreadable videos.list answer")
            continue
        reasons = _api_reasons(reply.body)
        if reasons & {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded"}:
            quota.api_exhausted()
            raise QuotaExhausted(quota.exhausted)
        if reasons & {"keyInvalid", "API_KEY_INVALID", "keyExpired", "API_KEY_EXPIRED"}:
            raise CheckError(
                "the YouTube API key was rejected: set YOUTUBE_API_KEY to a valid YouTube Data "
                "API v3 key, or unset it for the slower keyless (oEmbed) check"
            )
        if reasons & {"accessNotConfigured", "SERVICE_DISABLED", "forbidden"}:
            raise CheckError(
                "YouTube Data API v3 is not enabled for this key's project: enable it in the "
                "Google Cloud console"
            )
        why = reply.error or f"HTTP {reply.status}"
        for vid in batch:
            yield vid, Answer(UNREACHABLE, f"videos.list failed: {why}")


def check_youtube_oembed(vid: str, fetcher: Fetcher, base: str) -> Answer:
    """The keyless check: oEmbed answers 200 (there), 401/403 (private or not embeddable), 404."""
    reply = fetcher.fetch(
        f"{base}?{urlencode([('url', youtube_watch_url(vid)), ('format', 'json')])}"
    )
    if reply.status == 200:
        return Answer(OK, "oEmbed")
    if reply.status in (400, 404):
        return Answer(MISSING, f"oEmbed HTTP {reply.status}")
    if reply.status in (401, 403):
        return Answer(PRIVATE, "private or not embeddable (oEmbed cannot tell which)")
    return Answer(UNREACHABLE, reply.error or f"oEmbed HTTP {reply.status}")


def peertube_api_url(url: str) -> str | None:
    """``https://<instance>/api/v1/videos/<id>`` for a PeerTube watch/embed URL, else None."""
    parts = urlsplit(url)
    match = PEERTUBE_PATH_RE.match(parts.path)
    if not parts.scheme or not parts.netloc or not match:
        return None
    return f"{parts.scheme}://{parts.netloc}/api/v1/videos/{match.group(1)}"


def check_peertube(url: str, fetcher: Fetcher) -> Answer:
    """The instance's API: privacy 1/2 (public/unlisted) is there; 3+ private; 404 gone."""
    api = peertube_api_url(url)
    if api is None:
        return check_head(url, fetcher)
    reply = fetcher.fetch(api, headers={"Accept": "application/json"})
    if reply.status == 200:
        try:
            video = json.loads(reply.body)
            privacy = int((video.get("privacy") or {}).get("id") or 1)
        except (ValueError, AttributeError, TypeError):
            return Answer(UNREACHABLE, "unreadable PeerTube answer")
        if privacy not in (1, 2):
            return Answer(PRIVATE, f"PeerTube privacy {privacy}")
        if video.get("blacklisted") or video.get("blocked"):
            return Answer(PRIVATE, "blocked by the instance")
        return Answer(OK, "PeerTube API")
    if reply.status in (404, 410):
        return Answer(MISSING, f"PeerTube HTTP {reply.status}")
    if reply.status in (401, 403):
        return Answer(PRIVATE, f"PeerTube HTTP {reply.status}")
    return Answer(UNREACHABLE, reply.error or f"PeerTube HTTP {reply.status}")


def check_head(url: str, fetcher: Fetcher) -> Answer:
    """HEAD following redirects; a one-byte GET when the server does not do HEAD.

    401/403 from a file host is often a bot filter, not a verdict: unreachable, never gone.
    """
    reply = fetcher.fetch(url, method="HEAD")
    if reply.status in (400, 403, 405, 501):  # some servers refuse HEAD but serve GET
        reply = fetcher.fetch(url, headers={"Range": "bytes=0-0"})
    if 200 <= reply.status < 300:
        return Answer(OK, f"HTTP {reply.status}")
    if reply.status in (404, 410):
        return Answer(MISSING, f"HTTP {reply.status}")
    if reply.status == 451:
        return Answer(BLOCKED, "unavailable for legal reasons (HTTP 451)")
    if reply.status in (401, 403):
        return Answer(UNREACHABLE, f"access refused (HTTP {reply.status})")
    if 300 <= reply.status < 400:
        return Answer(UNREACHABLE, f"redirect not followed (HTTP {reply.status}: a loop?)")
    return Answer(UNREACHABLE, reply.error or f"HTTP {reply.status}")


def wayback_copy(url: str, fetcher: Fetcher, base: str) -> dict[str, str] | None:
    """The Wayback Machine's closest snapshot of ``url`` (availability API), or None."""
    reply = fetcher.fetch(f"{base.rstrip('/')}/wayback/available?url={quote(url, safe='')}")
    if reply.status != 200:
        return None
    try:
        closest = (json.loads(reply.body).get("archived_snapshots") or {}).get("closest") or {}
    except (ValueError, AttributeError):
        return None
    if not closest.get("available") or not closest.get("url"):
        return None
    if str(closest.get("status") or "200")[:1] not in ("2", "3"):
        return None
    snapshot = str(closest["url"]).replace("http://web.archive.org/", "https://web.archive.org/")
    return {"url": snapshot, "timestamp": str(closest.get("timestamp") or "")}


# --------------------------------------------------------------------------- the tree


@dataclass
class Target:
    """One distinct video of the tree (a video several records share is checked once)."""

    key: str
    kind: str
    url: str
    records: list[Path] = field(default_factory=list)


@dataclass
class TreeRecord:
    path: Path
    event: str
    title: str
    speakers: tuple[str, ...]
    keys: list[str]


def video_key(url: str, kind: str) -> tuple[str, str]:
    """``(key, host kind)``: ``youtube:<id>`` for any YouTube URL form, else the URL itself."""
    vid = youtube_id(url)
    if vid:
        return f"youtube:{vid}", "youtube"
    if kind == "peertube" or (peertube_api_url(url) and "/videos/watch/" in url):
        return f"peertube:{url}", "peertube"
    return f"url:{url}", "other"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", str(text or "").casefold()).split())


def read_tree(root: Path) -> tuple[list[TreeRecord], dict[str, Target]]:
    """Every record's videos, and the distinct videos to check."""
    records: list[TreeRecord] = []
    targets: dict[str, Target] = {}
    for path, record in iter_records(root):
        keys = []
        for video in record.get("videos") or []:
            url = str((video or {}).get("url") or "").strip()
            if not url.startswith(("http://", "https://")):
                continue
            key, kind = video_key(url, str(video.get("type") or ""))
            target = targets.setdefault(key, Target(key, kind, url))
            target.records.append(path)
            keys.append(key)
        speakers = tuple(sorted(_norm(s) for s in record.get("speakers") or [] if s))
        event = path.parent.parent.name
        records.append(TreeRecord(path, event, _norm(record.get("title") or ""), speakers, keys))
    return records, targets


# --------------------------------------------------------------------------- the state


def state_path_for(root: Path, given: str | None) -> Path:
    """The state file: ``given``, or ``<tree>.check-videos.json`` beside the tree; never inside."""
    root = root.resolve()
    path = Path(given).resolve() if given else root.parent / f"{root.name}.check-videos.json"
    if path.is_relative_to(root):
        raise CheckError(
            f"--state {given}: the state file must not be inside the data tree {root} "
            "(it is not a record); put it beside the tree"
        )
    return path


def load_state(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"version": STATE_VERSION, "videos": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckError(
            f"{path}: unreadable state file ({exc}); move it away to start afresh"
        ) from exc
    if not isinstance(state, dict) or not isinstance(state.get("videos"), dict):
        raise CheckError(f"{path}: not a check-videos state file; move it away to start afresh")
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    write_text(path, json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def interval(entry: dict[str, Any], every: dt.timedelta) -> dt.timedelta:
    """How long an answer holds: unsure states are asked again the next day, gone ones rarely."""
    state = entry.get("state")
    if state in (UNCONFIRMED, UNREACHABLE):
        return dt.timedelta(days=1)
    if state == GONE:
        return every * 4
    return every


def due(
    targets: dict[str, Target], state: dict[str, Any], now: dt.datetime, every: dt.timedelta
) -> list[Target]:
    """The videos to ask about, oldest answer first (never asked before anything else).

    An hour of slack, so a weekly cron that starts a few minutes early still rechecks.
    """
    videos = state["videos"]
    slack = dt.timedelta(hours=1)
    found = []
    for key, target in targets.items():
        entry = videos.get(key)
        checked = _parse((entry or {}).get("checked"))
        if checked is None or now - checked >= interval(entry or {}, every) - slack:
            found.append((checked.timestamp() if checked else float("-inf"), key, target))
    found.sort(key=lambda t: (t[0], t[1]))
    return [t for _, _, t in found]


def record_answer(entry: dict[str, Any], url: str, answer: Answer, now: dt.datetime) -> None:
    """Fold one answer into a video's history and derive its state (and since when)."""
    stamp = _iso(now)
    entry.setdefault("first_seen", stamp)
    entry["url"] = url
    entry["checked"] = stamp
    history = entry.setdefault("history", [])
    history.append({"at": stamp, "answer": answer.answer, "detail": answer.detail})
    del history[:-HISTORY]
    if answer.answer == MISSING:
        entry["missing_streak"] = int(entry.get("missing_streak") or 0) + 1
        state = GONE if entry["missing_streak"] >= GONE_AFTER else UNCONFIRMED
    elif answer.answer == UNREACHABLE:
        state = UNREACHABLE  # no answer: the missing streak neither grows nor resets
    else:
        entry["missing_streak"] = 0
        state = answer.answer
    if entry.get("state") != state:
        entry["state"] = state
        entry["since"] = stamp
    entry["detail"] = answer.detail
    if answer.regions is not None:
        entry["regions"] = answer.regions
    else:
        entry.pop("regions", None)


# --------------------------------------------------------------------------- the run


@dataclass
class Options:
    root: Path
    state: Path
    api_key: str = ""
    api_url: str = "https://www.googleapis.com/youtube/v3"
    oembed_url: str = YOUTUBE_OEMBED_URL
    wayback_url: str = WAYBACK_URL
    every_days: float = 7.0
    quota: int = 9000
    limit: int | None = None
    only: tuple[str, ...] = KINDS
    fix: bool = False
    all_videos: bool = False  # list ok and unchecked videos in the report too
    per_host: int = 2
    delay: float = 1.0
    retries: int = 3
    backoff: float = 2.0
    timeout: float = 30.0
    workers: int = 8


def run_check(opts: Options, now: dt.datetime | None = None) -> dict[str, Any]:
    """Check what is due, save the state, look up archived copies, fix if asked; the report."""
    now = now or dt.datetime.now(dt.UTC)
    started = time.monotonic()
    if not opts.root.is_dir():
        raise CheckError(f"{opts.root}: no such data tree (give PATH or set PYVIDEO_DATA_DIR)")
    state = load_state(opts.state)
    records, targets = read_tree(opts.root)
    fetcher = Fetcher(opts.per_host, opts.delay, opts.retries, opts.backoff, opts.timeout)
    quota = QuotaBudget(state, opts.quota, now)
    every = dt.timedelta(days=opts.every_days)
    todo = [t for t in due(targets, state, now, every) if t.kind in opts.only]
    if opts.limit is not None:
        todo = todo[: opts.limit]
    videos = state["videos"]
    lock = threading.Lock()
    asked: set[str] = set()

    def keep(key: str, url: str, answer: Answer) -> None:
        with lock:
            record_answer(videos.setdefault(key, {}), url, answer, now)
            asked.add(key)

    youtube = [t for t in todo if t.kind == "youtube"]
    others = [t for t in todo if t.kind != "youtube"]
    mode = "api" if opts.api_key else "oembed"
    stopped = ""

    def youtube_api() -> None:
        nonlocal stopped
        ids = [t.key.split(":", 1)[1] for t in youtube]
        urls = {t.key.split(":", 1)[1]: t.url for t in youtube}
        try:
            for vid, answer in check_youtube_api(ids, fetcher, opts.api_url, opts.api_key, quota):
                keep(f"youtube:{vid}", urls[vid], answer)
        except QuotaExhausted as exc:
            stopped = str(exc)

    def one(target: Target) -> None:
        if target.kind == "youtube":
            answer = check_youtube_oembed(target.key.split(":", 1)[1], fetcher, opts.oembed_url)
        elif target.kind == "peertube":
            answer = check_peertube(target.url, fetcher)
        else:
            answer = check_head(target.url, fetcher)
        keep(target.key, target.url, answer)

    try:
        with ThreadPoolExecutor(max_workers=max(1, opts.workers)) as pool:
            futures = []
            if youtube and opts.api_key:
                futures.append(pool.submit(youtube_api))
            elif youtube:
                logger.warning(
                    "check-videos: no YOUTUBE_API_KEY: checking %d YouTube videos one oEmbed "
                    "request each (slower, and private cannot be told from not embeddable)",
                    len(youtube),
                )
                futures += [pool.submit(one, t) for t in youtube]
            futures += [pool.submit(one, t) for t in others]
            for future in futures:
                future.result()
    finally:
        save_state(opts.state, state)  # what was learnt is kept, even on an error

    archive_lookups = 0
    for key, entry in sorted(videos.items()):
        if key not in targets or entry.get("state") != GONE:
            continue
        looked = _parse(entry.get("archive_checked"))
        if looked is not None and now - looked < every * 4 - dt.timedelta(hours=1):
            continue
        entry["archive"] = wayback_copy(
            entry.get("url") or targets[key].url, fetcher, opts.wayback_url
        )
        entry["archive_checked"] = _iso(now)
        archive_lookups += 1
    if archive_lookups:
        save_state(opts.state, state)

    fixed = apply_fix(records, videos, now) if opts.fix else []
    report = build_report(records, targets, videos, now, opts.all_videos)
    report.update(
        {
            "tree": str(opts.root),
            "state_file": str(opts.state),
            "youtube_mode": mode,
            "youtube_due": len(youtube),
            "due": len(todo),
            "asked": len(asked),
            "left_for_next_run": len(todo) - len(asked),
            "stopped": stopped,
            "requests": dict(sorted(fetcher.requests.items())),
            "quota": {
                "units_this_run": quota.run_units,
                "units_today": quota.quota["units"],
                "budget": opts.quota,
                "day": quota.quota["day"],
                "exhausted": bool(quota.exhausted),
            },
            "archive_lookups": archive_lookups,
            "fixed": fixed,
            "wall_seconds": round(time.monotonic() - started, 2),
        }
    )
    return report


def _record_state(record: TreeRecord, videos: dict[str, Any]) -> list[str]:
    return [(videos.get(k) or {}).get("state", UNCHECKED) for k in record.keys]


def build_report(
    records: list[TreeRecord],
    targets: dict[str, Target],
    videos: dict[str, Any],
    now: dt.datetime,
    all_videos: bool = False,
) -> dict[str, Any]:
    """Per event and per video: state and since when; the talk's other copies; a summary."""
    by_talk: dict[tuple[str, str, tuple[str, ...]], list[TreeRecord]] = defaultdict(list)
    by_key: dict[str, list[TreeRecord]] = defaultdict(list)
    for record in records:
        if record.title:
            by_talk[(record.event, record.title, record.speakers)].append(record)
        for key in record.keys:
            by_key[key].append(record)

    def name(record: TreeRecord) -> str:
        return f"{record.event}/videos/{record.path.name}"

    def copies(record: TreeRecord, key: str) -> list[dict[str, Any]]:
        """The talk's other videos: in this record, in records of the same talk or video."""
        found = []
        others = {r.path: r for r in by_talk.get((record.event, record.title, record.speakers), [])}
        others.update({r.path: r for r in by_key.get(key, [])})
        for other in [record, *[o for p, o in sorted(others.items()) if p != record.path]]:
            for other_key in other.keys:
                if other is record and other_key == key:
                    continue
                entry = videos.get(other_key) or {}
                found.append(
                    {
                        "record": name(other),
                        "url": entry.get("url") or targets[other_key].url,
                        "state": entry.get("state", UNCHECKED),
                    }
                )
        return found

    events: dict[str, dict[str, Any]] = {}
    summary: Counter[str] = Counter()
    for key in targets:
        summary[(videos.get(key) or {}).get("state", UNCHECKED)] += 1
    no_working = []
    for record in sorted(records, key=lambda r: (r.event, r.path.name)):
        event = events.setdefault(record.event, {"counts": Counter(), "videos": []})
        states = _record_state(record, videos)
        for key, state in zip(record.keys, states, strict=True):
            event["counts"][state] += 1
            if state in (OK, UNCHECKED) and not all_videos:
                continue
            entry = videos.get(key) or {}
            event["videos"].append(
                {
                    "record": name(record),
                    "url": entry.get("url") or targets[key].url,
                    "state": state,
                    "label": label(state, entry),
                    "since": entry.get("since", ""),
                    "checked": entry.get("checked", ""),
                    "detail": entry.get("detail", ""),
                    "archive": (entry.get("archive") or {}).get("url", "") if state == GONE else "",
                    "other_copies": copies(record, key),
                }
            )
        if states and all(s in NOT_WORKING for s in states):
            alive = [
                c
                for k in record.keys
                for c in copies(record, k)
                if c["state"] not in NOT_WORKING and c["record"] != name(record)
            ]
            archived = [(videos.get(k) or {}).get("archive", {}) or {} for k in record.keys]
            no_working.append(
                {
                    "record": name(record),
                    "states": [
                        label(s, videos.get(k) or {})
                        for k, s in zip(record.keys, states, strict=True)
                    ],
                    "archive": next((a["url"] for a in archived if a.get("url")), ""),
                    "other_copies": sorted({c["url"] for c in alive}),
                }
            )
    # nothing to watch anywhere first, then those whose talk has a copy in another record
    no_working.sort(key=lambda item: (bool(item["other_copies"]), item["record"]))
    return {
        "checked_at": _iso(now),
        "records": len(records),
        "videos": len(targets),
        "summary": {s: summary[s] for s in STATES if summary[s]},
        "no_working_video": no_working,
        "events": {
            slug: {
                "counts": {s: e["counts"][s] for s in STATES if e["counts"][s]},
                **{"videos": e["videos"]},
            }
            for slug, e in sorted(events.items())
        },
    }


def label(state: str, entry: dict[str, Any]) -> str:
    """``blocked in 3 regions``, ``gone``...: the state as a reader says it."""
    if state == BLOCKED and entry.get("regions") is not None:
        return f"blocked in {entry['regions']} regions"
    if state == BLOCKED:
        return entry.get("detail") or BLOCKED
    if state == UNCONFIRMED:
        return f"missing once (gone after {GONE_AFTER} answers in a row)"
    return state


def apply_fix(
    records: list[TreeRecord], videos: dict[str, Any], now: dt.datetime
) -> list[dict[str, str]]:
    """Add each gone video's archived copy as another ``videos`` entry; never remove anything."""
    fixed = []
    for record in records:
        additions = []
        for key in record.keys:
            entry = videos.get(key) or {}
            copy = (entry.get("archive") or {}).get("url")
            if entry.get("state") == GONE and copy:
                additions.append((entry.get("url", ""), copy, entry.get("since", "")[:10]))
        if not additions:
            continue
        data = json.loads(record.path.read_text(encoding="utf-8"))
        present = {str((v or {}).get("url") or "") for v in data.get("videos") or []}
        notes = [str(data.get("quality_notes") or "").strip()]
        changed = False
        for original, copy, since in additions:
            if copy in present:
                continue
            data.setdefault("videos", []).append({"type": "archive.org", "url": copy})
            present.add(copy)
            notes.append(
                f"The original video ({original}) is gone since {since}; "
                "an Internet Archive copy was added."
            )
            changed = True
        if not changed:
            continue
        data["quality_notes"] = " ".join(n for n in notes if n)
        try:
            write_text(record.path, canonical_json(data))
        except WriteError as exc:
            logger.error("check-videos --fix: %s", exc)
            continue
        fixed.append({"record": f"{record.event}/videos/{record.path.name}", "added": copy})
    return fixed


# --------------------------------------------------------------------------- report text


def render_text(report: dict[str, Any]) -> str:
    """The report for a reader: records with nothing left first, then the summary, then events."""
    lines = [f"# Video check of {report['tree']} ({report['checked_at']})", ""]
    if report.get("youtube_mode") == "oembed" and report.get("youtube_due"):
        lines += [
            "YouTube was checked WITHOUT an API key: one oEmbed request per video (slower; "
            "private and not embeddable cannot be told apart). Set YOUTUBE_API_KEY.",
            "",
        ]
    quota = report["quota"]
    lines.append(
        f"Asked about {report['asked']} of {report['due']} due videos "
        f"({report['videos']} videos in {report['records']} records); requests: "
        + (", ".join(f"{h} {n}" for h, n in report["requests"].items()) or "none")
        + f"; YouTube quota: {quota['units_this_run']} unit(s) this run, "
        f"{quota['units_today']} of {quota['budget']} today ({quota['day']} Pacific)."
    )
    if report.get("stopped"):
        lines.append(
            f"STOPPED early: {report['stopped']}; {report['left_for_next_run']} videos are left "
            "for the next run (the state file keeps the order)."
        )
    lines.append("")
    if report["no_working_video"]:
        lines += [f"## Records with no working video ({len(report['no_working_video'])})", ""]
        for item in report["no_working_video"]:
            extra = []
            if item["archive"]:
                extra.append(f"archived copy: {item['archive']}")
            if item["other_copies"]:
                extra.append("other copies: " + ", ".join(item["other_copies"]))
            lines.append(
                f"- {item['record']}: {', '.join(item['states'])}"
                + (f" ({'; '.join(extra)})" if extra else "")
            )
        lines.append("")
    lines += ["## Summary", "", "| state | videos |", "| --- | ---: |"]
    lines += [f"| {state} | {count} |" for state, count in report["summary"].items()]
    lines.append("")
    for slug, event in report["events"].items():
        if not event["videos"]:
            continue
        counts = ", ".join(f"{n} {s}" for s, n in event["counts"].items())
        lines += [f"## {slug} ({counts})", ""]
        for video in event["videos"]:
            since = f" since {video['since'][:10]}" if video["since"] else ""
            text = f"- {video['record']}: {video['label']}{since}: "
            text += video["url"]
            if video["detail"]:
                text += f" ({video['detail']})"
            if video["archive"]:
                text += f"; archived copy: {video['archive']}"
            others = [f"{c['url']} [{c['state']}]" for c in video["other_copies"]]
            if others:
                text += "; same talk: " + ", ".join(others)
            lines.append(text)
        lines.append("")
    if report["fixed"]:
        lines += ["## --fix", ""]
        lines += [f"- {f['record']}: added {f['added']}" for f in report["fixed"]]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("check-videos")
    group.add_argument("--state", help="state file (default: <tree>.check-videos.json beside it)")
    group.add_argument("--format", choices=("text", "json"), default="text")
    group.add_argument("--output", help="write the report to this file (default: stdout)")
    group.add_argument("--json", help="also write the JSON report to this file")
    group.add_argument("--all", action="store_true", help="list ok videos too, not only findings")
    group.add_argument("--fix", action="store_true", help="add archived copies of gone videos")
    group.add_argument("--every", type=float, help="days an answer holds (default 7)")
    group.add_argument("--limit", type=int, help="ask about at most N videos this run")
    group.add_argument("--only", action="append", choices=KINDS, help="only these hosts")
    group.add_argument("--quota", type=int, help="YouTube units to spend per day (default 9000)")
    group.add_argument("--per-host", type=int, help="concurrent requests per host (default 2)")
    group.add_argument("--delay", type=float, help="seconds between requests to a host (1)")
    group.add_argument("--retries", type=int, help="retries on 5xx/429/network errors (3)")
    group.add_argument("--backoff", type=float, help="first retry wait in seconds, doubled (2)")


def options_from(args: argparse.Namespace, settings: Any, path: str) -> Options:
    """Options from the command line, then settings (``CHECK_VIDEOS_*``), then defaults."""
    root = Path(path)

    def pick(value: Any, name: str, default: Any, kind: type) -> Any:
        if value is not None:
            return value
        raw = settings.get(name) if settings is not None else None
        return kind(raw) if raw not in (None, "") else default

    key = (settings.get("YOUTUBE_API_KEY") if settings else "") or os.environ.get(
        "YOUTUBE_API_KEY", ""
    )
    return Options(
        root=root,
        state=state_path_for(root, args.state),
        api_key=str(key or "").strip(),
        api_url=pick(None, "YOUTUBE_API_URL", Options.api_url, str),
        oembed_url=pick(None, "YOUTUBE_OEMBED_URL", YOUTUBE_OEMBED_URL, str),
        wayback_url=pick(None, "WAYBACK_API_URL", WAYBACK_URL, str),
        every_days=pick(args.every, "CHECK_VIDEOS_EVERY_DAYS", 7.0, float),
        quota=pick(args.quota, "CHECK_VIDEOS_YOUTUBE_QUOTA", 9000, int),
        limit=args.limit,
        only=tuple(args.only) if args.only else KINDS,
        fix=args.fix,
        all_videos=args.all,
        per_host=pick(args.per_host, "CHECK_VIDEOS_CONCURRENCY_PER_HOST", 2, int),
        delay=pick(args.delay, "CHECK_VIDEOS_DELAY", 1.0, float),
        retries=pick(args.retries, "CHECK_VIDEOS_RETRIES", 3, int),
        backoff=pick(args.backoff, "CHECK_VIDEOS_BACKOFF", 2.0, float),
    )


def run(args: argparse.Namespace, settings: Any, path: str) -> int:
    """The command: 0 when the check ran (findings are in the report), 2 when it could not."""
    try:
        opts = options_from(args, settings, path)
        report = run_check(opts)
    except CheckError as exc:
        print(f"check-videos: {exc}", file=sys.stderr)
        return 2
    as_json = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    text = as_json if args.format == "json" else render_text(report)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        write_text(Path(args.json), as_json)
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_text(out, text)
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def max_youtube_requests(n_ids: int) -> int:
    """The request budget of a full keyed YouTube check: one per 50 ids, plus one retry."""
    return math.ceil(n_ids / PAGE_SIZE) + 1
