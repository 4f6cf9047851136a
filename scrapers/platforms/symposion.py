"""Platform: the PyCon US symposion fork's ``conference.json``, one file for the whole event.

The export (``https://us.pycon.org/<year>/schedule/conference.json``) is a flat list of slots,
bare (2015) or under ``{"conference": {...}, "schedule": [...]}`` (2024; the chrisjrn variant
also writes ``{"schedule": [...]}``)::

    {"name": "…", "kind": "talk", "start": "2024-05-18T10:30:00-04:00", "end": "…",
     "room": "Room 310/311", "rooms": ["Room 310/311"], "conf_key": 63, "released": true,
     "cancelled": false, "license": "CC BY", "tags": "", "description": "<p>…</p>",
     "authors": ["Ana Paula Gonzaga"], "speakers": [{"name": …}], "conf_url": "…/presentation/21/"}

What is read: ``name`` -> title, ``authors`` (else ``speakers[].name``) -> speakers,
``description`` (else ``abstract``; HTML, or Markdown when it has no tag) -> description,
``start`` -> start (naive or offset: both taken in the edition's zone), ``kind`` -> kind through
``scrapers/domain/slots.py``, ``tags`` -> tags, ``conf_url`` -> the talk page in related_urls,
``slides_url`` / ``assets_url`` -> related_urls, ``video_url`` -> the talk's video link,
``license`` (when every slot says the same) -> copyright_text.

Which slots are talks: slots.py says which titles and kind words are never talks (breaks, meals,
sprints, registration). Of the rest, a slot is a talk when it carries a presentation (``authors``
or ``conf_url``, as talks, charlas, tutorials and sponsor workshops do) or when slots.py gives
its title a talk kind of its own (keynotes, lightning talks, panels, plenaries); informational
slots, summits and other side events carry neither and are skipped as "not a talk". A poster
slot lists its posters under ``sessions`` with the slot's hard-coded times: each poster is a talk,
and a hard-coded time outside the edition's dates is dropped (``recorded`` then comes from the
video). Talks without a recording are never written (the match step), so posters and sponsor
workshops reach the data tree only when the playlist holds their video. ``released: false`` (no
recording consent) and ``cancelled: true`` are skipped with that reason; a plenary whose name is a
bare placeholder ("Keynote") is skipped as "placeholder" (its video, if any, is written from its
own metadata); a keynote without authors named "Keynote - <Name>" becomes "Keynote" by <Name>.
A slot without a presentation has no abstract: its text restates the name, at most as a link to
the speaker's page, which becomes the talk page (the description is left to the video). Names
shared by several talks with the same speakers ("Lightning Talks" on four days, no speakers) get
the start appended in the program's words ("Lightning Talks - May 17, 6pm"), so each can meet
its own video.

Attributes a conference spider sets (each may also be an ``Edition.options`` key of that name;
declared by ``SymposionOptions``):

- ``schedule_url``: the export (http(s) or ``file://``); ``-a schedule_url=…`` replaces it, so a
  new edition needs no code (with ``-a year/event/title/start/end/timezone``);
- ``talk_page_label``: the label of ``conf_url`` in related_urls (default "Presentation Webpage");
- ``kind_languages``: the export's kind words that fix a language (default ``charla`` -> spa).

The one hook: ``post_process_item(talk, response, raw)`` with ``raw`` the slot's dict (a poster's
dict for a poster) and ``response`` the export.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from scrapers.domain.slots import is_placeholder_title, not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConferenceSpider, ConfigError
from scrapers.platforms.options import Options, option

# "Keynote - Kate Chapman": the speaker of a keynote slot that has no authors.
KEYNOTE_NAME_RE = re.compile(
    r"^\s*(?P<title>keynote)(?:\s+speaker)?\s*[-–—:]\s*(?P<name>\S.*?)\s*$", re.I
)
HTML_TAG_RE = re.compile(r"<[a-zA-Z][^>]*>")
HREF_RE = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.I)


@dataclass
class Slot:
    """One slot of the export (or one poster of a poster slot), in the shape the base uses."""

    source_id: str
    name: str
    kind: str  # the export's own kind word ("talk", "charla", "plenary", "poster", ...)
    start: str
    rooms: list[str]
    authors: list[str]
    description: str
    tags: list[str]
    conf_url: str
    links: list[dict[str, str]]
    video_url: str
    released: bool
    cancelled: bool
    presentation: bool  # carries authors or a talk page
    poster: bool  # one poster of a poster slot (its time is the slot's, hard-coded)
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def split_rooms(raw: dict[str, Any]) -> list[str]:
    """The slot's rooms: ``rooms`` when given, else the comma-joined ``room`` split."""
    rooms = raw.get("rooms")
    if isinstance(rooms, list) and rooms:
        return [str(r).strip() for r in rooms if str(r).strip()]
    return [r.strip() for r in _text(raw.get("room")).split(",") if r.strip()]


