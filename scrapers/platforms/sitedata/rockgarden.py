"""Platform: a "rockgarden" static site's Markdown pages, one per talk, generated from pretalx.

PyOhio moved from a ``talks.json`` (``TalksJsonSpider``) to this generator in 2026. Its program
folder holds Markdown pages whose YAML front matter says what the page is (``page_type``):

- ``talk``: one talk, ``code`` (pretalx), ``title``, ``type`` ("30 Minute Talk", "Keynote"),
  ``speakers`` ``[{name, slug, code}]``, ``start``/``end`` (ISO with offset), ``room``; the
  Markdown body is the abstract (a keynote's body may only repeat its title: no description);
- ``speaker``: one speaker (``title`` is the name, ``code``): names a talk's speaker given
  only by slug or code;
- ``schedule_grid``: ``schedule: [{day, date, rows: [{time, kind, title, slug, speakers,
  cells}]}]`` and ``pre_conference``: rows with a talk page (``slug``) are read from that page;
  the others are breaks, meals or plenary sessions (welcome, lightning talks, closing), judged by
  ``scrapers/domain/slots.py``: a plenary session without a page becomes a talk of its own, timed
  from the grid's day and time in the edition's timezone; the pre-conference event is not a talk;
- ``lightning_talks``: ``lightning_talks: [{title, speaker}]``, the talks of the lightning
  session, listed in that session's description (one video, one record).

Other pages (listings, print versions, room signs, open spaces) repeat those or hold no talk.

Edition options (``RockgardenOptions``), besides ``repo``, ``sha``, ``paths`` (the program
folder, ``.../program/``) and ``talk_page_label``:

- ``talk_url``: template of the talk page, ``{slug}`` (the file name) and ``{code}`` filled in;
- ``video_id_url``: template turning a bare video id (``{id}``) in a talk's video key
  (``youtube_url``, ``video_url``, ``video``) into a URL; YouTube's watch URL by default.

Arguments replacing them: ``-a source=<checkout> -a repo= -a sha= -a paths=`` (``SiteDataSpider``).
Talks without a video link are written only when a playlist (``-a playlist=``) has them.
The one hook, ``post_process_item(talk, response, raw)``, gets the talk page's front matter
(a grid row for a plenary session).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from dateutil import parser as dateparser

from scrapers.domain.slots import not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.sitedata import (
    SiteDataOptions,
    SiteDataSpider,
    SourceFile,
    split_front_matter,
    yaml_mapping,
)
from scrapers.videohosts.urls import is_video_id

# a bare YouTube-style video id: 11 characters of the URL-safe base64 alphabet
VIDEO_KEYS = ("youtube_url", "video_url", "video")


def speaker_refs(value: Any) -> list[dict[str, str]]:
    """A talk's ``speakers`` as ``[{name, slug, code}]`` (a bare string is a name)."""
    if isinstance(value, str | dict):
        value = [value]
    out = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict):
            out.append({k: str(entry.get(k) or "").strip() for k in ("name", "slug", "code")})
        elif entry is not None:
            out.append({"name": str(entry).strip(), "slug": "", "code": ""})
    return out


@dataclass(frozen=True, kw_only=True)
class RockgardenOptions(SiteDataOptions):
    """``RockgardenSpider``'s options (see the module docstring)."""

    talk_url: str | None = None
    video_id_url: str = "https://www.youtube.com/watch?v={id}"


