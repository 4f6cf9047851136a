"""Platform: a Lektor site's databags built from pretalx, plus a YAML map of recordings.

Some Lektor sites (PyCon DE & PyData, ``PioneersHub/pyconde-website``) copy their pretalx
programme into a databag, ``databags/talks-<year>.json``: ``{"talks": [...]}`` with the pretalx
``code``, ``title``, ``abstract``, ``full_description`` (Markdown), ``speaker_names``
(comma-separated) and ``speakers`` (one ``### Name`` bio block each), ``submission_type`` and its
``submission_type_label``, ``is_keynote``, ``do_not_record``, ``slides_link``,
``supporting_material_url`` and the slot as ``slot_date`` + ``start_time`` with no offset (local
wall-clock time: the edition's ``timezone`` applies). The recordings are not in the databag: a
second file, ``databags/recordings.yaml``, maps pretalx codes to YouTube ids per year
(``overrides: {"2025": {CODE: video_id}}``), and is updated after the event, so it is often
pinned at a later commit than the talks.

Edition options (``LektorOptions``), besides ``repo``, ``sha``, ``paths`` (both files) and
``talk_page_label``:

- ``recordings``: the path of the recordings file (also in ``paths``); every other path is a
  talks databag;
- ``recordings_key``: the dotted key of this edition's map in it (``"overrides.2025"``);
- ``refs``: ``{path: commit}`` for files pinned at another commit than ``sha`` (the recordings
  file); like ``sha`` it belongs to its edition only;
- ``talk_url``: template of the talk page, ``{code}`` filled in.

A new edition needs no code: ``-a year=2026 -a event=... -a title=... -a start=... -a end=...
-a timezone=... -a source=<checkout>`` (or ``-a sha=<commit>``, one commit for every file)
takes the latest edition's options with its year replaced (``talks-2025.json`` ->
``talks-2026.json``, ``overrides.2025`` -> ``overrides.2026``).

Talks with ``do_not_record`` are skipped ("do_not_record"), even when a video is mapped; talks
with no mapped video are kept without a link (a playlist given with ``-a playlist=`` can still
match them; otherwise the match pipeline skips them as "no recording yet"); a mapped code with
no talk is skipped as "no talk". The hook is ``post_process_item(talk, None, raw)`` with the
databag's talk object as ``raw``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from scrapers.domain.slots import is_never_talk_category, not_talk_reason, talk_kind
from scrapers.items import Event, Talk
from scrapers.platforms.options import option
from scrapers.platforms.sitedata import GITHUB_RAW, SiteDataOptions, SiteDataSpider, SourceFile
from scrapers.videohosts.urls import is_video_id, watch_url

SPEAKER_HEADER_RE = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
REPOSITORY_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org")


def speaker_list(raw: dict[str, Any]) -> list[str]:
    """The talk's speakers: ``speaker_names`` split on commas, unless the ``### Name`` headers
    of the bios spell the same list (then they win: a name may itself hold a comma)."""
    joined = str(raw.get("speaker_names") or "").strip()
    headers = SPEAKER_HEADER_RE.findall(str(raw.get("speakers") or ""))
    if headers and ", ".join(headers) == joined:
        return headers
    return [n.strip() for n in joined.split(",") if n.strip()]


def talk_description(raw: dict[str, Any]) -> str:
    """pretalx's abstract, then its description; once when the description repeats it."""
    abstract = str(raw.get("abstract") or "").replace("\r\n", "\n").strip()
    detail = str(raw.get("full_description") or "").replace("\r\n", "\n").strip()
    if abstract and abstract in detail:
        return detail
    return "\n\n".join(p for p in (abstract, detail) if p)


def video_url(value: Any) -> str | None:
    """A watch URL for a recordings-map value: a bare YouTube id or a full URL."""
    text = str(value or "").strip()
    if not text:
        return None
    if is_video_id(text):
        return watch_url(text)
    return text if urlsplit(text).scheme in ("http", "https") else None


@dataclass(frozen=True, kw_only=True)
class LektorOptions(SiteDataOptions):
    """``LektorDatabagSpider``'s options (see the module docstring)."""

    recordings: str | None = None
    recordings_key: str | None = None
    # pinned commits, like ``sha``, belong to their edition only
    refs: Mapping[str, str] = option(edition_only=True, default_factory=dict)
    talk_url: str | None = None