def authors_of(raw: dict[str, Any]) -> list[str]:
    """``authors`` (names), else the names of ``speakers`` (objects)."""
    names = raw.get("authors")
    if not isinstance(names, list) or not names:
        names = [s.get("name") for s in raw.get("speakers") or [] if isinstance(s, dict)]
    return [" ".join(str(n).split()) for n in names if n and str(n).strip()]


def _false(value: Any) -> bool:
    return value is False or str(value).strip().lower() in {"false", "0", "no"}


def _true(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"true", "1", "yes"}


def read_slot(raw: dict[str, Any], source_id: str, poster: bool = False) -> Slot:
    """A slot (or a poster, read with its slot's times) as the base uses it."""
    links = [
        {"label": label, "url": _text(raw.get(key))}
        for key, label in (("slides_url", "Slides"), ("assets_url", "Assets"))
        if _text(raw.get(key)).startswith(("http://", "https://"))
    ]
    tags = raw.get("tags")
    tag_list = tags if isinstance(tags, list) else _text(tags).split(",")
    return Slot(
        source_id=source_id,
        name=" ".join(_text(raw.get("name") or raw.get("title")).split()),
        kind=_text(raw.get("kind")).lower(),
        start=_text(raw.get("start")),
        rooms=split_rooms(raw),
        authors=authors_of(raw),
        description=_text(raw.get("description")) or _text(raw.get("abstract")),
        tags=[str(t).strip() for t in tag_list if str(t).strip()],
        conf_url=_text(raw.get("conf_url")),
        links=links,
        video_url=_text(raw.get("video_url")),
        released=not _false(raw.get("released", True)),
        cancelled=_true(raw.get("cancelled", False)),
        presentation=bool(raw.get("authors") or raw.get("conf_url") or poster),
        poster=poster or _text(raw.get("kind")).lower() == "poster",
        raw=raw,
    )


def read_export(body: bytes) -> list[Slot]:
    """Every slot of an export, posters of a poster slot expanded (ValueError when not one)."""
    data = json.loads(body)
    items = data.get("schedule") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError("no list of slots (neither a JSON list nor a 'schedule' list)")
    slots = []
    for n, raw in enumerate(items):
        if not isinstance(raw, dict):
            raise ValueError(f"slot {n} is not an object")
        key = str(raw.get("conf_key") or f"#{n}")
        sessions = raw.get("sessions")
        if isinstance(sessions, list) and sessions:
            for m, session in enumerate(sessions, start=1):
                merged = {**raw, **{k: v for k, v in session.items() if v not in (None, "")}}
                merged.pop("sessions", None)
                merged.setdefault("start", raw.get("start"))
                slots.append(read_slot(merged, f"{key}-{m}", poster=True))
        else:
            slots.append(read_slot(raw, key))
    return slots


def parse_start(value: str, zone: ZoneInfo | None) -> dt.datetime | None:
    """An aware start: a naive time is local in ``zone``; an offset is converted to ``zone``."""
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=zone) if zone else when
    return when.astimezone(zone) if zone else when


def page_link(description: str, base_url: str) -> str | None:
    """The one page of the site a slot's text links to (made absolute), else None."""
    found = {urljoin(base_url, href.strip()) for href in HREF_RE.findall(description)}
    site = urlsplit(base_url).netloc
    pages = [
        u for u in found if u.startswith(("http://", "https://")) and urlsplit(u).netloc == site
    ]
    return pages[0] if len(pages) == 1 else None


def common_license(slots: list[Slot]) -> str | None:
    """The ``license`` every slot that says one agrees on, else None."""
    found = {_text(s.raw.get("license")) for s in slots} - {""}
    return found.pop() if len(found) == 1 else None


def when_label(start: dt.datetime) -> str:
    """A start as the program says it: "May 17, 6pm", "May 18, 5:45pm"."""
    hour = start.hour % 12 or 12
    minutes = f":{start.minute:02d}" if start.minute else ""
    return f"{start:%B} {start.day}, {hour}{minutes}{'am' if start.hour < 12 else 'pm'}"


def tell_apart(talks: list[Talk]) -> None:
    """Talks sharing title and speakers ("Lightning Talks" on four days) get their start appended.

    One name for several recordings matches none of them; the start in the program's words tells
    them apart (the form pyvideo's curators use). Keynotes titled "Keynote" differ by speaker.
    """
    by_title: dict[tuple[str, tuple[str, ...]], list[Talk]] = {}
    for talk in talks:
        key = (talk.title.casefold(), tuple(sorted(s.casefold() for s in talk.speakers)))
        by_title.setdefault(key, []).append(talk)
    for same in by_title.values():
        starts = [t.start for t in same if isinstance(t.start, dt.datetime)]
        if len(same) < 2 or len(set(starts)) != len(same):
            continue
        for talk in same:
            assert isinstance(talk.start, dt.datetime)
            talk.title = f"{talk.title} - {when_label(talk.start)}"


@dataclass(frozen=True, kw_only=True)
class SymposionOptions(Options):
    """``SymposionSpider``'s options (see the module docstring)."""

    schedule_url: str | None = option(required=True)  # -a schedule_url=
    talk_page_label: str = "Presentation Webpage"
    kind_languages: Mapping[str, str] = field(default_factory=lambda: {"charla": "spa"})


