"""Platform: PyCon AU's site repository (2020, 2023+), one YAML file per session and per person.

Every PyCon AU site since 2020 syncs pretalx into the repository as one YAML file per session
and one per person, with the same keys; the generations differ only by folder names, which are
edition options:

- 2020 (``pyconau/2020-website``): ``data/Session/<CODE>.yml`` and ``data/Person/<CODE>.yml``;
- 2023+ (``pyconau/<year>-website``, Astro): ``src/content/sessions/<CODE>.yml`` and
  ``src/content/people/<CODE>.yml``; 2025 also ``src/content/breaks/`` (``room, start, end,
  description``: breaks and socials, never talks).

A session has ``title, start, end`` (YAML timestamps with the local offset: +09:30 Adelaide,
+10:00/+11:00 Melbourne), ``room``, ``track``, ``abstract`` and ``description`` (HTML: Markdown
rendered then bleached; a list typed in one pretalx paragraph stays as ``\\n- `` lines),
``code``, ``speakers: [CODE]``, ``youtube_slug`` (the recording's YouTube id, empty until it is
published). 2020's ``type`` is L/P/RL/RP (live/prerecorded), 2023's is talk/keynote/open-close/
special/stall, later sites drop it; 2025 marks plenary sessions with ``plenary: true``. Both are
kind hints for ``scrapers.domain.slots``. A person has ``name``. The pretalx instances are gone: the
repository is the record.

The crawl also reads the edition's YouTube playlists, if any (``collect_recordings``), so matching
has both sides in the one item; ``youtube_slug`` links win.

Edition options (``PyconAuOptions``), besides ``repo``, ``sha``, ``paths`` and
``talk_page_label``:

- ``session_dir`` and ``person_dir`` (both in ``paths``); any other folder in ``paths``, such as
  2025's ``src/content/breaks/``, holds slots that are skipped as breaks;
- ``talk_url``: the talk page, ``{code}`` filled in;
- ``list_lines``: true to turn Markdown list lines left in an HTML paragraph into a list;
- ``copyright_text``: the recordings' licence, only when the event states one.

A new edition needs no code: ``-a year=2026 -a event=pycon-au-2026 -a title=... -a start=...
-a end=... -a timezone=...`` with ``-a source=<checkout>`` or ``-a sha=<commit>`` (the latest
edition's options are carried over with the year replaced: ``pyconau/2026-website``).

Sessions without ``start`` are not on the schedule (fair stalls, "To be announced"
placeholders): skipped as "not scheduled" unless they have a recording. Spider argument
``-a schedule_links=no`` leaves the schedule's video links out, so that a benchmark measures the
fuzzy matcher rather than the links. The one hook is ``post_process_item(talk, None, raw)``
(``raw``: the session's YAML mapping).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from scrapers.domain.slots import not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.options import option
from scrapers.platforms.sitedata import (
    SiteDataOptions,
    SiteDataSpider,
    SourceFile,
    yaml_mapping,
)
from scrapers.videohosts.urls import is_video_id, watch_url

# a pretalx paragraph whose lines after the first are Markdown list items ("\n- x", "\n* x")
PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)
LIST_ITEM_RE = re.compile(r"\n[ \t]*[-*][ \t]+(?=\S)")


def load_yaml(spider: SiteDataSpider, f: SourceFile) -> dict[str, Any] | None:
    """A YAML mapping, or None (logged) when the file is not one."""
    return yaml_mapping(spider.logger, f.path, f.text)


def markdown_lists_to_html(text: str) -> str:
    """Turn Markdown list lines left inside an HTML paragraph into an HTML list.

    pretalx renders an abstract's Markdown, but a list typed without a blank line before it
    stays one paragraph (``<p>We will cover:\\n- a\\n- b</p>``), which would flow into a single
    line of text. Paragraphs without such lines are returned unchanged.
    """

    def fix(match: re.Match[str]) -> str:
        body = match[1]
        parts = LIST_ITEM_RE.split(body)
        if len(parts) < 3:  # one "- " line is more likely a dash than a list
            return match[0]
        lead, items = parts[0].strip(), [p.strip() for p in parts[1:]]
        head = f"<p>{lead}</p>" if lead else ""
        return head + "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"

    return PARAGRAPH_RE.sub(fix, text)


@dataclass(frozen=True, kw_only=True)
class PyconAuOptions(SiteDataOptions):
    """``PyconAuYamlSpider``'s options (see the module docstring)."""

    session_dir: str | None = option(required=True)
    person_dir: str | None = option(required=True)
    talk_url: str | None = None
    list_lines: bool = False
    copyright_text: str | None = None


