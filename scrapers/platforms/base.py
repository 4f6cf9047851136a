"""The base of every spider: editions, the common arguments, and one Event item per crawl.

A conference spider declares its editions as data (``editions = {2025: Edition(...)}``); the
volunteer picks one with ``-a year=YYYY`` (default: the latest). Every spider accepts the common
arguments ``-a event=<slug> -a title="..." -a playlist=<id>[,<id>...]`` which override the edition.

A year that is not in the table still runs when the arguments say what the table would:
``-a year=2023 -a event=europython-2023 -a title="EuroPython 2023" -a start=... -a end=...
-a timezone=...`` (plus the platform's own, e.g. ``-a source=<folder>``). The new edition takes
the latest edition's platform options, with that edition's year replaced by the new one, so a
site that keeps its layout from year to year needs no code for a new edition.

A site that changed generator keeps one spider name: the conference spider lists the classes
that read its earlier editions in ``generations`` (nameless subclasses of another platform base,
in the same module); ``-a year`` picks the class whose ``editions`` hold that year.

Platform base classes subclass ``ConferenceSpider``, declare their edition options as a
dataclass (``options_type``, see ``scrapers/platforms/options.py``: checked for every edition
when the spider class is defined, read typed as ``self.options``) and implement
``parse_schedule``; a site's quirks go into the one hook, ``post_process_item(talk, response,
raw)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import scrapy
from scrapy.http import Response

from scrapers.domain.datatree import safe_slug
from scrapers.items import Event, Talk
from scrapers.platforms.options import (
    Options,
    OptionsError,
    declared,
    edition_only_options,
    option_problems,
    read_options,
)


class ConfigError(ValueError):
    """A spider or its arguments are incoherent; raised before any request is made."""


@dataclass(frozen=True)
class Edition:
    """One year of a conference: where its data is and what the event folder is called."""

    slug: str  # event folder, e.g. "pyohio-2025"
    title: str  # category.json title, e.g. "PyOhio 2025"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    timezone: str | None = None  # Olson name, e.g. "America/New_York"
    language: str = "eng"
    url: str | None = None  # the conference website
    playlists: tuple[str, ...] = ()  # YouTube playlist ids of the recordings
    # platform-specific (repo, sha, paths...), as the platform base's ``options_type`` declares
    options: dict[str, Any] = field(default_factory=dict)

    def opt(self, name: str, default: Any = None) -> Any:
        """A platform option as the edition writes it (a spider reads ``self.options``, typed)."""
        return self.options.get(name, default)


def parse_date(value: str | None, argument: str) -> dt.date | None:
    """Parse a ``YYYY-MM-DD`` command-line argument, naming the argument when it is wrong."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"-a {argument}={value!r} is not a date (YYYY-MM-DD)") from exc


