"""Platform: an Astro site's content collections built from pretalx (EuroPython ``programapi``).

EuroPython's website (``EuroPython/website``, Astro) is filled by ``EuroPython/programapi`` from
pretalx; the pretalx instance may be gone, the repository stays. Three folders are read:

- ``src/content/sessions/<CODE>.mdx``: YAML front matter (``code, title, speakers: [speaker
  slug], session_type, start/end`` with an offset, ``website_url, youtube_url, resources:
  [{resource, description}]``) and the Markdown abstract as the body;
- ``src/content/speakers/<CODE>.mdx``: front matter ``name, slug, code`` (a session names its
  speakers by slug, the file is named by code: the names are looked up by either);
- ``src/content/days/<date>.json``: the day grids, read for what the session files lack: the
  breaks and meals (``event_type: "break"``, skipped with their reason), speaker names for a
  session whose speaker file is missing, and sessions the grid lists without a file.

Talk mapping: the body is the description (Markdown, else an ``abstract`` key); ``youtube_url``
is the talk's recording (a schedule link wins in matching); ``website_url`` is the talk page in
``related_urls`` (label ``talk_page_label``), followed by the ``resources`` (label: their
description); ``session_type`` (or ``submission_type``) is the kind hint, and whether a slot is
a talk at all is asked of ``scrapers/domain/slots.py``; a slot that slots.py calls a break, sprint
or social event is skipped when it has no speakers and no recording (a recorded "Sprint
orientation" is kept), or always when its type is never a talk. ``language`` or
``content_locale``, when a file has one, is the talk's language (else the edition's).

Attributes a conference spider sets (class attributes, the defaults of every edition's options;
an edition's ``options`` override them; declared by ``AstroOptions``): ``repo``
(``"owner/name"``), ``sessions_dir``, ``speakers_dir``, ``days_dir`` (defaults:
``src/content/{sessions,speakers,days}/``; ``paths`` defaults to these folders) and
``talk_page_label`` (default "Talk URL", EuroPython 2020's label in pyvideo-data). Each edition
gives its commit: ``options={"sha": ...}``.

Arguments that replace them, so that a new edition needs no code: ``-a source=<checkout>``
(a local clone, or any folder keeping the repository's paths), or ``-a sha=<commit>``;
``-a repo=``, ``-a paths=``, ``-a sessions_dir=``, ``-a speakers_dir=``, ``-a days_dir=``; with
the edition arguments of ``ConferenceSpider`` for a year not in the table (``-a year=2023 -a
event=europython-2023 -a title="EuroPython 2023" -a start=... -a end=... -a timezone=...``).

Hook: ``post_process_item(talk, response, raw)``, ``raw`` being the session's front matter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from scrapers.domain.slots import is_never_talk_category, not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.options import default_of
from scrapers.platforms.sitedata import (
    SiteDataOptions,
    SiteDataSpider,
    SourceFile,
    split_front_matter,
    yaml_mapping,
)

MARKDOWN_SUFFIXES = (".mdx", ".md", ".markdown")
FOLDERS = ("sessions_dir", "speakers_dir", "days_dir")


@dataclass(frozen=True, kw_only=True)
class AstroOptions(SiteDataOptions):
    """``AstroMdxSpider``'s options (see the module docstring)."""

    sessions_dir: str = "src/content/sessions/"
    speakers_dir: str = "src/content/speakers/"
    days_dir: str = "src/content/days/"  # "" when the site has no day grids
    talk_page_label: str | None = "Talk URL"


def text_value(value: Any) -> str:
    """A front-matter value as one string: pretalx i18n dicts give their English text."""
    if isinstance(value, dict):
        value = value.get("en") or next(iter(value.values()), "")
    return "" if value is None else str(value).strip()