class PyconAuYamlSpider(SiteDataSpider):
    """PyCon AU 2020, 2023+: sessions and people as YAML files, joined by person code."""

    # ConferenceSpider: what an edition's options may say
    options_type = PyconAuOptions
    options: PyconAuOptions
    # SiteDataSpider: file name suffixes read from listed folders
    suffixes = (".yml", ".yaml")

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """People first (names by code), then every session in path order, then breaks."""
        session_dir = self._opt("session_dir")
        person_dir = self._opt("person_dir")
        if self.options.copyright_text:
            event.license = self.options.copyright_text
        names: dict[str, str] = {}
        for f in files:
            if f.path.startswith(person_dir):
                data = load_yaml(self, f)
                if data is not None:
                    code = f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                    names[code] = self.clean_name(data.get("name"), f"{f.path}: person {code}")
        for f in files:
            if f.path.startswith(session_dir):
                data = load_yaml(self, f)
                if data is not None:
                    self._session(event, f, data, names)
            elif not f.path.startswith(person_dir):
                self._other_slot(event, f)

    def _other_slot(self, event: Event, f: SourceFile) -> None:
        """A file outside the session and person folders (2025 ``breaks/``): never a talk."""
        data = load_yaml(self, f)
        if data is None:
            return
        what = str(data.get("title") or data.get("description") or "").strip()
        reason = not_talk_reason(what) or "break"
        event.skip(f"slot {what!r} {data.get('start') or ''}".rstrip(), reason, f.path)

    def _session(
        self, event: Event, f: SourceFile, raw: dict[str, Any], names: dict[str, str]
    ) -> None:
        code = str(raw.get("code") or f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        where = f"{f.path}: talk {code}"
        title = str(raw.get("title") or "").strip()
        if not title:
            self.skip_untitled(event, f, code)
            return
        if self.skip_cancelled(event, code, title):
            return
        codes = raw.get("speakers") or []
        if isinstance(codes, str):
            codes = [codes]
        reason = not_talk_reason(title)
        if reason and not codes:
            event.skip(f"slot {code} {title!r}", reason, f.path)
            return
        slug = str(raw.get("youtube_slug") or "").strip()
        if not raw.get("start") and not slug:
            event.skip(f"slot {code} {title!r}", "not scheduled", f"{f.path}: no start")
            return
        speakers = self.speaker_names(codes, names, f"{where}: speakers", "person")
        # pretalx: the abstract is the summary, the description the detail; both are content.
        parts = [str(raw.get(k) or "").strip() for k in ("abstract", "description")]
        videos = self._videos(slug, where)
        template = self.options.talk_url
        url = template.format(code=code) if template else None
        # kind hints: 2020 L/P, 2023 talk/keynote/open-close/special/stall, 2025 plenary: true
        hint = " ".join([str(raw.get("type") or ""), "plenary" if raw.get("plenary") else ""])
        talk = Talk(
            source_id=code,
            title=title,
            speakers=speakers,
            description=self._description(parts),
            description_format="html",
            start=self.parse_start(raw.get("start"), where, "start"),
            raw_start=str(raw.get("start") or ""),
            kind=talk_kind(title, hint.strip()),
            url=url,
            related_urls=self.page_link(url),
            video_urls=videos if self.use_schedule_links() else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, raw)

    def _description(self, parts: list[str]) -> str:
        """Abstract then description; list lines repaired when the edition asks (``list_lines``;
        off for 2020, whose expected records predate the repair)."""
        text = "\n".join(p for p in parts if p)
        return markdown_lists_to_html(text) if self.options.list_lines else text

    def _videos(self, slug: str, where: str) -> list[str]:
        """``youtube_slug`` as a watch URL; a full URL is kept; anything else is reported."""
        if not slug:
            return []
        if "/" in slug:
            return [slug]
        if not is_video_id(slug):
            self.logger.warning("%s: youtube_slug: %r is not a YouTube id (kept)", where, slug)
        return [watch_url(slug)]
