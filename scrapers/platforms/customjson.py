"""Platform: a site's own JSON list of sessions (one object per session, no standard schema).

Sites such as PyCon JP 2019 (Nuxt ``assets/sessions.json``) publish a flat list whose keys are
their own; a spider maps them with ``Edition.options`` (``CustomJsonOptions``) instead of code:

- ``sessions_url``: the JSON document (a list, or an object holding it under ``sessions_key``);
- ``fields``: ``{role: key}`` for the roles ``id, title, speakers, description, abstract, day,
  slot, time, language, video, slides, kind, tags`` (a missing role is simply not read);
- ``description_format``: ``text`` (default), ``markdown`` or ``html``, for ``clean``;
- ``speaker_separator``: regex splitting the speaker string (default ``;``);
- ``skip_kinds``: ``{kind value: skip reason}`` for sessions that are not recorded talks
  (posters, job fairs).

The ``kind`` value ("keynote", "lt") and the title give the talk's kind through
``scrapers/domain/slots.py``.

Times: ``day`` is an ordinal ("1" is the edition's ``start_date``); ``time`` ("11:25 - 12:10")
adds the clock time in the edition's timezone when present; ``slot`` (an ordinal within the
day) only orders talks. Without a day the talk has no date (posters).
The one hook is ``post_process_item(talk, response, raw)``; ``raw`` is the session dict.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from scrapers.domain.slots import talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConferenceSpider
from scrapers.platforms.options import Options, option

CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})")
# the roles ``fields`` maps to the document's keys
ROLES = "id title speakers description abstract day slot time language video slides kind tags"


@dataclass(frozen=True, kw_only=True)
class CustomJsonOptions(Options):
    """``CustomJsonSpider``'s options (see the module docstring)."""

    sessions_url: str | None = option(required=True)
    fields: Mapping[str, str] = option(required=True, default_factory=dict)  # role -> key
    sessions_key: str | None = None
    description_format: str = "text"
    speaker_separator: str = ";"
    skip_kinds: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.fields) - set(ROLES.split()))
        if unknown:
            raise ValueError(f"option 'fields': unknown roles {unknown} (roles: {ROLES})")
        if self.fields and not self.fields.get("title"):
            raise ValueError("option 'fields' maps no 'title'")


def session_start(
    day: Any, time: Any, first_day: dt.date | None, zone: str | None
) -> dt.datetime | dt.date | None:
    """The local start from a day ordinal and an optional "HH:MM - HH:MM" time."""
    try:
        ordinal = int(str(day).strip())
    except ValueError:
        return None
    if first_day is None or ordinal < 1:
        return None
    date = first_day + dt.timedelta(days=ordinal - 1)
    match = CLOCK.match(str(time or ""))
    if not match or not zone:
        return date
    return dt.datetime.combine(date, dt.time(int(match[1]), int(match[2])), tzinfo=ZoneInfo(zone))


def session_kind(value: str, title: str = "") -> str:
    """The kind of a session from the site's format name ("keynote", "lt") and its title."""
    return talk_kind(title, value.replace("_", " "))


class CustomJsonSpider(ConferenceSpider):
    """Base of sites with their own session JSON (see the module docstring for options)."""

    # ConferenceSpider: what an edition's options may say
    options_type = CustomJsonOptions
    options: CustomJsonOptions

    def field(self, raw: dict[str, Any], role: str) -> str:
        """The raw value of a role as stripped text ("" when unmapped or empty)."""
        key = self.options.fields.get(role)
        value = raw.get(key) if key else None
        return "" if value is None else str(value).strip()

    async def start(self) -> AsyncIterator[Any]:
        meta = {"dont_obey_robotstxt": True}
        url = self.options.sessions_url
        yield scrapy.Request(url, meta=meta, callback=self.parse_schedule, dont_filter=True)

    async def parse_schedule(self, response: Response) -> AsyncIterator[Event]:
        """Every session of the document as a talk (or a skip), then the recordings."""
        try:
            data = json.loads(response.body)
        except ValueError as exc:
            self.logger.error("%s: not JSON (%s); no event", response.url, exc)
            return
        key = self.options.sessions_key
        sessions = data.get(key) if key and isinstance(data, dict) else data
        if not isinstance(sessions, list):
            self.logger.error("%s: no list of sessions; no event", response.url)
            return
        event = self.new_event()
        event.source_urls.append(response.url)
        rows = [s for s in sessions if isinstance(s, dict)]
        rows.sort(key=lambda s: (self._ordinal(s, "day"), self._ordinal(s, "slot")))
        for raw in rows:
            talk = self.build_talk(event, raw, response.url)
            if talk is not None:
                self.apply_hook(event, talk, response, raw)
        await self.collect_recordings(event)
        yield event

    def _ordinal(self, raw: dict[str, Any], role: str) -> int:
        value = self.field(raw, role)
        return int(value) if value.isdigit() else 10**6

    def build_talk(self, event: Event, raw: dict[str, Any], url: str) -> Talk | None:
        """One session as a Talk; None (with a skip) when it is not a recorded talk."""
        source_id, title = self.field(raw, "id"), self.field(raw, "title")
        what = f"talk {source_id} {title!r}"
        if not source_id or not title:
            event.skip(what, "invalid", "no id or title")
            return None
        kind_value = self.field(raw, "kind")
        reason = self.options.skip_kinds.get(kind_value)
        if reason:
            event.skip(what, reason, kind_value)
            return None
        separator = self.options.speaker_separator
        speakers = [" ".join(s.split()) for s in re.split(separator, self.field(raw, "speakers"))]
        talk = Talk(
            source_id=source_id,
            title=title,
            speakers=[s for s in speakers if s],
            description=self.field(raw, "description") or self.field(raw, "abstract"),
            description_format=self.options.description_format,
            kind=session_kind(kind_value, title),
            tags=[t for t in [self.field(raw, "tags")] if t],
            language=self.field(raw, "language") or None,
            source_url=url,
        )
        day, time = self.field(raw, "day"), self.field(raw, "time")
        talk.start = session_start(day, time, self.edition.start_date, self.edition.timezone)
        talk.raw_start = f"day {day} slot {self.field(raw, 'slot')} {time}".strip()
        video = self.field(raw, "video")
        if video and self.use_schedule_links():
            talk.video_urls.append(video)
        slides = self.field(raw, "slides")
        if slides:
            talk.related_urls.append({"label": "Presentation slides", "url": slides})
        return talk
