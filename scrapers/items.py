"""Items: what a schedule says (Talk), what a video host says (Recording), and the event.

A crawl yields ONE ``Event`` item per event folder, carrying every talk and recording it found.
The unit of work is the event, not the talk, because matching talks to recordings is a global
one-to-one assignment over the whole event and slugs must be unique within it; every pipeline
therefore sees the complete event and stays a plain ``process_item`` step (no buffering in
``close_spider``, no state on the spider).

The pipelines fill in the later fields in the order of the data's journey:
clean -> curate -> speakers -> dates -> match (builds ``records``) -> dedupe -> validate -> write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Talk:
    """A talk as the schedule tells it (before any matching)."""

    source_id: str  # the schedule's id or code, unique within the event ("7GPCCR", "talk/slug")
    title: str
    speakers: list[str] = field(default_factory=list)
    description: str = ""
    description_format: str = "text"  # markdown | html | text | rst: how `clean` converts it
    description_fallback: str = ""  # set by `clean`: "escaped" | "literal" when it fell back
    start: dt.datetime | dt.date | None = None  # local, aware datetime when the schedule has times
    raw_start: str = ""  # the schedule's own spelling, for error messages
    kind: str = "talk"  # talk | keynote | tutorial | lightning | panel | workshop | plenary ...
    tags: list[str] = field(default_factory=list)
    language: str | None = None  # as the source says it ("en", "jp", "eng"); mapped by `clean`
    url: str | None = None  # the talk's page
    related_urls: list[dict[str, str]] = field(default_factory=list)
    video_urls: list[str] = field(default_factory=list)  # recording links the schedule carries
    speakers_last_first: bool = False  # the source writes "Lastname, Firstname"
    source_url: str = ""  # where it was read, for messages
    recorded: str = ""  # filled by the dates pipeline: "YYYY-MM-DD" (or date-time with offset)


@dataclass
class Recording:
    """A video as its host tells it."""

    host: str  # youtube | peertube | mp4
    video_id: str
    url: str
    title: str
    description: str = ""
    published: dt.date | None = None
    duration: int | None = None  # seconds
    thumbnail_url: str | None = None
    language: str | None = None  # the host's audio language ("en"), mapped by `clean`
    status: str = "public"  # public | private | deleted | upcoming: only public is written
    position: int = 0  # order in its playlist, for stable output
    source_url: str = ""
    # filled by the curate pipeline from the host's own metadata
    curated_title: str = ""
    curated_speakers: list[str] = field(default_factory=list)
    # reST; the curate pipeline may set a function that makes it, called on first read
    _curated_description: str | Callable[[], str] = field(default="", repr=False)
    curated_related_urls: list[dict[str, str]] = field(default_factory=list)
    recorded: dt.date | None = None  # filled by the dates pipeline

    @property
    def curated_description(self) -> str:
        """The curated description in reST, made when first read: a matched talk's own
        abstract usually wins, so most videos' texts need no reST check or conversion."""
        value = self._curated_description
        if callable(value):
            value = self._curated_description = value()
        return value

    @curated_description.setter
    def curated_description(self, value: str | Callable[[], str]) -> None:
        self._curated_description = value

    @property
    def key(self) -> str:
        """The identity of a video across the data tree: host plus the host's id."""
        return f"{self.host}:{self.video_id}"


@dataclass
class Record:
    """One pyvideo-data video record plus its provenance (the provenance is never written)."""

    data: dict[str, Any]  # the JSON object as it will be written
    video_key: str  # "youtube:<id>"; the dedupe key
    talk_id: str | None = None  # Talk.source_id when it came from the schedule
    origin: str = "schedule"  # schedule | matched | recording

    @property
    def label(self) -> str:
        """How messages name this record: the talk id or video, and the title."""
        who = self.talk_id or self.video_key
        return f"{who} {self.data.get('title', '')!r}"


@dataclass
class Skip:
    """Something the crawl saw and did not write, with the reason (for the crawl summary)."""

    what: str  # "talk 7GPCCR 'Canceled: Gotta Go Fast'" / "video youtube:abc"
    reason: (
        str  # cancelled | break | no recording yet | private | duplicate | NO_PUBLISH | invalid ...
    )
    detail: str = ""


@dataclass
class Event:
    """One event folder: its metadata, what the sources gave, and the records built from them."""

    slug: str  # the data tree folder name, e.g. "pyohio-2025"
    title: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    timezone: str | None = None  # Olson name; the talks' local zone
    language: str = "eng"  # ISO 639-3 default for talks that do not say
    license: str | None = None  # copyright_text for every record, when known
    url: str | None = None  # the conference website
    source: str = ""  # spider name
    source_urls: list[str] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    recordings: list[Recording] = field(default_factory=list)
    # playlists asked for; "" when the spider knows of none (then only schedule links are used)
    playlists: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    match_report: dict[str, Any] | None = None

    def skip(self, what: str, reason: str, detail: str = "") -> None:
        """Remember something not written; the summary and the match report count these."""
        self.skipped.append(Skip(what, reason, detail))