class ConferenceSpider(scrapy.Spider):
    """Base spider. Attributes a subclass sets:

    - ``name``: the spider name, its module in ``spiders/`` with ``_`` for ``-``;
    - ``editions``: ``{year: Edition}``; generic platform spiders leave it empty and take
      ``-a event=... -a title=...`` instead.

    Arguments: ``year``, ``event``, ``title``, ``playlist`` (comma list), ``start``, ``end``.

    An option may also be a class attribute of the spider (``trust_offsets = False``): the
    default of every edition of that spider, below the edition's own ``options``.
    """

    # ConferenceSpider
    editions: ClassVar[dict[int, Edition]] = {}
    # ConferenceSpider: nameless spider classes reading the site's earlier generations
    generations: ClassVar[tuple[type[ConferenceSpider], ...]] = ()
    # ConferenceSpider: the platform's declaration of ``Edition.options`` (a platform base sets it)
    options_type: ClassVar[type[Options]] = Options
    # the selected edition's options, typed (set with ``self.edition``)
    options: Options
    # arguments an edition given by arguments needs (checked with one message naming them all)
    NEW_EDITION_ARGS: ClassVar[tuple[str, ...]] = ("event", "title", "start", "end", "timezone")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Check every edition's options against ``options_type``, once, as the class is defined.

        An unknown or misspelt key, a missing required one or a value of the wrong type is one
        ``ConfigError`` naming the spider, the year and the key, raised on import: ``scrapy
        list``, the smoke test and ``scrapy conventions`` all stop there, before any crawl.
        """
        super().__init_subclass__(**kwargs)
        problems = cls.edition_option_problems()
        if problems:
            who = getattr(cls, "name", None) or cls.__name__
            raise ConfigError(f"{who}: " + "; ".join(problems))

    @classmethod
    def class_option_values(cls) -> dict[str, Any]:
        """The options the spider (or a base) sets as class attributes, by name."""
        found: dict[str, Any] = {}
        for name in declared(cls.options_type):
            for klass in cls.__mro__:
                if name in vars(klass):
                    value = vars(klass)[name]
                    if not callable(value) and not isinstance(
                        value, property | classmethod | staticmethod
                    ):
                        found[name] = value
                    break
        return found

    @classmethod
    def check_options(cls, edition: Edition) -> list[str]:
        """What is wrong with one edition of the table's options (the class attributes count)."""
        return option_problems(cls.options_type, {**cls.class_option_values(), **edition.options})

    @classmethod
    def edition_option_problems(cls) -> list[str]:
        """``edition <year>: <problem>`` for each edition whose options break the declaration
        (the class attributes alone when the spider has no editions)."""
        editions = {y: e for y, e in cls.editions.items() if isinstance(e, Edition)}
        if not editions:
            defaults = cls.class_option_values()
            problems = option_problems(cls.options_type, defaults, complete=False)
            return [f"class attribute {p}" for p in problems]
        return [f"edition {y}: {p}" for y, ed in editions.items() for p in cls.check_options(ed)]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ConferenceSpider:
        """The spider of the generation whose editions hold ``-a year`` (usually ``cls``)."""
        generation = cls.generation_for(kwargs.get("year"))
        if generation is not cls:
            kwargs.setdefault("name", cls.name)
            return generation.from_crawler(crawler, *args, **kwargs)
        return super().from_crawler(crawler, *args, **kwargs)

    @classmethod
    def generation_for(cls, year: Any) -> type[ConferenceSpider]:
        """The class (``cls`` or one of ``generations``) that reads ``year``."""
        try:
            wanted = int(year)
        except (TypeError, ValueError):
            return cls
        if wanted in cls.editions:
            return cls
        return next((g for g in cls.generations if wanted in g.editions), cls)

    @classmethod
    def all_editions(cls) -> dict[int, Edition]:
        """Every edition the spider name serves, across the site's generations."""
        found: dict[int, Edition] = {}
        for generation in (*cls.generations, cls):
            found.update(generation.editions)
        return dict(sorted(found.items()))

    def __init__(
        self,
        *args: Any,
        year: str | None = None,
        event: str | None = None,
        title: str | None = None,
        playlist: str | None = None,
        start: str | None = None,
        end: str | None = None,
        timezone: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        given = {"event": event, "title": title, "start": start, "end": end, "timezone": timezone}
        self.edition = self.select_edition(year, given)
        changes: dict[str, Any] = {}
        if event:
            changes["slug"] = event
        if title:
            changes["title"] = title
        if playlist is not None:
            changes["playlists"] = tuple(p.strip() for p in playlist.split(",") if p.strip())
        if start:
            changes["start_date"] = parse_date(start, "start")
        if end:
            changes["end_date"] = parse_date(end, "end")
        if timezone:
            changes["timezone"] = timezone
        if changes:
            self.edition = replace(self.edition, **changes)
        if not self.edition.slug:
            raise ConfigError(f"{self.name}: give the event folder with -a event=<event-slug>")
        if problem := safe_slug(self.edition.slug):
            raise ConfigError(f"{self.name}: -a event={self.edition.slug!r}: {problem}")
        self.zone: ZoneInfo | None = None  # the edition's timezone, checked once here
        if self.edition.timezone:
            try:
                self.zone = ZoneInfo(self.edition.timezone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ConfigError(
                    f"{self.name}: unknown timezone {self.edition.timezone!r}"
                ) from exc

    @property
    def edition(self) -> Edition:
        """The selected edition; setting it (arguments change it) reads its options again."""
        return self._edition

    @edition.setter
    def edition(self, value: Edition) -> None:
        values = {**self.class_option_values(), **value.options}
        try:
            # an edition built from arguments may still lack a required option: the base
            # names the argument that gives it
            self.options = read_options(self.options_type, values, complete=False)
        except OptionsError as exc:
            raise ConfigError(f"{self.name}: {value.slug or 'edition'}: {exc}") from exc
        self._edition = value

    def select_edition(
        self, year: str | None, given: dict[str, str | None] | None = None
    ) -> Edition:
        """The edition for ``-a year``; the latest when no year is given.

        A year missing from the table is built from the arguments (``given``) when they name
        the event; otherwise the error lists the known years and the arguments that would do.
        """
        if not self.editions:
            return Edition(slug="", title="")
        if year is None:
            return self.editions[max(self.editions)]
        try:
            return self.editions[int(year)]
        except (KeyError, ValueError):
            pass
        known = ", ".join(str(y) for y in sorted(type(self).all_editions()))
        given = given or {}
        how = " ".join(f"-a {arg}=..." for arg in self.NEW_EDITION_ARGS)
        if not re.fullmatch(r"(19|20)\d\d", str(year)):
            raise ConfigError(f"{self.name}: -a year={year!r} is not a year; known years: {known}")
        if not given.get("event"):
            raise ConfigError(
                f"{self.name}: no edition for year {year}; known years: {known} "
                f"(or describe it: {how})"
            )
        missing = [arg for arg in self.NEW_EDITION_ARGS if not given.get(arg)]
        if missing:
            raise ConfigError(
                f"{self.name}: year {year} is not in the table; give "
                + " ".join(f"-a {arg}=..." for arg in missing)
            )
        return self.edition_from_arguments(int(year))

    def edition_from_arguments(self, year: int) -> Edition:
        """A new edition like the latest one: its options carried over, its year replaced.

        Slug, title, dates and timezone come from the arguments (applied by ``__init__``).
        """
        latest_year = max(self.editions)
        latest = self.editions[latest_year]

        def renew(value: Any) -> Any:
            if isinstance(value, str):
                return value.replace(str(latest_year), str(year))
            if isinstance(value, tuple | list):
                return type(value)(renew(v) for v in value)
            return value

        edition_only = edition_only_options(self.options_type)
        options = {
            key: renew(value) for key, value in latest.options.items() if key not in edition_only
        }
        return Edition(
            slug="",
            title="",
            language=latest.language,
            url=renew(latest.url),
            options=options,
        )

    def new_event(self) -> Event:
        """An empty Event item for the selected edition."""
        ed = self.edition
        return Event(
            slug=ed.slug,
            title=ed.title or ed.slug,
            start_date=ed.start_date,
            end_date=ed.end_date,
            timezone=ed.timezone,
            language=ed.language,
            url=ed.url,
            source=self.name,
            playlists=list(ed.playlists),
        )

    async def fetch(self, url: str, **kwargs: Any) -> Response:
        """Download one more response inside a callback (Scrapy's documented inline-request way).

        Downloader middlewares (HTTP cache, record/replay, retries) apply as to any request.
        """
        request = scrapy.Request(url, dont_filter=True, **kwargs)
        return await self.crawler.engine.download_async(request)

    async def fetch_all(self, urls: Iterable[str], **kwargs: Any) -> list[Response]:
        """Download several responses concurrently (the downloader's limits still apply)."""
        import asyncio

        return list(await asyncio.gather(*(self.fetch(url, **kwargs) for url in urls)))

    def use_schedule_links(self) -> bool:
        """False with ``-a schedule_links=no``: ignore the schedule's own video links.

        Used to measure matching on its own (benchmarks); a schedule link normally wins.
        """
        value = str(getattr(self, "schedule_links", "yes")).strip().lower()
        return value not in {"0", "no", "false", "off"}

    def post_process_item(self, talk: Talk, response: Response | None, raw: Any) -> Talk | None:
        """The one hook for a site's quirks: adjust a talk, or return None to leave it out.

        ``raw`` is the source's own object for the talk (a dict, a YAML mapping, an XML node).
        """
        return talk

    def apply_hook(self, event: Event, talk: Talk, response: Response | None, raw: Any) -> None:
        """Run the hook and add the talk to the event, or record that the hook left it out."""
        result = self.post_process_item(talk, response, raw)
        if result is None:
            event.skip(f"talk {talk.source_id} {talk.title!r}", "left out by the spider")
        else:
            event.talks.append(result)

    async def collect_recordings(self, event: Event) -> None:
        """Add the recordings of every video host the crawl names, in the registry's order.

        Each host answers to one argument (``scrapers/videohosts/``): ``-a playlist=<id>,...``
        (the edition's ``playlists``), ``-a peertube=<instance URL>/<c|a|video-playlists>/<name>``
        (the edition's ``options["peertube"]``). A host error ends the crawl with one actionable
        line and no Event, so nothing already in the data tree is touched.
        """
        from scrapy.exceptions import CloseSpider

        from scrapers.videohosts import HostError
        from scrapers.videohosts.registry import HOSTS

        for host in HOSTS.values():
            try:
                async for page_url, recordings in host.recordings(self, event):
                    offset = len(event.recordings)
                    for recording in recordings:
                        recording.position += offset
                    event.recordings.extend(recordings)
                    event.source_urls.append(page_url)
            except HostError as exc:
                self.logger.error("%s: %s", event.slug, exc)
                raise CloseSpider(f"{host.name}_error") from exc

    async def start(self) -> AsyncIterator[Any]:
        """Platform bases yield their first request here."""
        raise NotImplementedError(f"{type(self).__name__} must implement start()")
        yield  # pragma: no cover
