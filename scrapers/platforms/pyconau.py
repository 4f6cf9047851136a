"""Platform: PyCon AU's site repository (2020), one YAML file per session and per person.

The 2020 site (``pyconau/2020-website``) was synced from pretalx into ``data/Session/<CODE>.yml``
(``title, start, end`` with ``+09:30``, ``type`` L/P/RL/RP = live/prerecorded, ``abstract`` and
``description`` as bleached HTML, ``speakers: [CODE]``, ``youtube_slug``) and
``data/Person/<CODE>.yml`` (``name``). The pretalx instance is gone; the repository is the record.

The crawl also reads the edition's YouTube playlists (``collect_recordings`` in the site-data base),
so matching has both sides in the one item.

Edition options, besides ``repo``, ``sha``, ``paths`` and ``talk_page_label``:
``session_dir`` and ``person_dir`` (both in ``paths``), ``talk_url`` (``{code}`` filled in).
Spider argument ``-a schedule_links=no`` leaves the schedule's video links out, so that a
benchmark measures the fuzzy matcher rather than the links.
"""

from __future__ import annotations

from typing import Any

from scrapers.items import Event, Talk
from scrapers.platforms.sitedata import (
    SiteDataSpider,
    SourceFile,
    yaml_mapping,
)
from scrapers.slots import not_talk_reason, talk_kind


def load_yaml(spider: SiteDataSpider, f: SourceFile) -> dict[str, Any] | None:
    """A YAML mapping, or None (logged) when the file is not one."""
    return yaml_mapping(spider.logger, f.path, f.text)


class PyconAuYamlSpider(SiteDataSpider):
    """PyCon AU 2020: sessions and people as YAML files, joined by person code."""

    suffixes = (".yml", ".yaml")

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """People first (names by code), then every session in path order."""
        session_dir = self._opt("session_dir")
        person_dir = self._opt("person_dir")
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

    def _session(
        self, event: Event, f: SourceFile, raw: dict[str, Any], names: dict[str, str]
    ) -> None:
        code = str(raw.get("code") or f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        where = f"{f.path}: talk {code}"
        title = str(raw.get("title") or "").strip()
        if not title:
            self.logger.error("%s: title: missing; talk skipped", where)
            event.skip(f"talk {code}", "invalid", f"{f.path}: no title")
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
        speakers = self.speaker_names(codes, names, f"{where}: speakers", "person")
        # pretalx: the abstract is the summary, the description the detail; both are content.
        parts = [str(raw.get(k) or "").strip() for k in ("abstract", "description")]
        slug = str(raw.get("youtube_slug") or "").strip()
        videos = [f"https://www.youtube.com/watch?v={slug}"] if slug else []
        template = self.edition.opt("talk_url")
        url = template.format(code=code) if template else None
        label = self.edition.opt("talk_page_label")
        talk = Talk(
            source_id=code,
            title=title,
            speakers=speakers,
            description="\n".join(p for p in parts if p),
            description_format="html",
            start=self.parse_start(raw.get("start"), where, "start"),
            raw_start=str(raw.get("start") or ""),
            kind=talk_kind(title),
            url=url,
            related_urls=[{"label": label, "url": url}] if url and label else [],
            video_urls=videos if self.use_schedule_links() else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, raw)
