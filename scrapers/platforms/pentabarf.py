"""Platform: a frab/pentabarf schedule export (XML, or frab's JSON), one file for the whole event.

The format is written by frab, pretalx, wafer, PyConES' Django site and others::

    <schedule><conference><title/><start/><end/></conference>
      <day date="2015-11-20"><room name="Aula 1">
        <event id="33"><date>2015-11-20T15:00:00+0100</date><start>15:00</start>
          <title/><description/><abstract/><persons><person>…</person></persons>
          <track/><type/><language/><url/><links><link href="…">label</link></links>
          <released>True</released> (wafer) <recording><optout>false</optout></recording> (frab)
        </event></room></day></schedule>

frab's JSON (``{"schedule": {"conference": {"days": [{"rooms": {name: [event]}}]}}}``) carries
the same fields and is detected by content, so one ``schedule_url`` serves both.

What is read: ``title`` (leading Markdown ``#`` markers and trailing lines dropped),
``persons`` -> speakers, ``description`` or ``abstract`` -> description, ``track`` -> tags,
``type`` -> kind, ``language``, ``url`` and ``links`` -> related_urls, the recording consent
(wafer ``released``, frab ``recording/optout`` and JSON ``do_not_record``: skipped as
"no recording consent"). Slots without persons whose title ``scrapers/domain/slots.py`` calls a
break, a meal or a social event ("Coffee Break", "CAFÉ", "Comida") are skipped with that reason.

Times: exporters label local times with wrong offsets (PyConES says ``+0100`` in CEST, DebConf17
says ``+00:00`` in Montreal). With a configured timezone, an offset that disagrees with the
zone's real offset on that date, or ``trust_offsets = False``, makes the spider take the wall
clock (``<date>`` without its offset, else ``day@date`` + ``<start>``) as local time in the zone;
a warning names the event and the first talk. Without a timezone the offsets are kept.

Attributes a conference spider sets (each may also be an ``Edition.options`` key of that name;
declared by ``PentabarfOptions``):

- ``schedule_url``: the export (http(s) or ``file://``); the generic ``pentabarf`` spider takes
  ``-a schedule_url=…``;
- ``trust_offsets``: ``None`` (default: check each offset against the zone), ``False`` (always
  use the wall clock), ``True`` (keep the offsets as written);
- ``description_format``: how descriptions are written (``markdown`` by default, ``html`` at
  FOSDEM);
- ``talk_page_label``: label of the ``<url>`` in related_urls (default "Talk Webpage");
- ``talk_pages_index`` / ``talk_pages``: an HTML page linking to every talk page (matched by
  title) and when to fetch the talk page: ``"missing_persons"`` (default) or ``"all"``. The page
  (or the index, when the page is not fetched) is the ``response`` the hook receives.

The one hook: ``post_process_item(talk, response, raw)`` with ``raw`` the ``<event>`` element
(lxml) or the JSON dict.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal
from zoneinfo import ZoneInfo

import scrapy
from lxml import etree
from rapidfuzz import fuzz, process
from scrapy.http import Response

from scrapers.domain.slots import not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConferenceSpider, ConfigError
from scrapers.platforms.options import Options, option

TRACK_NONE = {"", "no track", "default", "none"}
FALSE_WORDS = {"false", "0", "no"}
TRUE_WORDS = {"true", "1", "yes"}
MD_HEADING = re.compile(r"^\s*#+\s+")


@dataclass
class RawEvent:
    """One schedule event, read from XML or JSON into the same shape."""

    source_id: str
    title: str
    day: str  # the <day date> it is listed under
    date: str  # the event's own <date> (ISO with an offset, maybe wrong)
    start: str  # HH:MM
    persons: list[str]
    description: str
    abstract: str
    track: str
    type: str
    language: str
    url: str
    links: list[dict[str, str]]
    consent: bool
    node: Any  # the source's own object, for the hook


def clean_title(value: str) -> str:
    """The title without Markdown heading markers or the extra lines some exports append."""
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    return MD_HEADING.sub("", lines[0]).strip() if lines else ""


def break_reason(title: str) -> str | None:
    """The skip reason ("break", "meal", "social") of a slot title, as slots.py says (call only
    for slots without persons: a talk may be called "Sprinting to 1.0")."""
    reason = not_talk_reason(title)
    return reason if reason in ("break", "meal", "social") else None


def split_persons(value: str) -> list[str]:
    """One ``<person>`` that holds several full names ("Pau Freixes, Arnau Orriols")."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
        return parts
    return [value]


def _text(node: Any, path: str) -> str:
    found = node.find(path)
    return "".join(found.itertext()).strip() if found is not None else ""