class LektorDatabagSpider(SiteDataSpider):
    """Talks from Lektor databag JSON, videos from a ``{code: youtube id}`` YAML map."""

    # ConferenceSpider: what an edition's options may say
    options_type = LektorOptions
    options: LektorOptions
    # SiteDataSpider: only data files are read from listed folders
    suffixes = (".json", ".yaml", ".yml")

    def raw_url(self, path: str) -> str:
        """The raw URL of a file at its own commit (``refs``), else at the edition's ``sha``."""
        refs = self.options.refs
        ref = refs.get(path.lstrip("/"))
        if not ref:
            return super().raw_url(path)
        return f"{GITHUB_RAW}/{self._opt('repo')}/{ref}/{path.lstrip('/')}"

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """The recordings map first, then every talk of every databag in file order."""
        recordings_path = self.options.recordings or ""
        videos: dict[str, str] = {}
        have_map = False
        for f in files:
            if f.path == recordings_path:
                videos = self._recordings(f)
                have_map = True
        if recordings_path and not have_map:
            self.logger.warning(
                "%s: recordings file %s not read; the talks have no video links",
                self.edition.slug,
                recordings_path,
            )
        used: set[str] = set()
        for f in files:
            if f.path != recordings_path:
                used |= self._databag(event, f, videos)
        key = self.options.recordings_key
        for code in sorted(set(videos) - used):
            self.logger.warning(
                "%s: %s.%s: %s has no talk in the databags; not written",
                recordings_path,
                key,
                code,
                videos[code],
            )
            event.skip(f"video {videos[code]}", "no talk", f"{recordings_path}: code {code}")

    def _recordings(self, f: SourceFile) -> dict[str, str]:
        # every scalar as text: YAML 1.1 would read a code or an id such as 012345 as a number
        try:
            data = yaml.load(f.text, Loader=yaml.BaseLoader) or {}
        except yaml.YAMLError as exc:
            self.logger.error(
                "%s: invalid YAML (%s); file skipped", f.path, str(exc).replace("\n", " ")
            )
            return {}
        if not isinstance(data, dict):
            self.logger.error("%s: YAML is not a mapping; file skipped", f.path)
            return {}
        key = self.options.recordings_key or ""
        node: Any = data
        for part in key.split(".") if key else []:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            self.logger.warning("%s: no %r map; no talk has a video link", f.path, key)
            return {}
        if not isinstance(node, dict):
            self.logger.error("%s: %s is not a mapping of codes; ignored", f.path, key)
            return {}
        videos: dict[str, str] = {}
        for code, value in node.items():
            url = video_url(value)
            if url is None:
                self.logger.warning(
                    "%s: %s.%s: %r is not a YouTube id or URL; ignored", f.path, key, code, value
                )
                continue
            videos[str(code)] = url
        return videos

    def _databag(self, event: Event, f: SourceFile, videos: dict[str, str]) -> set[str]:
        """Add the talks of one databag; the codes it holds."""
        try:
            data = json.loads(f.text)
        except ValueError as exc:
            self.logger.error("%s: invalid JSON (%s); file skipped", f.path, exc)
            return set()
        talks = data.get("talks") if isinstance(data, dict) else data
        if not isinstance(talks, list):
            self.logger.error('%s: no list of talks ("talks"); file skipped', f.path)
            return set()
        codes: set[str] = set()
        for index, raw in enumerate(talks):
            if not isinstance(raw, dict):
                self.logger.error("%s: talk #%d is not an object; skipped", f.path, index)
                event.skip(f"talk #{index}", "invalid", f"{f.path}: not an object")
                continue
            code = str(raw.get("code") or "").strip()
            if code:
                codes.add(code)
            self._talk(event, f, index, raw, videos)
        return codes

    def _talk(
        self, event: Event, f: SourceFile, index: int, raw: dict[str, Any], videos: dict[str, str]
    ) -> None:
        code = str(raw.get("code") or "").strip() or f"#{index}"
        where = f"{f.path}: talk {code}"
        title = str(raw.get("title") or "").strip()
        if not title:
            self.skip_untitled(event, f, code)
            return
        what = f"talk {code} {title!r}"
        if self.skip_cancelled(event, code, title, f.path):
            return
        state = str(raw.get("state") or "confirmed").strip().lower()
        if state not in ("confirmed", "accepted"):
            event.skip(what, "cancelled" if state in ("canceled", "withdrawn") else state, f.path)
            return
        type_word = str(raw.get("submission_type") or "")
        speakers = speaker_list(raw)
        reason = not_talk_reason(title, type_word)
        if reason and (not speakers or is_never_talk_category(type_word)):
            event.skip(f"slot {code} {title!r}", reason, f.path)
            return
        video = videos.get(code)
        if raw.get("do_not_record"):
            if video:
                self.logger.warning(
                    "%s: do_not_record: set, yet the recordings map has %s (not written)",
                    where,
                    video,
                )
            event.skip(what, "do_not_record", "the speaker opted out of recording")
            return
        if not speakers:
            self.logger.warning("%s: speaker_names: empty", where)
        day = str(raw.get("slot_date") or "").strip()
        time = str(raw.get("start_time") or "").strip()
        raw_start = f"{day}T{time}" if day and time else day
        start = self.parse_start(raw_start, where, "slot_date/start_time")
        if day and not time and isinstance(start, dt.datetime):
            start = start.date()  # a day without a time is a day, not local midnight
        if time and not day:
            self.logger.warning("%s: slot_date: missing (start_time %r ignored)", where, time)
        hint = str(raw.get("submission_type_label") or type_word)
        if raw.get("is_keynote"):
            hint = f"keynote {hint}"
        url = None
        template = self.options.talk_url
        if template and not code.startswith("#"):
            url = template.format(code=code)
        talk = Talk(
            source_id=code,
            title=title,
            speakers=speakers,
            description=talk_description(raw),
            description_format="markdown",
            start=start,
            raw_start=raw_start,
            kind=talk_kind(title, hint),
            language=str(raw.get("content_locale") or raw.get("language") or "") or None,
            url=url,
            related_urls=self._links(url, raw),
            video_urls=[video] if video and self.use_schedule_links() else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, raw)

    def _links(self, url: str | None, raw: dict[str, Any]) -> list[dict[str, str]]:
        """The talk page, the slides, and the supporting material (a repository, mostly)."""
        links = []
        label = self.options.talk_page_label
        if url and label:
            links.append({"label": label, "url": url})
        seen = {url}
        for key in ("slides_link", "supporting_material_url"):
            # a field may hold several links ("https://a.io, https://github.com/b")
            for link in re.split(r"[\s,;]+", str(raw.get(key) or "")):
                if urlsplit(link).scheme not in ("http", "https") or link in seen:
                    continue
                seen.add(link)
                host = (urlsplit(link).hostname or "").lower().removeprefix("www.")
                if key == "slides_link":
                    kind = "Slides"
                elif host in REPOSITORY_HOSTS:
                    kind = "Repository"
                else:
                    kind = "Supporting Material"
                links.append({"label": kind, "url": link})
        return links