class SymposionSpider(ConferenceSpider):
    """Base of the PyCon US ``conference.json`` export (see the module docstring)."""

    # ConferenceSpider: what an edition's options may say
    options_type = SymposionOptions
    options: SymposionOptions

    def __init__(self, *args: Any, schedule_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schedule_url = schedule_url or self.options.schedule_url
        if not self.schedule_url:
            raise ConfigError(f"{self.name}: give the export with -a schedule_url=<URL>")

    async def start(self) -> AsyncIterator[Any]:
        """One request: the export (robots.txt would be one more request for a data file)."""
        meta = {"dont_obey_robotstxt": True, "handle_httpstatus_all": True}
        yield scrapy.Request(
            self.schedule_url, callback=self.parse_schedule, meta=meta, dont_filter=True
        )

    async def parse_schedule(self, response: Response) -> AsyncIterator[Event]:
        """Build the Event from the export, then add the playlists' recordings."""
        if response.status != 200:
            self.logger.error("%s: HTTP %s; no event", response.url, response.status)
            return
        try:
            slots = read_export(response.body)
        except (ValueError, TypeError, AttributeError) as exc:
            self.logger.error(
                "%s: not a symposion conference.json (%s); no event", response.url, exc
            )
            return
        self.logger.info(
            "%s: %d slots (a poster slot counted per poster)", response.url, len(slots)
        )
        event = self.new_event()
        event.source_urls.append(response.url)
        for talk, slot in self.read_talks(event, slots, response.url):
            self.apply_hook(event, talk, response, slot.raw)
        await self.collect_recordings(event)
        yield event

    def read_talks(
        self, event: Event, slots: list[Slot], source_url: str
    ) -> list[tuple[Talk, Slot]]:
        """The talks of the export (before the hook), the license set and the skips recorded."""
        event.license = event.license or common_license(slots)
        built = [(self.build_talk(event, slot, source_url), slot) for slot in slots]
        talks = [(talk, slot) for talk, slot in built if talk is not None]
        tell_apart([talk for talk, _slot in talks])
        return talks

    def build_talk(self, event: Event, slot: Slot, source_url: str) -> Talk | None:
        """The talk of one slot, or None after recording why it was skipped."""
        what = f"talk {slot.source_id} {slot.name!r}"
        if not slot.name:
            event.skip(f"talk {slot.source_id}", "invalid", f"{source_url}: no name")
            self.logger.warning("%s: slot %s has no name; skipped", source_url, slot.source_id)
            return None
        if slot.cancelled:
            event.skip(what, "cancelled")
            return None
        reason = not_talk_reason(slot.name, slot.kind)
        if reason:
            event.skip(what, reason)
            return None
        kind = talk_kind(slot.name, slot.kind)
        if not slot.presentation and kind == "talk":
            event.skip(what, "not a talk", f"{slot.kind or 'untyped'} slot without a presentation")
            return None
        if not slot.presentation and is_placeholder_title(slot.name):
            event.skip(what, "placeholder", "a plenary without its speaker or subject")
            return None
        if not slot.released:
            event.skip(what, "no recording consent", "released: false")
            return None
        start = parse_start(slot.start, self.zone)
        if start is None:
            detail = f"start {slot.start!r} is not an ISO date-time" if slot.start else "no start"
            event.skip(what, "invalid", f"{source_url}: {detail}")
            self.logger.warning("%s: %s: %s; skipped", source_url, what, detail)
            return None
        if slot.poster and not self._within_edition(start):
            self.logger.info("%s: %s: hard-coded poster time %s dropped", event.slug, what, start)
            start = None
        speakers = list(slot.authors)
        title = slot.name
        named = KEYNOTE_NAME_RE.match(slot.name)
        if not speakers and kind == "keynote" and named:
            # the name is the speaker, not the title (FORMAT.md: no speaker name in a title)
            title, speakers = named["title"], [named["name"]]
        related = list(slot.links)
        url = slot.conf_url if slot.conf_url.startswith(("http://", "https://")) else None
        description = slot.description
        if not slot.presentation:
            # a plenary's text restates its name, at most as a link to the speaker's page
            url = url or page_link(description, self.edition.url or source_url)
            description = ""
        if url:
            related.insert(0, {"label": self.options.talk_page_label, "url": url})
        html = bool(HTML_TAG_RE.search(slot.description))
        return Talk(
            source_id=slot.source_id,
            title=title,
            speakers=speakers,
            description=description,
            description_format="html" if html else "markdown",
            start=start,
            raw_start=slot.start,
            kind=kind,
            tags=list(slot.tags),
            language=self.options.kind_languages.get(slot.kind),
            url=url,
            related_urls=related,
            video_urls=[slot.video_url] if slot.video_url.startswith("http") else [],
            source_url=source_url,
        )

    def _within_edition(self, start: dt.datetime) -> bool:
        """Whether a start falls on the edition's days (unknown days: assume it does)."""
        first, last = self.edition.start_date, self.edition.end_date
        day = start.date()
        return not ((first and day < first) or (last and day > last))