def parse_xml(body: bytes) -> tuple[dict[str, str], list[RawEvent]]:
    """(conference fields, events) of a pentabarf XML export.

    Parsed strictly: a truncated or broken export is an error naming the position, never read
    as a shorter schedule (lxml's recover mode would silently keep what came before the break).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ValueError(f"broken XML at line {line}, column {column}: {exc.msg}") from None
    if root is None or root.tag != "schedule":
        raise ValueError("not a pentabarf <schedule> document")
    conf_node = root.find("conference")
    conference = {}
    if conf_node is not None:
        for key in ("title", "start", "end", "day_change", "time_zone_name"):
            conference[key] = _text(conf_node, key)
    events = []
    for day in root.iter("day"):
        for node in day.iter("event"):
            persons = [
                " ".join("".join(p.itertext()).split()) for p in node.findall("persons/person")
            ]
            links = [
                {"label": " ".join("".join(a.itertext()).split()), "url": a.get("href", "")}
                for a in node.findall("links/link")
                if a.get("href")
            ]
            released = _text(node, "released").lower()
            optout = _text(node, "recording/optout").lower()
            url = _text(node, "full_conf_url") or _text(node, "url")
            persons = [name for p in persons for name in split_persons(p)]
            events.append(
                RawEvent(
                    source_id=node.get("id") or node.get("guid") or "",
                    title=_text(node, "title"),
                    day=day.get("date", ""),
                    date=_text(node, "date"),
                    start=_text(node, "start"),
                    persons=[p for p in persons if p],
                    description=_text(node, "description"),
                    abstract=_text(node, "abstract"),
                    track=_text(node, "track"),
                    type=_text(node, "type"),
                    language=_text(node, "language"),
                    url=url,
                    links=links,
                    consent=released not in FALSE_WORDS and optout not in TRUE_WORDS,
                    node=node,
                )
            )
    return conference, events


def parse_frab_json(data: dict[str, Any]) -> tuple[dict[str, str], list[RawEvent]]:
    """(conference fields, events) of a frab JSON export."""
    conf = data["schedule"]["conference"]
    conference = {k: str(conf.get(k) or "") for k in ("title", "start", "end", "time_zone_name")}
    events = []
    for day in conf.get("days") or []:
        for room_events in (day.get("rooms") or {}).values():
            for raw in room_events or []:
                persons = [
                    str(p.get("public_name") or p.get("name") or "").strip()
                    if isinstance(p, dict)
                    else str(p).strip()
                    for p in raw.get("persons") or []
                ]
                links = [
                    {"label": str(a.get("title") or ""), "url": str(a.get("url") or "")}
                    for a in raw.get("links") or []
                    if isinstance(a, dict) and a.get("url")
                ]
                optout = (raw.get("recording") or {}).get("optout")
                events.append(
                    RawEvent(
                        source_id=str(raw.get("id") or raw.get("guid") or ""),
                        title=str(raw.get("title") or ""),
                        day=str(day.get("date") or ""),
                        date=str(raw.get("date") or ""),
                        start=str(raw.get("start") or ""),
                        persons=[p for p in persons if p],
                        description=str(raw.get("description") or "").strip(),
                        abstract=str(raw.get("abstract") or "").strip(),
                        track=str(raw.get("track") or ""),
                        type=str(raw.get("type") or ""),
                        language=str(raw.get("language") or ""),
                        url=str(raw.get("url") or ""),
                        links=links,
                        consent=not raw.get("do_not_record") and optout is not True,
                        node=raw,
                    )
                )
    return conference, events


def parse_schedule_body(body: bytes) -> tuple[str, dict[str, str], list[RawEvent]]:
    """Detect the format by content: ("json" | "xml", conference, events)."""
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return "json", *parse_frab_json(json.loads(body))
    return "xml", *parse_xml(body)


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except (ValueError, TypeError):
        return None


def wall_clock(raw: RawEvent, day_change: str = "") -> dt.datetime | None:
    """The local time as written: ``<date>`` without its offset, else day + start."""
    if raw.date:
        try:
            return dt.datetime.fromisoformat(raw.date).replace(tzinfo=None)
        except ValueError:
            pass
    day = _parse_date(raw.day)
    match = re.match(r"^(\d{1,2}):(\d{2})", raw.start)
    if day is None or match is None:
        return None
    try:
        when = dt.datetime.combine(day, dt.time(int(match[1]), int(match[2])))
    except ValueError:  # "24:30", "10:75": an impossible time, reported by the caller
        return None
    change = re.match(r"^(\d{1,2}):(\d{2})", day_change or "")
    if change and (when.hour, when.minute) < (int(change[1]), int(change[2])):
        when += dt.timedelta(days=1)  # after midnight, listed under the previous day
    return when


def written_offset(raw: RawEvent) -> dt.datetime | None:
    """``<date>`` as an aware datetime, or None when it has no offset."""
    try:
        when = dt.datetime.fromisoformat(raw.date)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def norm_title(value: str) -> str:
    """A title reduced for matching: lower case, words only."""
    return " ".join(re.findall(r"\w+", value.lower()))


@dataclass(frozen=True, kw_only=True)
class PentabarfOptions(Options):
    """``PentabarfSpider``'s options (see the module docstring)."""

    schedule_url: str | None = option(required=True)  # -a schedule_url=
    trust_offsets: bool | None = None  # -a trust_offsets=true|false
    description_format: str = "markdown"
    talk_page_label: str = "Talk Webpage"
    talk_pages_index: str | None = None
    talk_pages: Literal["missing_persons", "all"] = "missing_persons"