class RockgardenSpider(SiteDataSpider):
    """Talk pages plus the schedule grid of a rockgarden site (see the module docstring)."""

    # ConferenceSpider: what an edition's options may say
    options_type = RockgardenOptions
    options: RockgardenOptions
    # SiteDataSpider: the site's pages are Markdown only
    suffixes: ClassVar[tuple[str, ...]] = (".md",)

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Speakers first (names by slug and code), then talks, then the grid and lightning."""
        pages: dict[str, list[tuple[SourceFile, dict[str, Any], str]]] = {}
        for f in files:
            parts = split_front_matter(f.text)
            if parts is None:
                self.logger.debug("%s: no front matter; not a page of the program", f.path)
                continue
            meta = yaml_mapping(self.logger, f.path, parts[0], "front matter")
            if meta is not None:
                pages.setdefault(str(meta.get("page_type") or ""), []).append((f, meta, parts[1]))
        names: dict[str, str] = {}
        for f, meta, _ in pages.get("speaker", []):
            name = self.clean_name(meta.get("name") or meta.get("title"), f"{f.path}: speaker")
            stem = f.path.rsplit("/", 1)[-1].removesuffix(".md")
            for key in (stem, str(meta.get("slug") or ""), str(meta.get("code") or "")):
                if key and name:
                    names[key] = name
        slugs: set[str] = set()
        for f, meta, body in pages.get("talk", []):
            slugs.add(f.path.rsplit("/", 1)[-1].removesuffix(".md"))
            self._talk_page(event, f, meta, body, names)
        lightning = [
            item
            for f, meta, _ in pages.get("lightning_talks", [])
            for item in self._lightning_list(f, meta)
        ]
        for f, meta, _ in pages.get("schedule_grid", []):
            self._grid(event, f, meta, slugs, lightning)
        if lightning and not pages.get("schedule_grid"):
            for title, _speaker, path in lightning:
                event.skip(f"lightning talk {title!r}", "no lightning session in the grid", path)

    # -- talk pages -----------------------------------------------------------------------------

    def _talk_page(
        self, event: Event, f: SourceFile, meta: dict[str, Any], body: str, names: dict[str, str]
    ) -> None:
        slug = f.path.rsplit("/", 1)[-1].removesuffix(".md")
        source_id = str(meta.get("code") or slug)
        where = f"{f.path}: talk {source_id}"
        title = " ".join(str(meta.get("title") or "").split())
        if not title:
            self.skip_untitled(event, f, source_id)
            return
        if self.skip_cancelled(event, source_id, title, f.path):
            return
        kind_hint = str(meta.get("type") or "")
        refs = speaker_refs(meta.get("speakers"))
        reason = not_talk_reason(title)
        if reason and not refs:
            event.skip(f"slot {source_id} {title!r}", reason, f.path)
            return
        speakers = []
        for ref in refs:
            name = ref["name"] or names.get(ref["slug"]) or names.get(ref["code"]) or ""
            name = self.clean_name(name, where)
            if name:
                speakers.append(name)
            else:
                self.logger.warning("%s: speakers: no name for %r (left out)", where, ref)
        description = body.strip()
        if " ".join(description.split()) == title:  # "Keynote" whose page says only "Keynote"
            description = ""
        url = self._talk_url(slug, source_id)
        talk = Talk(
            source_id=source_id,
            title=title,
            speakers=speakers,
            description=description,
            description_format="markdown",
            start=self.parse_start(meta.get("start"), where, "start"),
            raw_start=str(meta.get("start") or ""),
            kind=talk_kind(title, kind_hint),
            url=url,
            related_urls=self.page_link(url),
            video_urls=self._videos(meta, where),
            source_url=f.url,
        )
        self.add_talk(event, talk, meta)

    def _talk_url(self, slug: str, code: str) -> str | None:
        template = self.options.talk_url
        return template.format(slug=slug, code=code) if template else None

    def _videos(self, meta: dict[str, Any], where: str) -> list[str]:
        """The talk's video links; a bare id becomes a URL through ``video_id_url``."""
        template = self.options.video_id_url
        out: list[str] = []
        for key in VIDEO_KEYS:
            value = meta.get(key)
            for v in value if isinstance(value, list) else [value]:
                text = str(v or "").strip()
                if not text:
                    continue
                if is_video_id(text):
                    text = template.format(id=text)
                elif "://" not in text:
                    self.logger.warning("%s: %s: neither a URL nor a video id %r", where, key, v)
                    continue
                if text not in out:
                    out.append(text)
        return out

    # -- the schedule grid ----------------------------------------------------------------------

    def _lightning_list(self, f: SourceFile, meta: dict[str, Any]) -> list[tuple[str, str, str]]:
        """(title, speaker, file) of each lightning talk the lightning page lists."""
        out = []
        for index, item in enumerate(meta.get("lightning_talks") or []):
            if not isinstance(item, dict) or not str(item.get("title") or "").strip():
                self.logger.warning("%s: lightning_talks: entry %d has no title", f.path, index)
                continue
            title = " ".join(str(item["title"]).split())
            out.append((title, " ".join(str(item.get("speaker") or "").split()), f.path))
        return out

    def _grid(
        self,
        event: Event,
        f: SourceFile,
        meta: dict[str, Any],
        slugs: set[str],
        lightning: list[tuple[str, str, str]],
    ) -> None:
        pre = meta.get("pre_conference")
        if isinstance(pre, dict) and pre.get("title"):
            title = str(pre["title"]).strip()
            reason = not_talk_reason(title) or "not a talk"
            event.skip(f"slot {title!r}", reason, f"{f.path}: pre-conference event")
        sessions: list[Talk] = []
        days = meta.get("schedule") if isinstance(meta.get("schedule"), list) else []
        for day in days:
            if not isinstance(day, dict):
                continue
            for row in day.get("rows") or []:
                if not isinstance(row, dict):
                    continue
                cells = row.get("cells") if isinstance(row.get("cells"), list) else [row]
                for cell in cells:
                    if isinstance(cell, dict) and cell.get("title"):
                        talk = self._grid_slot(event, f, day, row, cell, slugs)
                        if talk is not None:
                            sessions.append(talk)
        found = [t for t in sessions if t.kind == "lightning"]
        if lightning and len(found) != 1:
            self.logger.warning(
                "%s: %d lightning sessions in the grid; the %d lightning talks are not listed",
                f.path,
                len(found),
                len(lightning),
            )
            for title, _speaker, path in lightning:
                event.skip(f"lightning talk {title!r}", "no lightning session in the grid", path)
        elif lightning:
            found[0].description = "\n".join(
                f"- {title} ({speaker})" if speaker else f"- {title}"
                for title, speaker, _path in lightning
            )
        for talk in sessions:
            self.add_talk(event, talk, talk.source_id)

    def _grid_slot(
        self,
        event: Event,
        f: SourceFile,
        day: dict[str, Any],
        row: dict[str, Any],
        cell: dict[str, Any],
        slugs: set[str],
    ) -> Talk | None:
        """A grid slot without a talk page as a plenary Talk, or None (skipped or on a page)."""
        title = " ".join(str(cell["title"]).replace("\u200b", " ").split())
        slug = str(cell.get("slug") or "")
        when = f"{day.get('date') or day.get('day')} {row.get('time') or ''}".strip()
        if slug:
            if slug not in slugs:
                self.logger.warning(
                    "%s: %s: slot %r links talk page %r, which is not read",
                    f.path,
                    when,
                    title,
                    slug,
                )
                event.skip(f"slot {title!r}", "no talk page", f"{f.path}: {slug}")
            return None
        row_kind = str(row.get("kind") or "")
        reason = not_talk_reason(title, row_kind)
        if reason or row_kind not in ("plenary", "talks"):
            event.skip(f"slot {when} {title!r}", reason or "not a talk", f.path)
            return None
        source_id = f"{f.path.rsplit('/', 1)[-1].removesuffix('.md')}/{when}/{title}"
        where = f"{f.path}: slot {when} {title!r}"
        start = None
        if day.get("date") and row.get("time"):
            try:
                start = dateparser.parse(f"{day['date']} {row['time']}")
            except (ValueError, OverflowError):
                self.logger.warning("%s: time: unparseable %r (start left empty)", where, when)
        speakers = [self.clean_name(s, where) for s in str(cell.get("speakers") or "").split(",")]
        return Talk(
            source_id=source_id,
            title=title,
            speakers=[s for s in speakers if s],
            start=self.parse_start(start, where, "time"),
            raw_start=when,
            kind=talk_kind(title, row_kind),
            source_url=f.url,
        )
