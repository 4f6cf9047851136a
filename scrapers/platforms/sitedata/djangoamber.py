"""Platform: django-amber sites (PyCon UK 2016-2017), the repository read as data.

- ``schedule/<Day name>/<Room>/<HH:MM>``: a tiny YAML file per half-hour slot, either
  ``session: <type>/<slug>`` or ``title: Break | Lunch | Registration ...`` (a multi-slot session
  fills several files; its start is the earliest);
- ``sessions/<type>/<slug>.md``: YAML front matter WITHOUT an opening ``---`` (``title``,
  ``speaker`` slug or list, ``video``), then ``---`` and the Markdown body; the type is the folder;
- ``speakers/<slug>.md``: ``name``.

Day folders say "Friday 27th" with no month or year, so dates come from the edition: each day
between ``start_date`` and ``end_date`` is named by its weekday. Paths contain spaces and ``:``,
quoted in raw URLs. Sessions that no slot schedules are kept without a start (some were
recorded). A session scheduled on several days ("Lightning Talks") is one talk per day whose
title starts with the weekday ("Thursday Lightning Talks"): records of one event need titles a
reader can tell apart, and that is the form pyvideo uses for them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from scrapers.domain.slots import not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.options import option
from scrapers.platforms.sitedata import (
    GITHUB_RAW,
    SiteDataOptions,
    SiteDataSpider,
    SourceFile,
    yaml_mapping,
)
from scrapers.platforms.sitedata.pyconau import load_yaml

SLOT_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True, kw_only=True)
class DjangoAmberOptions(SiteDataOptions):
    """``DjangoAmberSpider``'s options (see its docstring)."""

    schedule_dir: str | None = option(required=True)
    sessions_dir: str | None = option(required=True)
    speakers_dir: str | None = option(required=True)
    talk_url: str | None = None
    recorded_slots: tuple[str, ...] = ()
    keynote_prefix: str = ""
    collective_speakers: tuple[str, ...] = ()