def stem(path: str) -> str:
    """A file's name without folder and suffix (the session or speaker code)."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


class AstroMdxSpider(SiteDataSpider):
    """Sessions and speakers as MDX files with YAML front matter, plus the day grids (JSON)."""

    # ConferenceSpider: what an edition's options may say
    options_type = AstroOptions
    options: AstroOptions
    # SiteDataSpider: file name suffixes read from listed folders
    suffixes: ClassVar[tuple[str, ...]] = (*MARKDOWN_SUFFIXES, ".json")

    @classmethod
    def option_defaults(cls) -> dict[str, Any]:
        """The options every edition starts from: the declared defaults under the class
        attributes, and the folders as ``paths``."""
        named = (*FOLDERS, "talk_page_label")
        values = {k: default_of(cls.options_type, k) for k in named}
        values.update(cls.class_option_values())
        defaults = {k: values[k] for k in named}
        defaults["paths"] = tuple(values[k] for k in FOLDERS if values[k])
        if values.get("repo"):
            defaults["repo"] = values["repo"]
        return defaults

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Complete every edition's options from the class attributes, then check them."""
        defaults = cls.option_defaults()
        cls.editions = {
            year: replace(ed, options={**defaults, **ed.options})
            for year, ed in cls.editions.items()
        }
        super().__init_subclass__(**kwargs)

    def __init__(
        self,
        *args: Any,
        sessions_dir: str | None = None,
        speakers_dir: str | None = None,
        days_dir: str | None = None,
        **kwargs: Any,
    ) -> None:
        folders = dict(zip(FOLDERS, (sessions_dir, speakers_dir, days_dir), strict=True))
        given = {k: v.rstrip("/") + "/" for k, v in folders.items() if v}
        super().__init__(*args, **kwargs)
        if given:
            options = {**self.edition.options, **given}
            if not kwargs.get("paths"):  # the folders read follow the folders named
                options["paths"] = tuple(p for p in (options.get(k) for k in folders) if p)
            self.edition = replace(self.edition, options=options)

    # -- files ----------------------------------------------------------------------------------

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Speakers first (names by slug and code), then the day grids, then every session."""
        opts = self.options
        sessions_dir, speakers_dir, days_dir = opts.sessions_dir, opts.speakers_dir, opts.days_dir
        names: dict[str, str] = {}
        for f in files:
            if (
                speakers_dir
                and f.path.startswith(speakers_dir)
                and f.path.endswith(MARKDOWN_SUFFIXES)
            ):
                self._speaker(f, names)
        listed: dict[str, tuple[str, str]] = {}  # code -> (title, day file) from the grids
        for f in files:
            if days_dir and f.path.startswith(days_dir) and f.path.endswith(".json"):
                self._day(event, f, names, listed)
        seen: set[str] = set()
        for f in files:
            if (
                sessions_dir
                and f.path.startswith(sessions_dir)
                and f.path.endswith(MARKDOWN_SUFFIXES)
            ):
                seen.add(stem(f.path))
                self._session(event, f, names, seen)
        for code, (title, path) in listed.items():
            if code not in seen:
                self.logger.warning(
                    "%s: talk %s %r: listed in the day grid but no file in %s; skipped",
                    path,
                    code,
                    title,
                    sessions_dir,
                )
                event.skip(f"talk {code} {title!r}", "no session file", path)

    def _front_matter(self, event: Event, f: SourceFile) -> tuple[dict[str, Any], str] | None:
        """(front matter, body) of an MDX file; a bad one is logged and skipped by file name."""
        parts = split_front_matter(f.text)
        if parts is None:
            self.logger.error("%s: no front matter; file skipped", f.path)
            event.skip(f"file {f.path}", "invalid", f"{f.path}: no front matter")
            return None
        meta = yaml_mapping(self.logger, f.path, parts[0], "front matter")
        if meta is None:
            event.skip(f"file {f.path}", "invalid", f"{f.path}: invalid front matter")
            return None
        return meta, parts[1]

    def _speaker(self, f: SourceFile, names: dict[str, str]) -> None:
        parts = split_front_matter(f.text)
        meta = yaml_mapping(self.logger, f.path, parts[0], "front matter") if parts else None
        if parts is None:
            self.logger.error("%s: no front matter; speaker file skipped", f.path)
        if not meta:
            return
        code = str(meta.get("code") or stem(f.path))
        name = self.clean_name(text_value(meta.get("name")), f"{f.path}: speaker {code}")
        if not name:
            self.logger.warning("%s: speaker %s: name: missing; file skipped", f.path, code)
            return
        for key in (meta.get("slug"), meta.get("code"), stem(f.path)):
            if key:
                names.setdefault(str(key), name)

    def _day(
        self,
        event: Event,
        f: SourceFile,
        names: dict[str, str],
        listed: dict[str, tuple[str, str]],
    ) -> None:
        try:
            data = json.loads(f.text)
        except ValueError as exc:
            self.logger.error("%s: invalid JSON (%s); file skipped", f.path, exc)
            return
        entries = data.get("events") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            self.logger.error("%s: no list of events; file skipped", f.path)
            return
        day = stem(f.path)
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                self.logger.error("%s: event %d is not an object; skipped", f.path, index)
                continue
            title = text_value(entry.get("title"))
            code = text_value(entry.get("code"))
            if entry.get("event_type") == "break" or not code:
                category = "break" if entry.get("event_type") == "break" else ""
                reason = not_talk_reason(title, category) or "not a talk"
                when = " ".join(filter(None, (day, text_value(entry.get("start"))[11:16])))
                event.skip(f"slot {title!r} {when}", reason, f.path)
                continue
            listed.setdefault(code, (title, f.path))
            people = entry.get("speakers")
            for person in people if isinstance(people, list) else []:
                if isinstance(person, dict) and text_value(person.get("name")):
                    name = self.clean_name(text_value(person["name"]), f"{f.path}: talk {code}")
                    for key in (person.get("slug"), person.get("code")):
                        if key and name:
                            names.setdefault(str(key), name)

    def _speaker_refs(self, value: Any) -> list[Any]:
        """A session's ``speakers``: a list of slugs (a lone slug or object tolerated)."""
        if value is None or value == "":
            return []
        return list(value) if isinstance(value, list | tuple) else [value]

    def _session(self, event: Event, f: SourceFile, names: dict[str, str], seen: set[str]) -> None:
        parsed = self._front_matter(event, f)
        if parsed is None:
            return
        meta, body = parsed
        code = text_value(meta.get("code")) or stem(f.path)
        seen.add(code)
        where = f"{f.path}: talk {code}"
        title = text_value(meta.get("title"))
        if not title:
            self.skip_untitled(event, f, code)
            return
        if self.skip_cancelled(event, code, title, f.path):
            return
        session_type = text_value(meta.get("session_type") or meta.get("submission_type"))
        refs = self._speaker_refs(meta.get("speakers"))
        video = text_value(meta.get("youtube_url") or meta.get("video_url"))
        reason = not_talk_reason(title, session_type)
        if reason and (not (refs or video) or is_never_talk_category(session_type)):
            event.skip(f"slot {code} {title!r}", reason, f.path)
            return
        speakers = self._speakers(refs, names, f"{where}: speakers")
        url = text_value(meta.get("website_url")) or None
        related = self.page_link(url)
        related += self._resources(meta.get("resources"), where)
        description = body.strip() or text_value(meta.get("abstract"))
        language = text_value(meta.get("language") or meta.get("content_locale")) or None
        talk = Talk(
            source_id=code,
            title=title,
            speakers=speakers,
            description=description,
            description_format="markdown",
            start=self.parse_start(meta.get("start"), where, "start"),
            raw_start=text_value(meta.get("start")),
            kind=talk_kind(title, session_type),
            language=language,
            url=url,
            related_urls=related,
            video_urls=[video] if video and self.use_schedule_links() else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, meta)

    def _speakers(self, refs: list[Any], names: dict[str, str], where: str) -> list[str]:
        """Names for slugs (or codes, or ``{name}`` objects); a dangling slug is reported."""
        out: list[str] = []
        for ref in refs:
            if isinstance(ref, dict):
                name = self.clean_name(text_value(ref.get("name")), where)
                ref = ref.get("slug") or ref.get("code") or ""
                if name:
                    out.append(name)
                    continue
            out += self.speaker_names([ref], names, where, "speaker")
        return list(dict.fromkeys(out))

    def _resources(self, value: Any, where: str) -> list[dict[str, str]]:
        """Slides and code links: ``[{resource, description}]`` (a lone mapping tolerated)."""
        if not value:
            return []
        items = [value] if isinstance(value, dict) else value
        links = []
        for item in items if isinstance(items, list) else []:
            url = text_value(item.get("resource")) if isinstance(item, dict) else text_value(item)
            if not url.startswith(("http://", "https://")):
                self.logger.warning("%s: resources: not a link %r (left out)", where, url)
                continue
            label = text_value(item.get("description")) if isinstance(item, dict) else ""
            links.append({"label": " ".join(label.split()) or url, "url": url})
        return links
