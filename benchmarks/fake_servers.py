"""A local HTTP server with a generated conference: a pretalx API and a YouTube Data API stand-in.

``generate_event(n_talks, n_videos)`` builds a realistic event (titles, one to three speakers with
accented names, Markdown abstracts, breaks, cancelled and do-not-record submissions, keynotes) and
its playlist (videos titled ``Title - Speaker | Event 2025`` and variants, private and deleted
entries, videos of no talk). ``FakeServer(event)`` serves it on 127.0.0.1 from pre-rendered
bodies, so the server costs next to nothing next to the crawl it feeds:

- pretalx: ``/api/events/<e>/submissions/`` (2025 shape), ``/api/events/<e>/talks/`` (legacy
  shape), both ``{count, next, previous, results}`` with ``limit``/``offset``; and the frab-JSON
  export ``/<e>/schedule/export/schedule.json``;
- pentabarf: ``/<e>/schedule.xml``;
- YouTube: ``/youtube/v3/playlists``, ``/youtube/v3/playlistItems`` (pages of 50, ``pageToken``),
  ``/youtube/v3/videos`` (up to 50 ids); a request without ``X-Goog-Api-Key`` gets a 403.

Every 200 carries an ``ETag`` and ``Last-Modified`` and ``Cache-Control: max-age=<max_age>``
(default 0: revalidate every time, as the YouTube API does); a matching ``If-None-Match`` or
``If-Modified-Since`` gets a 304. ``server.counts`` tallies requests by (kind, status) and
``server.log`` keeps every requested URL in order.

    python benchmarks/fake_servers.py --talks 1000 --port 8765     # serve until Ctrl-C
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import email.utils
import hashlib
import json
import random
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape

EVENT_SLUG = "benchconf-2025"
EVENT_TITLE = "BenchConf 2025"
PLAYLIST_ID = "PLbenchconf2025generatedplaylist0"
TIMEZONE = "Europe/Paris"
PRETALX_PAGE = 50  # pretalx's default page size
YOUTUBE_PAGE = 50
LAST_MODIFIED = email.utils.formatdate(
    dt.datetime(2025, 11, 1, tzinfo=dt.UTC).timestamp(), usegmt=True
)

FIRST = [
    "Ana",
    "Bruno",
    "Chloé",
    "Dmitri",
    "Emma",
    "Fatima",
    "Giulia",
    "Hiroshi",
    "Ines",
    "Jakub",
    "Kwame",
    "Léa",
    "Mateus",
    "Nadia",
    "Olga",
    "Pablo",
    "Quentin",
    "Rania",
    "Søren",
    "Tomás",
    "Ulla",
    "Valentina",
    "Wei",
    "Xavier",
    "Yasmin",
    "Zoë",
    "Ahmed",
    "Björn",
    "Carmen",
    "Daniel",
    "Élodie",
    "Farid",
    "Grace",
    "Hugo",
    "Ingrid",
    "João",
    "Katarzyna",
    "Lars",
    "Marta",
    "Noor",
    "Oskar",
    "Priya",
    "Rafael",
    "Sakura",
    "Thiago",
    "Uma",
    "Viktor",
    "Wanjiru",
    "Yusuf",
    "Zofia",
]
LAST = [
    "García",
    "Müller",
    "Nakamura",
    "Okafor",
    "Rossi",
    "Kowalski",
    "Dubois",
    "Nguyen",
    "Schmidt",
    "Fernández",
    "Andersson",
    "O'Brien",
    "Silva",
    "Petrov",
    "Haddad",
    "Jensen",
    "Moreau",
    "Tanaka",
    "Costa",
    "Novak",
    "Ivanova",
    "Lindqvist",
    "Mensah",
    "Bianchi",
    "Sato",
    "Martínez",
    "Wójcik",
    "Lefèvre",
    "Kim",
    "Romano",
    "Hoffmann",
    "Pereira",
    "Şahin",
    "Dvořák",
    "Ødegaard",
    "Álvarez",
    "Fischer",
    "Laurent",
    "Mwangi",
    "Kaur",
    "Yilmaz",
    "Horváth",
    "Eriksen",
    "Mancini",
    "Chen",
    "Becker",
    "Roux",
]
TOPICS = [
    "type hints",
    "async I/O",
    "packaging",
    "data pipelines",
    "testing",
    "observability",
    "memory profiling",
    "the GIL",
    "free-threaded Python",
    "WebAssembly",
    "GraphQL APIs",
    "Django migrations",
    "vector search",
    "geospatial data",
    "time series",
    "accessibility",
    "static analysis",
    "continuous delivery",
    "dependency management",
    "structured logging",
    "property-based testing",
    "dataframes",
    "machine learning in production",
    "embedded devices",
    "scientific computing",
    "CLI tools",
    "documentation",
    "open source maintenance",
    "security audits",
    "caching",
    "search engines",
    "distributed tasks",
    "game development",
    "compilers",
    "education",
    "robotics",
    "climate data",
    "HTTP clients",
    "parsers",
    "code review",
]
LIBS = [
    "Django",
    "FastAPI",
    "pandas",
    "Polars",
    "NumPy",
    "pytest",
    "Hypothesis",
    "asyncio",
    "Rust",
    "Cython",
    "Pydantic",
    "SQLAlchemy",
    "Celery",
    "Dask",
    "Jupyter",
    "MicroPython",
    "uv",
    "Ruff",
    "mypy",
    "Sphinx",
    "DuckDB",
    "Arrow",
    "PyTorch",
    "scikit-learn",
    "Flask",
    "Textual",
    "Wagtail",
    "Scrapy",
    "HTMX",
    "OpenTelemetry",
]
TEMPLATES = (
    "{Topic} with {lib}",
    "Practical {topic} for {lib} users",
    "What I learned about {topic} from {lib}",
    "{Topic}: lessons from ten years of {lib}",
    "Beyond {lib}: {topic} in the real world",
    "From zero to {topic} with {lib}",
    "Demystifying {topic} in {lib}",
    "{Topic} at scale: a {lib} story",
    "Why {topic} matters for {lib} projects",
    "Building better {topic} on top of {lib}",
)
TRACKS = ("Core Python", "Web", "Data & AI", "Community", "Science", "DevOps")
TYPES = (("Talk", 70), ("Long talk", 12), ("Tutorial", 8), ("Keynote", 2), ("Lightning talks", 3))


@dataclass
class FakeTalk:
    """One generated submission (and, when ``video_id`` is set, its recording)."""

    code: str
    title: str
    speakers: list[tuple[str, str]]  # (code, name)
    abstract: str
    type_name: str
    track: str
    start: dt.datetime
    minutes: int
    state: str = "confirmed"
    do_not_record: bool = False
    video_id: str | None = None


@dataclass
class FakeVideo:
    """One playlist entry; ``status`` is public, private or deleted."""

    video_id: str
    title: str
    description: str
    published: dt.datetime
    seconds: int
    status: str = "public"


@dataclass
class FakeEvent:
    """A generated event: its talks (schedule order) and its playlist (upload order)."""

    talks: list[FakeTalk]
    videos: list[FakeVideo]
    slug: str = EVENT_SLUG
    title: str = EVENT_TITLE
    playlist: str = PLAYLIST_ID

    @property
    def recorded_talks(self) -> int:
        return sum(1 for t in self.talks if t.video_id)


def _code(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ3789") for _ in range(n))


def _video_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(rng.choice(alphabet) for _ in range(11))


def _abstract(rng: random.Random, topic: str, lib: str) -> str:
    """A Markdown abstract: paragraphs, emphasis, inline code, a list, sometimes a heading."""
    intro = (
        f"Everyone talks about **{topic}**, but few teams get it right. In this talk we look at "
        f"how `{lib.lower()}` handles it, where it breaks down, and what you can do about it."
    )
    points = "\n".join(
        f"- {p}"
        for p in rng.sample(
            [
                f"why `{topic.split()[0]}` is harder than it looks",
                "a tour of the trade-offs, with benchmarks",
                f"patterns that scale in *{lib}*",
                "mistakes we made so you don't have to",
                "testing strategies and tooling",
                "a live demo",
            ],
            3,
        )
    )
    parts = [intro, "We will cover:\n\n" + points]
    if rng.random() < 0.4:
        parts.insert(1, "### Outline")
    if rng.random() < 0.5:
        parts.append(f"Slides and code: [on GitHub](https://github.com/example/{_code(rng, 8)})")
    if rng.random() < 0.3:
        parts.append("```python\nasync def main() -> None:\n    await run()\n```")
    return "\n\n".join(parts)


def _video_title(rng: random.Random, talk: FakeTalk, event_title: str) -> str:
    """``Title - Speaker | Event 2025`` and the variants real channels use."""
    names = ", ".join(n for _, n in talk.speakers)
    roll = rng.random()
    if roll < 0.70:
        return f"{talk.title} - {names} | {event_title}"
    if roll < 0.82:
        return f"{names} - {talk.title} | {event_title}"
    if roll < 0.88:
        return f"{talk.title} ({names}) - {event_title}"
    if roll < 0.94:
        return f"{event_title} - {talk.title}"
    words = talk.title.split()  # a title edited for YouTube: shortened, lower-cased word
    return f"{' '.join(words[: max(3, len(words) - 2)])} - {names} | {event_title}"


def generate_event(n_talks: int = 1000, n_videos: int | None = None, seed: int = 2025) -> FakeEvent:
    """A reproducible event of ``n_talks`` submissions and a playlist of ``n_videos`` entries."""
    rng = random.Random(seed)
    n_videos = n_talks if n_videos is None else n_videos
    titles: set[str] = set()
    talks: list[FakeTalk] = []
    day0 = dt.datetime(2025, 10, 17, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    rooms = max(1, n_talks // 90)
    for i in range(n_talks):
        while True:
            topic, lib = rng.choice(TOPICS), rng.choice(LIBS)
            title = rng.choice(TEMPLATES).format(
                topic=topic, Topic=topic[0].upper() + topic[1:], lib=lib
            )
            if title not in titles:
                break
            title = f"{title}, part {len(titles) % 7 + 2}"
            if title not in titles:
                break
        titles.add(title)
        n_speakers = rng.choices((1, 2, 3), (85, 12, 3))[0]
        speakers = [
            (_code(rng), f"{rng.choice(FIRST)} {rng.choice(LAST)}") for _ in range(n_speakers)
        ]
        type_name = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
        minutes = {"Talk": 30, "Long talk": 45, "Tutorial": 90, "Keynote": 60}.get(type_name, 45)
        slot = i // rooms
        start = day0 + dt.timedelta(days=slot // 10 % 3, minutes=(slot % 10) * 50)
        talks.append(
            FakeTalk(
                code=_code(rng),
                title=title,
                speakers=speakers,
                abstract=_abstract(rng, topic, lib),
                type_name=type_name,
                track=rng.choice(TRACKS),
                start=start,
                minutes=minutes,
            )
        )
    for talk in rng.sample(talks, max(1, n_talks // 100)):  # breaks, cancellations, opt-outs
        roll = rng.random()
        if roll < 0.4:
            talk.type_name, talk.title = "Lunch break", f"Lunch ({talk.code})"
        elif roll < 0.7:
            talk.state = "withdrawn"
        else:
            talk.do_not_record = True
    recordable = [
        t
        for t in talks
        if t.state == "confirmed" and not t.do_not_record and "Lunch" not in t.type_name
    ]
    videos: list[FakeVideo] = []
    extra = max(2, n_videos // 50)  # openings, sponsor clips, private and deleted entries
    for talk in recordable[: max(0, n_videos - extra)]:
        talk.video_id = _video_id(rng)
        names = ", ".join(n for _, n in talk.speakers)
        description = (
            f"{talk.abstract}\n\nSpeaker: {names}\n\n"
            f"{EVENT_TITLE} - https://benchconf.example.org/2025/\n"
            "Follow us on Mastodon: https://mastodon.example/@benchconf"
        )
        videos.append(
            FakeVideo(
                video_id=talk.video_id,
                title=_video_title(rng, talk, EVENT_TITLE),
                description=description,
                published=talk.start + dt.timedelta(days=rng.randint(5, 40)),
                seconds=talk.minutes * 60 - rng.randint(0, 300),
            )
        )
    last = talks[-1].start if talks else day0
    while len(videos) < n_videos:
        k = len(videos) % 4
        status = ("public", "public", "private", "deleted")[k]
        title = (
            f"Opening session, day {len(videos) % 3 + 1} | {EVENT_TITLE}",
            f"Sponsor message {len(videos)} | {EVENT_TITLE}",
            "Private video",
            "Deleted video",
        )[k]
        videos.append(
            FakeVideo(_video_id(rng), title, "", last + dt.timedelta(days=20), 900, status)
        )
    rng.shuffle(videos)  # upload order is not schedule order
    return FakeEvent(talks, videos)


# --------------------------------------------------------------------------- rendering


def _num(text: str) -> int:
    """A stable number from a string (``hash`` changes between processes)."""
    return zlib.crc32(text.encode())


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def submission_2025(talk: FakeTalk, base: str, slug: str) -> dict[str, Any]:
    """A submission as the 2025 API returns it with ``expand=slots,slots.room,...``."""
    end = talk.start + dt.timedelta(minutes=talk.minutes)
    return {
        "code": talk.code,
        "title": talk.title,
        "speakers": [
            {"code": c, "name": n, "biography": f"{n} writes Python.", "avatar_url": None}
            for c, n in talk.speakers
        ],
        "submission_type": {"id": 1, "name": {"en": talk.type_name}},
        "track": {"id": 2, "name": {"en": talk.track}},
        "state": talk.state,
        "abstract": talk.abstract,
        "description": "",
        "duration": talk.minutes,
        "content_locale": "en",
        "do_not_record": talk.do_not_record,
        "slots": [
            {
                "start": _iso(talk.start),
                "end": _iso(end),
                "room": {"id": 3, "name": {"en": f"Room {_num(talk.track) % 5 + 1}"}},
            }
        ],
        "resources": [],
        "tags": [],
        "url": f"{base}/{slug}/talk/{talk.code}/",
    }


def talk_legacy(talk: FakeTalk, base: str, slug: str) -> dict[str, Any]:
    """A talk as the legacy (pretalx <= 2024) ``/talks/`` endpoint returns it."""
    sub = submission_2025(talk, base, slug)
    slot = sub.pop("slots")[0]
    sub["slot"] = {"start": slot["start"], "end": slot["end"], "room": slot["room"]["name"]}
    sub["submission_type"] = {"en": talk.type_name}
    sub["track"] = {"en": talk.track}
    sub["speakers"] = [{"code": c, "name": n, "biography": ""} for c, n in talk.speakers]
    return sub


def frab_export(event: FakeEvent, base: str) -> dict[str, Any]:
    """The frab-JSON schedule export (released talks only)."""
    days: dict[str, list[dict[str, Any]]] = {}
    for talk in event.talks:
        if talk.state != "confirmed":
            continue
        days.setdefault(talk.start.date().isoformat(), []).append(
            {
                "guid": talk.code,
                "code": talk.code,
                "id": _num(talk.code) % 100000,
                "date": _iso(talk.start),
                "start": talk.start.strftime("%H:%M"),
                "duration": f"{talk.minutes // 60:02d}:{talk.minutes % 60:02d}",
                "room": "Room 1",
                "slug": f"{event.slug}-{talk.code.lower()}",
                "url": f"{base}/{event.slug}/talk/{talk.code}/",
                "title": talk.title,
                "track": talk.track,
                "type": talk.type_name,
                "language": "en",
                "abstract": talk.abstract,
                "description": "",
                "do_not_record": talk.do_not_record,
                "persons": [{"code": c, "public_name": n} for c, n in talk.speakers],
                "links": [],
                "attachments": [],
            }
        )
    day_list = [
        {"index": i + 1, "date": d, "rooms": {"Room 1": talks}}
        for i, (d, talks) in enumerate(sorted(days.items()))
    ]
    return {
        "schedule": {
            "version": "1.0",
            "conference": {
                "acronym": event.slug,
                "title": event.title,
                "start": day_list[0]["date"] if day_list else "2025-10-17",
                "end": day_list[-1]["date"] if day_list else "2025-10-17",
                "daysCount": len(day_list),
                "time_zone_name": TIMEZONE,
                "days": day_list,
            },
        }
    }


def pentabarf_xml(event: FakeEvent, base: str) -> str:
    """The pentabarf XML schedule."""
    days: dict[str, list[FakeTalk]] = {}
    for talk in event.talks:
        if talk.state == "confirmed":
            days.setdefault(talk.start.date().isoformat(), []).append(talk)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<schedule>',
        f"<conference><title>{escape(event.title)}</title><acronym>{event.slug}</acronym>"
        f"<time_zone_name>{TIMEZONE}</time_zone_name></conference>",
    ]
    for i, (day, talks) in enumerate(sorted(days.items())):
        out.append(f'<day index="{i + 1}" date="{day}"><room name="Room 1">')
        for talk in talks:
            persons = "".join(
                f'<person id="{_num(c) % 9999}">{escape(n)}</person>' for c, n in talk.speakers
            )
            out.append(
                f'<event id="{_num(talk.code) % 99999}" guid="{talk.code}">'
                f"<date>{_iso(talk.start)}</date><start>{talk.start:%H:%M}</start>"
                f"<duration>{talk.minutes // 60:02d}:{talk.minutes % 60:02d}</duration>"
                f"<room>Room 1</room><slug>{talk.code.lower()}</slug>"
                f"<title>{escape(talk.title)}</title><track>{escape(talk.track)}</track>"
                f"<type>{escape(talk.type_name)}</type><language>en</language>"
                f"<abstract>{escape(talk.abstract)}</abstract><description/>"
                f"<url>{base}/{event.slug}/talk/{talk.code}/</url>"
                f"<persons>{persons}</persons><links/></event>"
            )
        out.append("</room></day>")
    out.append("</schedule>\n")
    return "\n".join(out)


def _duration(seconds: int) -> str:
    return f"PT{seconds // 60}M{seconds % 60}S"


def playlist_item(video: FakeVideo, position: int, playlist: str) -> dict[str, Any]:
    """A ``playlistItems.list`` entry (``part=snippet,contentDetails,status``)."""
    snippet: dict[str, Any] = {
        "publishedAt": "2025-11-30T10:00:00Z",
        "title": video.title,
        "description": video.description if video.status == "public" else "This video is private.",
        "playlistId": playlist,
        "position": position,
        "resourceId": {"kind": "youtube#video", "videoId": video.video_id},
        "channelTitle": "BenchConf",
    }
    details: dict[str, Any] = {"videoId": video.video_id}
    if video.status == "public":
        details["videoPublishedAt"] = video.published.astimezone(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
    privacy = "public" if video.status == "public" else "private"
    return {
        "kind": "youtube#playlistItem",
        "id": f"item{position}",
        "snippet": snippet,
        "contentDetails": details,
        "status": {
            "privacyStatus": privacy if video.status != "deleted" else "privacyStatusUnspecified"
        },
    }


def video_resource(video: FakeVideo) -> dict[str, Any]:
    """A ``videos.list`` item."""
    return {
        "kind": "youtube#video",
        "id": video.video_id,
        "snippet": {
            "publishedAt": video.published.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "title": video.title,
            "description": video.description,
            "channelTitle": "BenchConf",
            "liveBroadcastContent": "none",
            "defaultAudioLanguage": "en",
        },
        "contentDetails": {"duration": _duration(video.seconds)},
        "status": {"privacyStatus": "public", "embeddable": True},
    }


# --------------------------------------------------------------------------- serving


@dataclass
class Reply:
    """A pre-rendered response."""

    status: int
    body: bytes
    content_type: str = "application/json"
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: a crawl opening its 8 connections at once saw
    # the surplus SYNs dropped and retried a second later (1 s of a 1,000-talk crawl's 6.7 s),
    # which no real API server does
    request_queue_size = 128


class FakeServer:
    """Serves a FakeEvent on 127.0.0.1 in a background thread (``with FakeServer(ev) as s:``)."""

    def __init__(self, event: FakeEvent, port: int = 0, max_age: int = 0) -> None:
        self.event = event
        self.max_age = max_age
        self.counts: Counter[tuple[str, int]] = Counter()
        self.log: list[str] = []
        self._lock = threading.Lock()
        self._cache: dict[str, Reply] = {}
        self._videos = {v.video_id: v for v in event.videos}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                owner._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = _Server(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- lifecycle

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self) -> None:
        """Forget the counts and the log (between two crawls)."""
        with self._lock:
            self.counts.clear()
            self.log.clear()

    @property
    def youtube_url(self) -> str:
        """The value for ``-s YOUTUBE_API_URL``."""
        return f"{self.base}/youtube/v3"

    def total(self, kind: str | None = None, status: int | None = None) -> int:
        """Requests served, optionally of one kind ("pretalx", "youtube", ...) and status."""
        return sum(
            n
            for (k, s), n in self.counts.items()
            if (kind is None or k == kind) and (status is None or s == status)
        )

    # -- routing

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        kind = "youtube" if path.startswith("/youtube/") else "pretalx"
        if path.endswith(".xml"):
            kind = "pentabarf"
        if kind == "youtube" and not handler.headers.get("X-Goog-Api-Key"):
            reply = Reply(403, b'{"error": {"code": 403, "errors": [{"reason": "forbidden"}]}}')
        else:
            reply = self._cache.get(path) or self._render(path)
            if reply.status == 200:
                self._cache[path] = reply
        status = reply.status
        if status == 200 and (
            handler.headers.get("If-None-Match") == reply.etag
            or handler.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            status = 304
        with self._lock:
            self.counts[(kind, status)] += 1
            self.log.append(self.base + path)
        handler.send_response(status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Date", email.utils.formatdate(usegmt=True))
        if reply.status == 200:
            handler.send_header("ETag", reply.etag)
            handler.send_header("Last-Modified", LAST_MODIFIED)
            handler.send_header(
                "Cache-Control", f"private, max-age={self.max_age}, must-revalidate"
            )
        body = reply.body if status != 304 else b""
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _render(self, path: str) -> Reply:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        ev = self.event
        api = f"/api/events/{ev.slug}/"
        if parts.path in (api + "submissions/", api + "talks/"):
            legacy = parts.path.endswith("/talks/")
            return self._pretalx_page(parts.path, query, legacy)
        if parts.path == f"/{ev.slug}/schedule/export/schedule.json":
            return Reply(200, json.dumps(frab_export(ev, self.base)).encode())
        if parts.path == f"/{ev.slug}/schedule.xml":
            return Reply(200, pentabarf_xml(ev, self.base).encode(), "application/xml")
        if parts.path.startswith("/youtube/v3/"):
            return self._youtube(parts.path.rsplit("/", 1)[1], query)
        return Reply(404, b'{"detail": "Not found."}')

    def _pretalx_page(self, path: str, query: dict[str, str], legacy: bool) -> Reply:
        limit = min(int(query.get("limit", PRETALX_PAGE)), 1000)
        offset = int(query.get("offset", 0))
        talks = self.event.talks
        render = talk_legacy if legacy else submission_2025
        results = [render(t, self.base, self.event.slug) for t in talks[offset : offset + limit]]

        def page_url(at: int) -> str:
            params = {k: v for k, v in query.items() if k not in ("limit", "offset")}
            return f"{self.base}{path}?{urlencode({**params, 'limit': limit, 'offset': at})}"

        data = {
            "count": len(talks),
            "next": page_url(offset + limit) if offset + limit < len(talks) else None,
            "previous": page_url(max(0, offset - limit)) if offset else None,
            "results": results,
        }
        return Reply(200, json.dumps(data, ensure_ascii=False).encode())

    def _youtube(self, method: str, query: dict[str, str]) -> Reply:
        ev = self.event
        if method == "playlists":
            items = []
            if query.get("id") == ev.playlist:
                items = [{"id": ev.playlist, "snippet": {"title": ev.title}}]
            return Reply(200, json.dumps({"items": items}).encode())
        if method == "playlistItems":
            if query.get("playlistId") != ev.playlist:
                return Reply(404, b'{"error": {"errors": [{"reason": "playlistNotFound"}]}}')
            size = min(int(query.get("maxResults", 5)), YOUTUBE_PAGE)
            token = query.get("pageToken", "")
            start = int(token.removeprefix("CA")) if token.startswith("CA") else 0
            videos = ev.videos[start : start + size]
            data: dict[str, Any] = {
                "kind": "youtube#playlistItemListResponse",
                "pageInfo": {"totalResults": len(ev.videos), "resultsPerPage": size},
                "items": [playlist_item(v, start + i, ev.playlist) for i, v in enumerate(videos)],
            }
            if start + size < len(ev.videos):
                data["nextPageToken"] = f"CA{start + size}"
            return Reply(200, json.dumps(data, ensure_ascii=False).encode())
        if method == "videos":
            ids = [i for i in query.get("id", "").split(",") if i][:YOUTUBE_PAGE]
            found = [self._videos[i] for i in ids if i in self._videos]
            items = [video_resource(v) for v in found if v.status == "public"]
            return Reply(200, json.dumps({"items": items}, ensure_ascii=False).encode())
        return Reply(404, b'{"error": {"code": 404}}')


def main(argv: list[str] | None = None) -> None:
    """Serve a generated event until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=1000)
    parser.add_argument("--videos", type=int, default=None)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--max-age", type=int, default=0)
    args = parser.parse_args(argv)
    with FakeServer(generate_event(args.talks, args.videos), args.port, args.max_age) as server:
        print(f"pretalx: -a pretalx_url={server.base} -a pretalx_event={EVENT_SLUG}")
        print(f"youtube: -s YOUTUBE_API_URL={server.youtube_url} -a playlist={PLAYLIST_ID}")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