class DjangoAmberSpider(SiteDataSpider):
    """Schedule slots joined to session and speaker files.

    The session's folder (``keynote/``, ``workshop/``, ``talk/``) and title give its kind,
    through ``scrapers/domain/slots.py``.

    Edition options (``DjangoAmberOptions``), besides ``repo``, ``sha``, ``paths``:
    ``schedule_dir``, ``sessions_dir``, ``speakers_dir`` (all in ``paths``); optional
    ``talk_url`` (``{type}``/``{slug}``), ``talk_page_label``, and the edition's own data about
    what was recorded and how it is named:

    - ``recorded_slots``: titles of ``title:`` slots that were recorded plenary sessions
      ("Introduction"); each becomes a talk per day, kind ``plenary``, with no speakers;
    - ``keynote_prefix``: put before the titles of ``keynote/`` sessions ("Keynote: "), where
      the series' pyvideo records name keynotes so;
    - ``collective_speakers``: speaker slugs that stand for a group, not a person
      ("absolutely-anyone" on Lightning Talks); written as "Various speakers".
    """

    # ConferenceSpider: what an edition's options may say
    options_type = DjangoAmberOptions
    options: DjangoAmberOptions
    # SiteDataSpider: slot files have no extension
    suffixes = ("",)

    def raw_url(self, path: str) -> str:
        """Raw URL with the path quoted: slot paths hold spaces and ':'."""
        quoted = quote(path.lstrip("/"), safe="/")
        return f"{GITHUB_RAW}/{self._opt('repo')}/{self._opt('sha')}/{quoted}"

    def day_dates(self) -> dict[str, dt.date]:
        """Weekday name ("friday") -> date, for the edition's days."""
        ed = self.edition
        if ed.start_date is None or ed.end_date is None:
            return {}
        days = (ed.end_date - ed.start_date).days + 1
        dates = [ed.start_date + dt.timedelta(n) for n in range(days)]
        return {d.strftime("%A").lower(): d for d in dates}

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Speakers, then sessions, then slots; one talk per scheduled session."""
        schedule_dir = self._opt("schedule_dir")
        sessions_dir = self._opt("sessions_dir")
        speakers_dir = self._opt("speakers_dir")
        names: dict[str, str] = {}
        sessions: dict[str, tuple[SourceFile, dict[str, Any], str]] = {}
        for f in files:
            if f.path.startswith(speakers_dir) and f.path.endswith(".md"):
                meta, _ = self._front_matter(f)
                slug = f.path.rsplit("/", 1)[-1][: -len(".md")]
                if meta is not None and meta.get("name"):
                    names[slug] = self.clean_name(meta["name"], f"{f.path}: speaker {slug}")
            elif f.path.startswith(sessions_dir) and f.path.endswith(".md"):
                meta, body = self._front_matter(f)
                ref = f.path[len(sessions_dir) :][: -len(".md")]  # "talk/<slug>"
                if meta is not None:
                    sessions[ref] = (f, meta, body)
        slot_files = [f for f in files if f.path.startswith(schedule_dir)]
        starts, plenaries = self._slots(event, slot_files)
        for ref, (f, meta, body) in sessions.items():
            # an unscheduled session may still have been recorded: kept, with no start
            days = starts.get(ref) or [(None, "")]
            for slot in days:
                # a session scheduled on several days ("Lightning Talks") is one talk per day,
                # each with its own recording
                talk_ref = ref if len(days) == 1 else f"{ref}@{slot[0].date().isoformat()}"
                self._session(event, talk_ref, f, meta, body, names, slot, len(days) > 1)
        for title, days in plenaries.items():
            for when, f in days:
                self._plenary(event, title, when, f, len(days) > 1)

    def _front_matter(self, f: SourceFile) -> tuple[dict[str, Any] | None, str]:
        text = f.text[3:].lstrip("\r\n") if f.text.startswith("---") else f.text  # tolerate Jekyll
        parts = re.split(r"^---[ \t]*\r?$\n?", text, maxsplit=1, flags=re.M)
        head, body = parts[0], parts[1] if len(parts) > 1 else ""
        meta = yaml_mapping(self.logger, f.path, head, "front matter")
        return (None, "") if meta is None else (meta, body)

    def _slots(
        self, event: Event, files: list[SourceFile]
    ) -> tuple[
        dict[str, list[tuple[dt.datetime, str]]], dict[str, list[tuple[dt.datetime, SourceFile]]]
    ]:
        """Session ref -> its (earliest start, slot path) on each day it is scheduled, and
        recorded plenary slot title -> its (earliest start, slot file) on each day.

        Consecutive slots of one day are one session (a tutorial); other slots are skipped.
        """
        dates = self.day_dates()
        zone = ZoneInfo(self.edition.timezone) if self.edition.timezone else None
        starts: dict[str, dict[dt.date, tuple[dt.datetime, str]]] = {}
        recorded = {t.casefold() for t in self.options.recorded_slots}
        plenaries: dict[str, dict[dt.date, tuple[dt.datetime, SourceFile]]] = {}
        seen_slots: set[tuple[str, str]] = set()
        schedule_dir = self._opt("schedule_dir")
        for f in files:
            parts = f.path[len(schedule_dir) :].split("/")
            if len(parts) != 3:
                self.logger.warning("%s: not <day>/<room>/<HH:MM>; ignored", f.path)
                continue
            day, _room, hhmm = parts
            date = dates.get(day.split()[0].lower())
            time = SLOT_TIME.match(hhmm)
            if date is None or time is None:
                self.logger.warning(
                    "%s: day %r or time %r outside the edition's days; ignored", f.path, day, hhmm
                )
                continue
            when = dt.datetime.combine(date, dt.time(int(time[1]), int(time[2])), tzinfo=zone)
            data = load_yaml(self, f)
            if data is None:
                continue
            ref = str(data.get("session") or "").strip()
            if ref:
                per_day = starts.setdefault(ref, {})
                if date not in per_day or when < per_day[date][0]:
                    per_day[date] = (when, f.path)
                continue
            title = str(data.get("title") or "").strip()
            if title.casefold() in recorded:
                per_day_slot = plenaries.setdefault(title, {})
                if date not in per_day_slot or when < per_day_slot[date][0]:
                    per_day_slot[date] = (when, f)
            elif (title, day) not in seen_slots:  # one skip per non-talk title and day
                seen_slots.add((title, day))
                event.skip(f"slot {title!r} {day}", not_talk_reason(title) or "not a talk", f.path)
        return (
            {ref: [per_day[d] for d in sorted(per_day)] for ref, per_day in starts.items()},
            {t: [per_day[d] for d in sorted(per_day)] for t, per_day in plenaries.items()},
        )

    def _plenary(
        self, event: Event, title: str, when: dt.datetime, f: SourceFile, several: bool
    ) -> None:
        """A recorded plenary slot ("Introduction") as a talk of its day."""
        ref = f"slot/{when.date().isoformat()}/{re.sub(r'[^a-z0-9]+', '-', title.lower())}"
        talk = Talk(
            source_id=ref.strip("-"),
            title=f"{when:%A} {title}" if several else title,
            start=when,
            raw_start=f.path,
            kind="plenary",
            source_url=f.url,
        )
        self.add_talk(event, talk, {"title": title})

    def _session(
        self,
        event: Event,
        ref: str,
        f: SourceFile,
        meta: dict[str, Any],
        body: str,
        names: dict[str, str],
        slot: tuple[dt.datetime | None, str],
        several_days: bool = False,
    ) -> None:
        where = f"{f.path}: talk {ref}"
        title = str(meta.get("title") or "").strip()
        if not title:
            self.skip_untitled(event, f, ref)
            return
        if self.skip_cancelled(event, ref, title):
            return
        slugs = meta.get("speaker") or meta.get("speakers") or []
        if isinstance(slugs, str):
            slugs = [slugs]
        collective = set(self.options.collective_speakers)
        speakers = []
        for slug in slugs:
            name = "Various speakers" if slug in collective else names.get(str(slug))
            if name:
                if name not in speakers:
                    speakers.append(name)
            else:
                self.logger.info("%s: speaker: no speaker file for %r (left out)", where, slug)
        kind_folder, _, slug = ref.partition("/")
        kind = talk_kind(title, kind_folder)
        prefix = self.options.keynote_prefix
        keynote = kind_folder == "keynote"  # the folder, not a title that mentions a keynote
        if keynote and prefix and not title.lower().startswith(prefix.strip().lower()):
            title = f"{prefix}{title}"
        when, slot_path = slot
        if several_days and when is not None:
            title = f"{when:%A} {title}"
        video = str(meta.get("video") or "").strip()
        template = self.options.talk_url
        url = template.format(type=kind_folder, slug=slug) if template else None
        talk = Talk(
            source_id=ref,
            title=title,
            speakers=speakers,
            description=body.strip(),
            description_format="markdown",
            start=when,
            raw_start=slot_path,
            kind=kind,
            url=url,
            related_urls=self.page_link(url),
            video_urls=[video] if video and self.use_schedule_links() else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, meta)
