"""Platform: a pretalx instance, read through its REST API or its frab-JSON schedule export.

pretalx (pretalx.com and self-hosted instances such as cfp.pycon.fr) serves the schedule in
three machine-readable ways; the spider tries them in this order and moves on when one answers
404 or 401 (endpoint absent in that version, or the API closed to anonymous users):

1. the 2025 API, ``/api/events/<e>/submissions/?expand=slots,slots.room,...`` (``slots`` is a
   list, related objects only appear when expanded; states are filtered here, see below);
2. the legacy API (pretalx <= 2024), ``/api/events/<e>/talks/?limit=100`` (one ``slot``);
3. the schedule export ``/<e>/schedule/export/schedule.json`` (frab JSON, c3voc schema): one
   document, only the released schedule, no breaks.

API pages are ``{count, next, previous, results}`` and ``next`` is followed (the later pages
are downloaded together, their URLs read off the first ``next``: ``later_pages``). One parser reads
both API shapes, because the object layout, not the endpoint, tells them apart.

What becomes of each submission: only ``confirmed``/``accepted`` ones are kept (other states
are skipped with their state); ``do_not_record`` -> skipped ("do_not_record"); a submission type
that ``scrapers/domain/slots.py`` calls a meal, break, sprint or social event in any of its
languages (PyCon FR models lunch as a submission) -> skipped with that reason; the submission type
(English name) and title give ``kind`` through ``scrapers/domain/slots.py``, the track gives tags;
``content_locale`` / ``language`` is kept raw for the clean pipeline; resources and the talk page
go to ``related_urls``; the slot's ISO start (with its offset) is ``Talk.start``. i18n dicts
resolve to the event locale, then ``en``, then the first value.

A conference spider sets ``name`` and ``editions``; the platform reads these ``Edition.options``
(declared by ``PretalxOptions``, checked when the spider class is defined):

- ``pretalx_url``: the instance base URL (``https://cfp.pycon.fr``);
- ``pretalx_event``: the event slug on the instance (``pyconfr-2025``);
- ``api``: where to start, ``"submissions"`` (default), ``"talks"`` or ``"export"``;
- ``locale``: the event's pretalx locale for i18n values (default ``"en"``);
- ``talk_page_label``: label of the talk page in ``related_urls`` (default "Talk page").

The one hook is ``post_process_item(talk, response, raw)``; ``raw`` is the submission (API) or
frab event (export) dict.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

import scrapy
from dateutil import parser as dateparser
from scrapy.http import Response

from scrapers.domain import slots
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConferenceSpider, ConfigError
from scrapers.platforms.options import Options, option

# No ``state=confirmed`` filter: anonymous users only see the public schedule anyway, and PyCon
# FR 2025 schedules (and recorded) 4 talks still in state "accepted", which it would drop.
SUBMISSIONS_QUERY = "expand=slots,slots.room,speakers,submission_type,track,resources"
KEPT_STATES = ("confirmed", "accepted")
RETRY_STATUSES = (401, 403, 404)


PAGE_KWARGS: dict[str, Any] = {"meta": {"dont_obey_robotstxt": True}}
MAX_GUESSED_PAGES = 200  # a schedule of 10,000 submissions at 50 a page


def later_pages(first: Any) -> list[str]:
    """The URLs of the pages after ``first`` (an API page), as its ``next`` link spells them:
    ``next`` with its ``offset`` stepped by ``limit`` (or its ``page`` by one) up to ``count``.

    [] when ``first`` gives no count or its ``next`` has neither parameter: then the pages are
    found one ``next`` at a time.
    """
    if not isinstance(first, dict):
        return []
    nxt, count, results = first.get("next"), first.get("count"), first.get("results")
    if not isinstance(nxt, str) or not isinstance(count, int) or not isinstance(results, list):
        return []
    offset = re.search(r"([?&]offset=)(\d+)(?=&|$)", nxt)
    limit = re.search(r"[?&]limit=(\d+)(?=&|$)", nxt)
    if offset and limit and int(limit.group(1)) > 0:
        step, start = int(limit.group(1)), int(offset.group(2))
        values = range(start, count, step)
        found = offset
    else:
        page = re.search(r"([?&]page=)(\d+)(?=&|$)", nxt)
        if not page or not results:
            return []
        size, start = len(results), int(page.group(2))
        values = range(start, start + -(-(count - size) // size))
        found = page
    head, tail = nxt[: found.start(2)], nxt[found.end(2) :]
    return [f"{head}{value}{tail}" for value in values][:MAX_GUESSED_PAGES]


@dataclass(frozen=True, kw_only=True)
class PretalxOptions(Options):
    """``Edition.options`` of a pretalx conference (see the module docstring)."""

    pretalx_url: str | None = option(required=True)  # -a pretalx_url= (generic spider)
    pretalx_event: str | None = option(required=True)  # -a pretalx_event= (generic spider)
    api: Literal["submissions", "talks", "export"] | None = None  # None: the first endpoint
    locale: str = "en"
    talk_page_label: str = "Talk page"


def i18n(value: Any, locale: str = "en") -> str:
    """A pretalx i18n value as text: the event locale, then ``en``, then the first one."""
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in (locale, "en"):
            if value.get(key):
                return str(value[key]).strip()
        return next((str(v).strip() for v in value.values() if v), "")
    return str(value).strip()


def named(value: Any, locale: str = "en") -> str:
    """The name of an expanded object (``{"id", "name": i18n}``) or a legacy i18n value.

    Unexpanded ids (ints) carry no name and give "".
    """
    if isinstance(value, dict) and "name" in value:
        return i18n(value["name"], locale)
    if isinstance(value, (int, float, bool)):
        return ""
    return i18n(value, locale)


def talk_kind(type_name: str, title: str = "") -> str:
    """Talk kind from the submission type (English name preferred) and the title (slots.py)."""
    return slots.talk_kind(title, type_name)


def not_talk_reason(type_names: list[str]) -> str | None:
    """Why a submission type, in any of its languages, is not a recorded talk (slots.py)."""
    return next((r for r in map(slots.not_talk_type, type_names) if r), None)


def parse_iso(value: Any) -> dt.datetime | None:
    """An ISO date-time with offset (pretalx always writes one); None when absent or bad."""
    if not value:
        return None
    try:
        return dateparser.isoparse(str(value))
    except (ValueError, OverflowError):
        return None


class PretalxSpider(ConferenceSpider):
    """Base of pretalx conferences: see the module docstring for options and behaviour."""

    # ConferenceSpider: what an edition's options may say
    options_type = PretalxOptions
    options: PretalxOptions
    # PretalxSpider: the endpoints in the order they are tried
    endpoints: ClassVar[tuple[str, ...]] = ("submissions", "talks", "export")

    # -- where things are ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        url = self.options.pretalx_url
        if not url:
            raise ConfigError(f"{self.name}: give the instance with -a pretalx_url=<base URL>")
        return url.rstrip("/")

    @property
    def event_slug(self) -> str:
        slug = self.options.pretalx_event
        if not slug:
            raise ConfigError(f"{self.name}: give the pretalx event with -a pretalx_event=<slug>")
        return slug.strip("/")

    @property
    def locale(self) -> str:
        return self.options.locale or "en"

    def endpoint_url(self, endpoint: str) -> str:
        """The first URL of an endpoint ("submissions", "talks" or "export")."""
        api = f"{self.base_url}/api/events/{self.event_slug}"
        if endpoint == "submissions":
            return f"{api}/submissions/?{SUBMISSIONS_QUERY}"
        if endpoint == "talks":
            return f"{api}/talks/?limit=100"
        return f"{self.base_url}/{self.event_slug}/schedule/export/schedule.json"

    def talk_page(self, code: str) -> str:
        """The public page of a talk, ``https://<host>/<e>/talk/<code>/``."""
        return f"{self.base_url}/{self.event_slug}/talk/{code}/"

    def _request(self, url: str, endpoint: str) -> scrapy.Request:
        # The API and exports are programmatic endpoints; robots.txt would be one more request
        # to record per crawl. handle_httpstatus_all: a 404/401 is answered by the next endpoint.
        meta = {"dont_obey_robotstxt": True, "handle_httpstatus_all": True, "endpoint": endpoint}
        return scrapy.Request(url, meta=meta, callback=self.parse_schedule, dont_filter=True)

    # -- crawl ----------------------------------------------------------------------------------

    def _first_endpoint(self) -> str:
        return self.options.api or self.endpoints[0]

    async def start(self) -> AsyncIterator[Any]:
        """The first page of the edition's first endpoint."""
        endpoint = self._first_endpoint()
        yield self._request(self.endpoint_url(endpoint), endpoint)

    async def parse_schedule(self, response: Response) -> AsyncIterator[Any]:
        """Read every page of the first endpoint that answers, then yield the one Event."""
        endpoint = response.meta.get("endpoint", self._first_endpoint())
        if response.status in RETRY_STATUSES:
            order = list(self.endpoints)
            later = order[order.index(endpoint) + 1 :]
            if later:
                self.logger.info(
                    "%s: HTTP %s; trying the %s endpoint", response.url, response.status, later[0]
                )
                yield self._request(self.endpoint_url(later[0]), later[0])
            else:
                self.logger.error(
                    "%s: HTTP %s and no endpoint left; no event", response.url, response.status
                )
            return
        data = self._json(response)
        if data is None:
            return
        event = self.new_event()
        event.source_urls.append(response.url)
        if endpoint == "export":
            self.parse_export(event, data, response)
        else:
            results = await self._all_pages(event, data, response)
            if results is None:
                return
            self.parse_submissions(event, results, response)
        await self.collect_recordings(event)
        yield event

    def _json(self, response: Response) -> Any:
        if response.status != 200:
            self.logger.error("%s: HTTP %s; no event", response.url, response.status)
            return None
        try:
            return json.loads(response.body)
        except ValueError as exc:
            self.logger.error("%s: not JSON (%s); no event", response.url, exc)
            return None

    async def _all_pages(
        self, event: Event, data: Any, response: Response
    ) -> list[tuple[dict[str, Any], str]] | None:
        """The results of every page, each with the URL of its page, following ``next``.

        The pages ``next`` will name are downloaded together first (``later_pages``): following
        ``next`` one page at a time costs one round trip per page, and a schedule of 500
        submissions has ten. ``next`` still decides which pages are read, and in what order; a
        page it names that was not guessed is downloaded then.
        """
        found: list[tuple[dict[str, Any], str]] = []
        seen = {response.url}
        url = response.url
        guessed = later_pages(data)
        # a guess that fails is simply not used: the page is asked for again when ``next`` names it
        answers = await asyncio.gather(
            *(self.fetch(u, **PAGE_KWARGS) for u in guessed), return_exceptions=True
        )
        pages = zip(guessed, answers, strict=True)
        prefetched = {url: page for url, page in pages if isinstance(page, Response)}
        while True:
            if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                self.logger.error("%s: not an API page ({count, next, results})", url)
                return found or None
            found += [(r, url) for r in data["results"] if isinstance(r, dict)]
            nxt = data.get("next")
            if not nxt:
                break
            if nxt in seen:
                self.logger.error("%s: next page %s loops; stopped", url, nxt)
                break
            seen.add(nxt)
            page = prefetched.get(nxt) or await self.fetch(nxt, **PAGE_KWARGS)
            data = self._json(page)
            if data is None:
                self.logger.error("%s: page lost; talks on it are missing", nxt)
                break
            url = page.url
            event.source_urls.append(url)
        count = data.get("count") if isinstance(data, dict) else None
        if isinstance(count, int) and count != len(found):
            self.logger.warning("%s: count says %d, pages held %d", response.url, count, len(found))
        return found

    # -- the API --------------------------------------------------------------------------------

    def parse_submissions(
        self, event: Event, results: list[tuple[dict[str, Any], str]], response: Response
    ) -> None:
        """Turn API submissions (legacy or 2025 shape) into talks and skips."""
        seen: set[str] = set()
        for raw, page_url in results:
            code = str(raw.get("code") or "")
            title = i18n(raw.get("title"), self.locale)
            where = f"{page_url}: talk {code or '?'}"
            what = f"talk {code} {title!r}"
            if not code or not title:
                self.logger.error("%s: code or title missing; skipped", where)
                event.skip(what, "invalid", "no code or title")
                continue
            if code in seen:
                event.skip(what, "duplicate", page_url)
                continue
            seen.add(code)
            state = str(raw.get("state") or "confirmed")
            if state not in KEPT_STATES:
                event.skip(what, "cancelled" if state in ("canceled", "withdrawn") else state)
                continue
            type_value = raw.get("submission_type")
            type_names = self._names(type_value)
            reason = not_talk_reason(type_names)
            if reason:
                event.skip(what, reason, named(type_value, "en"))
                continue
            if raw.get("do_not_record"):
                event.skip(what, "do_not_record", "the speaker opted out of recording")
                continue
            talk = Talk(
                source_id=code,
                title=title,
                speakers=self._speakers(raw.get("speakers"), where),
                description=self._description(raw),
                description_format="markdown",
                kind=talk_kind(named(type_value, "en"), title),
                tags=self._tags(raw, type_value),
                language=raw.get("content_locale") or raw.get("language") or None,
                url=self.talk_page(code),
                source_url=page_url,
            )
            start = self._slot_start(raw)
            talk.start, talk.raw_start = parse_iso(start), str(start or "")
            if start and talk.start is None:
                self.logger.warning("%s: slot start: unparseable %r", where, start)
            talk.related_urls = self._related(talk.url, self._resources(raw, where))
            self.apply_hook(event, talk, response, raw)

    def _names(self, value: Any) -> list[str]:
        """Every localised name of a submission type (for meal/sprint detection)."""
        if isinstance(value, dict) and "name" in value:
            value = value["name"]
        if isinstance(value, dict):
            return [str(v) for v in value.values() if v]
        return [str(value)] if isinstance(value, str) else []

    def _speakers(self, value: Any, where: str) -> list[str]:
        names: list[str] = []
        for speaker in value or []:
            if isinstance(speaker, dict):
                name = str(speaker.get("name") or speaker.get("public_name") or "").strip()
                if name:
                    names.append(name)
            else:  # an unexpanded speaker code
                self.logger.warning("%s: speakers: %r is not expanded; left out", where, speaker)
        return names

    @staticmethod
    def _description(raw: dict[str, Any]) -> str:
        """``description``, else ``abstract`` (what pyvideo keeps for pretalx events)."""
        return str(raw.get("description") or raw.get("abstract") or "").strip()

    @staticmethod
    def _slot_start(raw: dict[str, Any]) -> str | None:
        """The first scheduled slot's start: legacy ``slot`` or 2025 ``slots``."""
        slots = raw.get("slots")
        if not isinstance(slots, list):
            slots = [raw.get("slot")]
        starts = sorted(str(s["start"]) for s in slots if isinstance(s, dict) and s.get("start"))
        return starts[0] if starts else None

    def _tags(self, raw: dict[str, Any], type_value: Any) -> list[str]:
        tags: list[str] = []  # kind tags come from tags.json when the record is built
        track = named(raw.get("track"), self.locale)
        if track:
            tags.append(track)
        for value in raw.get("tags") or []:
            text = named(value, self.locale) if isinstance(value, dict) else ""
            text = text or (i18n(value.get("tag")) if isinstance(value, dict) else "")
            if text:
                tags.append(text)
        return list(dict.fromkeys(tags))

    def _resources(self, raw: dict[str, Any], where: str) -> list[dict[str, str]]:
        """Slides and links: legacy ``{resource, description}``, 2025 adds ``link``; ids skipped."""
        found: list[dict[str, str]] = []
        for res in raw.get("resources") or []:
            if not isinstance(res, dict):
                self.logger.debug("%s: resources: %r is not expanded; left out", where, res)
                continue
            url = str(res.get("link") or res.get("resource") or res.get("url") or "").strip()
            if not url:
                continue
            if url.startswith("/"):
                url = self.base_url + url
            label = str(res.get("description") or res.get("title") or "Resource").strip()
            found.append({"label": label, "url": url})
        return found

    def _related(self, page: str | None, extra: list[dict[str, str]]) -> list[dict[str, str]]:
        label = self.options.talk_page_label
        urls = ([{"label": label, "url": page}] if page else []) + extra
        unique: dict[str, dict[str, str]] = {}
        for item in urls:
            unique.setdefault(item["url"], item)
        return list(unique.values())

    # -- the frab export ------------------------------------------------------------------------

    def parse_export(self, event: Event, data: Any, response: Response) -> None:
        """Turn a frab-JSON schedule export into talks (breaks are never in it)."""
        try:
            conference = data["schedule"]["conference"]
            days = conference["days"]
        except (KeyError, TypeError):
            self.logger.error("%s: not a frab schedule (schedule.conference.days)", response.url)
            return
        zone = conference.get("time_zone_name")
        if zone and not event.timezone:
            event.timezone = zone
        for name in ("start", "end"):
            value, attr = conference.get(name), f"{name}_date"
            if value and getattr(event, attr) is None:
                try:
                    setattr(event, attr, dt.date.fromisoformat(str(value)[:10]))
                except ValueError:
                    self.logger.warning("%s: conference %s: bad date %r", response.url, name, value)
        seen: set[str] = set()
        for day in days:
            for room_events in (day.get("rooms") or {}).values():
                for raw in room_events:
                    if isinstance(raw, dict):
                        self._frab_talk(event, raw, response, seen)

    def _frab_talk(
        self, event: Event, raw: dict[str, Any], response: Response, seen: set[str]
    ) -> None:
        code = str(raw.get("code") or raw.get("slug") or raw.get("guid") or raw.get("id") or "")
        title = str(raw.get("title") or "").strip()
        what = f"talk {code} {title!r}"
        where = f"{response.url}: talk {code or '?'}"
        if not code or not title:
            self.logger.error("%s: code or title missing; skipped", where)
            event.skip(what, "invalid", "no code or title")
            return
        if code in seen:  # one talk in several slots: the first (earliest day) is kept
            event.skip(what, "duplicate", "second slot")
            return
        seen.add(code)
        type_name = str(raw.get("type") or "")
        reason = not_talk_reason([type_name])
        if reason:
            event.skip(what, reason, type_name)
            return
        if raw.get("do_not_record"):
            event.skip(what, "do_not_record", "the speaker opted out of recording")
            return
        speakers = [
            str(p.get("name") or p.get("public_name") or "").strip()
            for p in raw.get("persons") or []
            if isinstance(p, dict)
        ]
        # The event's own `date`, never the day's: a frab day runs 04:00-03:59 and can end
        # on the next calendar date.
        start = parse_iso(raw.get("date"))
        if raw.get("date") and start is None:
            self.logger.warning("%s: date: unparseable %r", where, raw.get("date"))
        url = str(raw.get("url") or "") or (self.talk_page(code) if raw.get("code") else None)
        extra = [
            {"label": str(link.get("title") or "Link").strip(), "url": str(link["url"]).strip()}
            for link in [*(raw.get("links") or []), *(raw.get("attachments") or [])]
            if isinstance(link, dict) and link.get("url")
        ]
        for item in extra:
            if item["url"].startswith("/"):
                split = urlsplit(response.url)
                item["url"] = f"{split.scheme}://{split.netloc}{item['url']}"
        kind = talk_kind(type_name, title)
        tags = []  # kind tags come from tags.json when the record is built
        track = i18n(raw.get("track"), self.locale)
        if track:
            tags.append(track)
        talk = Talk(
            source_id=code,
            title=title,
            speakers=[s for s in speakers if s],
            description=self._description(raw),
            description_format="markdown",
            start=start,
            raw_start=str(raw.get("date") or ""),
            kind=kind,
            tags=tags,
            language=raw.get("language") or None,
            url=url,
            related_urls=self._related(url, extra),
            source_url=response.url,
        )
        self.apply_hook(event, talk, response, raw)