class PentabarfSpider(ConferenceSpider):
    """Base of frab/pentabarf exports (see the module docstring for attributes and the hook)."""

    # ConferenceSpider: what an edition's options may say
    options_type = PentabarfOptions
    options: PentabarfOptions

    def __init__(
        self,
        *args: Any,
        schedule_url: str | None = None,
        trust_offsets: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schedule_url = schedule_url or self.options.schedule_url
        if not self.schedule_url:
            raise ConfigError(f"{self.name}: give the export with -a schedule_url=<URL>")
        trust = self.options.trust_offsets if trust_offsets is None else trust_offsets
        if isinstance(trust, str):
            if trust.lower() not in TRUE_WORDS | FALSE_WORDS:
                raise ConfigError(f"{self.name}: -a trust_offsets={trust!r}: use true or false")
            trust = trust.lower() in TRUE_WORDS
        self.trust_offsets = trust

    def _request(self, url: str, **kwargs: Any) -> scrapy.Request:
        # Exports are files meant for programs; robots.txt would be one more recorded request.
        # handle_httpstatus_all: an HTTP error reaches the callback, which names the URL.
        meta = {"dont_obey_robotstxt": True, "handle_httpstatus_all": True}
        return scrapy.Request(url, meta=meta, dont_filter=True, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        """One request: the export."""
        yield self._request(self.schedule_url, callback=self.parse_schedule)

    async def parse_schedule(self, response: Response) -> AsyncIterator[Event]:
        """Build the Event from the export (plus talk pages when configured), then recordings."""
        if response.status != 200:
            self.logger.error("%s: HTTP %s; no event", response.url, response.status)
            return
        try:
            kind, conference, raws = parse_schedule_body(response.body)
        except (ValueError, KeyError, TypeError, etree.XMLSyntaxError) as exc:
            self.logger.error("%s: not a frab/pentabarf schedule (%s); no event", response.url, exc)
            return
        self.logger.info("%s: %s export with %d events", response.url, kind, len(raws))
        event = self.new_event()
        event.source_urls.append(response.url)
        self._conference_defaults(event, conference)
        index, pages = await self._talk_pages(event, raws)
        starts = self._starts(event, raws, conference.get("day_change", ""))
        for raw in raws:
            talk = self.build_talk(event, raw, starts.get(id(raw)), response.url)
            if talk is None:
                continue
            page = pages.get(raw.source_id)
            hook_response = page if page is not None else index
            self.apply_hook(event, talk, hook_response, raw.node)
        await self.collect_recordings(event)
        yield event

    def _conference_defaults(self, event: Event, conference: dict[str, str]) -> None:
        """Fill what the edition does not say from the export's <conference>."""
        if event.title == event.slug and conference.get("title"):
            event.title = conference["title"]
        event.start_date = event.start_date or _parse_date(conference.get("start", ""))
        event.end_date = event.end_date or _parse_date(conference.get("end", ""))
        zone = conference.get("time_zone_name")
        if not event.timezone and zone:
            event.timezone = zone
            self.edition = replace(self.edition, timezone=zone)

    def _starts(
        self, event: Event, raws: list[RawEvent], day_change: str
    ) -> dict[int, dt.datetime]:
        """Every event's start, aware; offsets checked against the zone (see the docstring)."""
        zone = ZoneInfo(event.timezone) if event.timezone else None
        starts: dict[int, dt.datetime] = {}
        wrong: list[tuple[RawEvent, str, str]] = []
        for raw in raws:
            local = wall_clock(raw, day_change)
            written = written_offset(raw)
            if local is None:
                continue
            if zone is None:
                starts[id(raw)] = written or local
                continue
            real = local.replace(tzinfo=zone)
            if written is not None and written.utcoffset() != real.utcoffset():
                wrong.append((raw, _fmt(written.utcoffset()), _fmt(real.utcoffset())))
            if written is not None and self.trust_offsets is True:
                starts[id(raw)] = written.astimezone(zone)
            else:
                starts[id(raw)] = real
        if wrong and self.trust_offsets is not True:
            raw, said, real_offset = wrong[0]
            self.logger.warning(
                "%s: %d of %d <date> offsets disagree with %s (talk %s %r says %s, the zone "
                "says %s); took the wall-clock time as local time in %s",
                event.slug,
                len(wrong),
                len(raws),
                event.timezone,
                raw.source_id,
                clean_title(raw.title),
                said,
                real_offset,
                event.timezone,
            )
        return starts

    def build_talk(
        self, event: Event, raw: RawEvent, start: dt.datetime | None, source_url: str
    ) -> Talk | None:
        """The talk of one schedule event, or None after recording why it was skipped."""
        title = clean_title(raw.title)
        what = f"talk {raw.source_id} {title!r}"
        if not title:
            event.skip(f"talk {raw.source_id}", "invalid", "no title")
            return None
        if not raw.persons:
            reason = break_reason(title)
            if reason:
                event.skip(what, reason)
                return None
        if not raw.consent:
            event.skip(what, "no recording consent")
            return None
        if start is None and (raw.date or raw.start.strip()) and wall_clock(raw) is None:
            # a time the export gives but no clock has ("24:30"): skipped, the rest is kept
            written = raw.date or f"{raw.day} {raw.start}".strip()
            self.logger.warning(
                "%s: %s: start: impossible time %r; skipped", source_url, what, written
            )
            event.skip(what, "invalid", f"impossible start {written!r}")
            return None
        description = raw.description or raw.abstract
        related = list(raw.links)
        url = raw.url or None
        if url and not url.startswith(("http://", "https://")):
            url = None  # wafer's relative conf_url; full_conf_url is preferred when present
        if url:
            related.insert(0, {"label": self.options.talk_page_label, "url": url})
        tags = [raw.track] if raw.track.strip().lower() not in TRACK_NONE else []
        return Talk(
            source_id=raw.source_id,
            title=title,
            speakers=list(raw.persons),
            description=description,
            description_format=self.options.description_format,
            start=start,
            raw_start=raw.date or f"{raw.day} {raw.start}".strip(),
            kind=talk_kind(title, raw.type),
            tags=tags,
            language=raw.language or None,
            url=url,
            related_urls=related,
            source_url=source_url,
        )

    async def _talk_pages(
        self, event: Event, raws: list[RawEvent]
    ) -> tuple[Response | None, dict[str, Response]]:
        """The talk index and the talk pages to fetch (by source id), when configured."""
        index_url = self.options.talk_pages_index
        if not index_url:
            return None, {}
        index = await self.fetch(index_url, meta={"dont_obey_robotstxt": True})
        if index.status != 200:
            self.logger.error("%s: talk index HTTP %s; pages not used", index_url, index.status)
            return None, {}
        event.source_urls.append(index.url)
        links = dict(self.talk_links(index))
        mode = self.options.talk_pages
        wanted: dict[str, str] = {}
        for raw in raws:
            title = clean_title(raw.title)
            if not title or (mode != "all" and raw.persons) or break_reason(title):
                continue
            found = process.extractOne(norm_title(title), list(links), scorer=fuzz.ratio)
            if found is None or found[1] < 85:
                self.logger.info("%s: talk %s %r: no talk page", event.slug, raw.source_id, title)
                continue
            wanted[raw.source_id] = links[found[0]]
        responses = await self.fetch_all(wanted.values(), meta={"dont_obey_robotstxt": True})
        pages = {}
        for source_id, resp in zip(wanted, responses, strict=True):
            if resp.status == 200:
                pages[source_id] = resp
            else:
                self.logger.warning("%s: talk page HTTP %s", resp.url, resp.status)
        return index, pages

    def talk_links(self, index: Response) -> Iterator[tuple[str, str]]:
        """(normalised title, absolute URL) of each link of the talk index page."""
        for anchor in index.css("a[href]"):
            text = " ".join(anchor.xpath("./text()").getall()).strip()
            if text:
                yield norm_title(text), index.urljoin(anchor.attrib["href"])


def _fmt(offset: dt.timedelta | None) -> str:
    if offset is None:
        return "?"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
