"""Platform: a Sessionize event, read from its public ``view/All`` JSON API.

``https://sessionize.com/api/v2/<endpoint-id>/view/All`` returns ``{sessions, speakers,
questions, categories, rooms}`` joined by ids (no auth, no pagination). What is read:

- sessions with ``status`` "Accepted" (others skipped as "not accepted"); ``isServiceSession``
  (coffee, lunch) skipped as "break";
- ``title``, ``description`` (plain text), ``startsAt`` (local wall clock with **no offset and
  no zone anywhere in the payload**, hence the required timezone; a ``Z`` suffix is converted);
- ``speakers`` (UUIDs) -> ``speakers[].fullName``;
- ``categoryItems`` (ids) looked up in ``categories[].items``: the category named like
  "Language" -> language, like "format"/"type" -> kind, every other (Track, Level...) -> tags;
- the video: ``recordingUrl``, or the answer to a question named like "YouTube Video"/"Recording".

Attributes a conference spider sets (each may also be an ``Edition.options`` key of that name;
declared by ``SessionizeOptions``):
``sessionize_id`` (the endpoint id; the generic spider takes ``-a sessionize_id=…``),
``language_category``, ``format_category`` (regexes naming those categories), and
``video_question`` (regex naming the question that holds the recording link).

The one hook: ``post_process_item(talk, response, raw)`` with ``raw`` the session dict.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from scrapers.domain.slots import talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConferenceSpider, ConfigError
from scrapers.platforms.options import Options, option

API = "https://sessionize.com/api/v2"


def sessionize_start(value: Any, zone: ZoneInfo) -> dt.datetime | None:
    """``startsAt`` as an aware local time: naive values are wall clock in ``zone``."""
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=zone)
    return when.astimezone(zone)


@dataclass(frozen=True, kw_only=True)
class SessionizeOptions(Options):
    """``SessionizeSpider``'s options (see the module docstring)."""

    sessionize_id: str | None = option(required=True)  # -a sessionize_id=
    language_category: str = r"^(language|idioma|sprache|langue)s?$"
    format_category: str = r"(session )?(format|type)"
    video_question: str = r"(youtube|video|recording)"


class SessionizeSpider(ConferenceSpider):
    """Base of Sessionize events (see the module docstring for attributes and the hook)."""

    # ConferenceSpider: what an edition's options may say
    options_type = SessionizeOptions
    options: SessionizeOptions

    def __init__(self, *args: Any, sessionize_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessionize_id = sessionize_id or self.options.sessionize_id
        if not self.sessionize_id:
            raise ConfigError(f"{self.name}: give the endpoint id with -a sessionize_id=<id>")
        if not self.edition.timezone:
            raise ConfigError(
                f"{self.name}: Sessionize times carry no offset: give -a timezone=<Olson name>"
            )

    def api_url(self) -> str:
        """The ``view/All`` URL of the event."""
        return f"{API}/{self.sessionize_id}/view/All"

    async def start(self) -> AsyncIterator[Any]:
        """One request: ``view/All``."""
        # An API for programs: robots.txt would be one more recorded request.
        meta = {"dont_obey_robotstxt": True, "handle_httpstatus_all": True}
        yield scrapy.Request(self.api_url(), meta=meta, callback=self.parse_schedule)

    async def parse_schedule(self, response: Response) -> AsyncIterator[Event]:
        """Build the Event from ``view/All``, then add the recordings."""
        if response.status != 200:
            self.logger.error("%s: HTTP %s; no event", response.url, response.status)
            return
        try:
            data = json.loads(response.body)
            sessions = data["sessions"]
        except (ValueError, KeyError, TypeError) as exc:
            self.logger.error("%s: not a Sessionize view/All answer (%s)", response.url, exc)
            return
        event = self.new_event()
        event.source_urls.append(response.url)
        speakers = {
            str(s.get("id")): str(s.get("fullName") or "").strip()
            or f"{s.get('firstName', '')} {s.get('lastName', '')}".strip()
            for s in data.get("speakers") or []
        }
        items: dict[int, tuple[str, str]] = {}  # item id -> (category title, item name)
        for cat in data.get("categories") or []:
            for item in cat.get("items") or []:
                items[item.get("id")] = (str(cat.get("title") or ""), str(item.get("name") or ""))
        video_q = re.compile(self.options.video_question, re.I)
        video_ids = {
            q.get("id")
            for q in data.get("questions") or []
            if video_q.search(str(q.get("question") or ""))
        }
        for raw in sessions:
            talk = self.build_talk(event, raw, speakers, items, video_ids, response.url)
            if talk is not None:
                self.apply_hook(event, talk, response, raw)
        await self.collect_recordings(event)
        yield event

    def build_talk(
        self,
        event: Event,
        raw: dict[str, Any],
        speakers: dict[str, str],
        items: dict[int, tuple[str, str]],
        video_ids: set[Any],
        source_url: str,
    ) -> Talk | None:
        """The talk of one session, or None after recording why it was skipped."""
        source_id = str(raw.get("id") or "")
        title = " ".join(str(raw.get("title") or "").split())
        what = f"talk {source_id} {title!r}"
        if not title:
            event.skip(f"talk {source_id}", "invalid", "no title")
            return None
        if raw.get("isServiceSession"):
            event.skip(what, "break")
            return None
        status = raw.get("status")
        if status and status != "Accepted":
            event.skip(what, "not accepted", str(status))
            return None
        names = []
        for sid in raw.get("speakers") or []:
            sid = str(sid.get("id") if isinstance(sid, dict) else sid)
            if sid in speakers:
                names.append(speakers[sid])
            else:
                self.logger.warning("%s: %s: unknown speaker id %s", event.slug, what, sid)
        lang_re = re.compile(self.options.language_category, re.I)
        format_re = re.compile(self.options.format_category, re.I)
        language, kind_hint, tags = None, "", []
        for item_id in raw.get("categoryItems") or []:
            if item_id not in items:
                continue
            category, name = items[item_id]
            if lang_re.search(category):
                language = name
            elif format_re.search(category):
                kind_hint = name
            else:
                tags.append(name)
        videos = [str(raw["recordingUrl"]).strip()] if raw.get("recordingUrl") else []
        for answer in raw.get("questionAnswers") or []:
            value = str(answer.get("answerValue") or "").strip()
            if answer.get("questionId") in video_ids and value.startswith("http"):
                videos.append(value)
        return Talk(
            source_id=source_id,
            title=title,
            speakers=[n for n in names if n],
            description=str(raw.get("description") or "").strip(),
            description_format="text",
            start=sessionize_start(raw.get("startsAt"), self.zone),
            raw_start=str(raw.get("startsAt") or ""),
            kind=talk_kind(title, kind_hint),
            tags=tags,
            language=language,
            video_urls=list(dict.fromkeys(videos)),
            source_url=source_url,
        )
