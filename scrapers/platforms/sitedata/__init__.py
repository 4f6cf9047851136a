"""Platform: a conference website's own source repository on GitHub, read as data.

Many conference sites are static sites whose schedule lives in the repository as data files
(Jekyll/11ty Markdown front matter, JSON exported from pretalx). Reading those files at a pinned
commit is more stable than scraping rendered HTML, and keeps working after the site changes:

- folders are listed with one GitHub API call,
  ``https://api.github.com/repos/<owner>/<repo>/git/trees/<sha>?recursive=1``;
- files are read from ``https://raw.githubusercontent.com/<owner>/<repo>/<sha>/<path>``
  (not rate-limited like the API).

Base classes (a conference spider sets ``name`` and ``editions``; everything else is data in
``Edition.options``, declared per base: ``SiteDataOptions`` and its subclasses):

- ``FrontMatterSpider``: one Markdown file per session plus one per presenter (DjangoCon US
  2016-2023 on Jekyll, 2024+ on 11ty: the generations differ only by key names, which are options).
- ``TalksJsonSpider``: one JSON list of talks derived from pretalx (PyOhio 2024+ ``talks.json``).

Edition options common to both:

- ``repo``: ``"owner/name"``; ``sha``: the commit to read (pin it: reproducible output and
  recordings);
- ``paths``: files to read, or folders ending with ``/`` (listed through the tree API);
- ``talk_page_label``: label of the talk page in ``related_urls`` (what pyvideo-data uses for the
  event: "Talk Webpage", "Presentation Webpage").

Every base also reads a local checkout: ``-a source=<folder>`` reads the same
repository-relative paths from disk instead of GitHub (no request is made for them), so a clone of
the site repository, or a fixture folder that keeps its paths, is a valid source. ``-a repo=``,
``-a sha=`` (a commit or a branch) and ``-a paths=a/,b.json`` override the edition's options.
With the edition arguments of ``ConferenceSpider`` a year that is not in the table runs too:
``-a year=2026 -a event=... -a title=... -a start=... -a end=... -a timezone=... -a source=...``.

Bad input never raises: each problem is logged as ``<file>: talk <id>: <field>: <problem>`` and
either repaired (HTML stripped from a name), kept for the pipelines to judge (a non-YouTube video
URL), or the talk is skipped with a reason (``event.skip``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import scrapy
import yaml
from dateutil import parser as dateparser
from scrapy.http import Response

from scrapers.domain.slots import (
    cancelled_prefix,
    is_never_talk_category,
    not_talk_reason,
    talk_kind,
)
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConferenceSpider, ConfigError
from scrapers.platforms.options import Options, option
from scrapers.videohosts.urls import is_video_id

GITHUB_API = "https://api.github.com"
GITHUB_RAW = "https://raw.githubusercontent.com"

TAG_RE = re.compile(r"<[^>]+>")
YOUTUBE_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com")


@dataclass(frozen=True)
class SourceFile:
    """One file read from the repository: where it is (for messages) and its text."""

    path: str  # path inside the repository
    url: str  # where it was downloaded from
    text: str


@dataclass(frozen=True, kw_only=True)
class SiteDataOptions(Options):
    """``Edition.options`` every site-data base reads (see the module docstring)."""

    repo: str | None = option(required=True)  # "owner/name"; -a repo=
    # the commit read (pinned: reproducible output and recordings); -a sha= (commit or branch)
    sha: str | None = option(required=True, edition_only=True)
    # files, or folders ending with "/"; -a paths=a/,b.json
    paths: tuple[str, ...] = option((), required=True)
    talk_page_label: str | None = None  # the talk page's label in related_urls


@dataclass(frozen=True, kw_only=True)
class FrontMatterOptions(SiteDataOptions):
    """``FrontMatterSpider``'s options (see its docstring)."""

    schedule_dir: str | None = option(required=True)
    presenters_dir: str | None = option(required=True)
    start_key: str = "date"
    video_key: str = "video_url"
    speakers_key: str = "presenter_slugs"
    video_id_url: str | None = None


@dataclass(frozen=True, kw_only=True)
class TalksJsonOptions(SiteDataOptions):
    """``TalksJsonSpider``'s options (see its docstring)."""

    talk_url: str | None = None


def is_youtube(url: str) -> bool:
    """Whether a video link points at YouTube (other hosts are kept but reported)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in YOUTUBE_HOSTS)


class SiteDataSpider(ConferenceSpider):
    """Base of the site-data platforms: download the edition's files, then ``parse_files``.

    Subclasses implement ``parse_files(event, files)``, which adds talks through
    ``add_talk`` (the hook runs there) and skips through ``event.skip``.
    """

    # ConferenceSpider: what an edition's options may say
    options_type: ClassVar[type[Options]] = SiteDataOptions
    options: SiteDataOptions
    # SiteDataSpider: file name suffixes read from listed folders
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown", ".yaml", ".yml", ".json")

    def __init__(
        self,
        *args: Any,
        source: str | None = None,
        repo: str | None = None,
        sha: str | None = None,
        paths: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        options = dict(self.edition.options)
        if repo:
            options["repo"] = repo
        if sha:
            options["sha"] = sha
        if paths:
            options["paths"] = tuple(p.strip() for p in paths.split(",") if p.strip())
        self.edition = replace(self.edition, options=options)
        self.source = Path(source) if source else None
        if self.source is not None and not self.source.is_dir():
            raise ConfigError(f"{self.name}: -a source={source!r} is not a folder")
        if not self.options.paths:
            raise ConfigError(f"{self.name}: give the files to read with -a paths=<dir/,file>")
        if self.source is None:
            missing = [k for k in ("repo", "sha") if not getattr(self.options, k)]
            if missing:
                raise ConfigError(
                    f"{self.name}: {self.edition.slug}: give a local checkout with"
                    f" -a source=<folder> or the repository with"
                    f" -a repo=<owner/name> -a sha=<commit>"
                    f" (missing: {', '.join(missing)})"
                )

    # -- where things are ---------------------------------------------------------------------

    def _opt(self, name: str) -> Any:
        """An option the crawl cannot do without (an edition from arguments may lack it)."""
        value = getattr(self.options, name)
        if not value:
            raise ConfigError(f"{self.name}: edition {self.edition.slug} lacks option {name!r}")
        return value

    def raw_url(self, path: str) -> str:
        """The raw download URL of a repository file at the pinned commit."""
        return f"{GITHUB_RAW}/{self._opt('repo')}/{self._opt('sha')}/{path.lstrip('/')}"

    def tree_url(self) -> str:
        """The GitHub API URL listing every file of the repository at the pinned commit."""
        return f"{GITHUB_API}/repos/{self._opt('repo')}/git/trees/{self._opt('sha')}?recursive=1"

    def _paths(self) -> tuple[list[str], list[str]]:
        paths = self._opt("paths")
        folders = [p for p in paths if p.endswith("/")]
        files = [p for p in paths if not p.endswith("/")]
        return files, folders

    def _request(self, url: str, **kwargs: Any) -> scrapy.Request:
        # The GitHub API and raw files are programmatic endpoints, not pages for crawlers
        # (api.github.com's robots.txt disallows everything); fetching robots.txt would also
        # be one more request to record for every replayed crawl.
        # handle_httpstatus_all: an HTTP error reaches the callback, which names the file.
        meta = {"dont_obey_robotstxt": True, "handle_httpstatus_all": True}
        return scrapy.Request(url, meta=meta, **kwargs)

    # -- crawl ----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        """One request: the tree listing when folders are asked for, else the first file.

        With ``-a source=<folder>`` the files are read from disk and no schedule request is made.
        """
        if self.source is not None:
            async for item in self.parse_local(self.source):
                yield item
            return
        files, folders = self._paths()
        if folders:
            yield self._request(self.tree_url(), callback=self.parse_schedule)
        else:
            yield self._request(self.raw_url(files[0]), callback=self.parse_schedule)

    async def parse_schedule(self, response: Response) -> AsyncIterator[Event]:
        """Read every file of the edition, then build the one Event of the crawl."""
        files, folders = self._paths()
        event = self.new_event()
        event.source_urls.append(response.url)
        read: list[SourceFile] = []
        if folders:
            listed = self.list_tree(response, folders)
            if listed is None:
                return
            files = [*files, *listed]
        else:
            first = self._source_file(files[0], response)
            if first is None:
                return
            read.append(first)
            files = files[1:]
        for path, resp in zip(files, await self._fetch_files(files), strict=True):
            source = self._source_file(path, resp)
            if source is not None:
                read.append(source)
                if source.url not in event.source_urls:
                    event.source_urls.append(source.url)
        async for item in self.complete_event(event, read):
            yield item

    async def parse_local(self, root: Path) -> AsyncIterator[Event]:
        """Read the edition's paths below a local checkout, then build the Event as online."""
        event = self.new_event()
        event.source_urls.append(str(root))
        read = self.read_local(root)
        async for item in self.complete_event(event, read):
            yield item

    async def complete_event(self, event: Event, read: list[SourceFile]) -> AsyncIterator[Event]:
        """The talks of the files read, then the recordings: the one Event of the crawl."""
        if not read:
            self.logger.error("%s: no schedule file could be read; no event", self.edition.slug)
            return
        self.parse_files(event, read)
        await self.collect_recordings(event)
        yield event

    def read_local(self, root: Path) -> list[SourceFile]:
        """The edition's files below ``root``: listed folders sorted, as the GitHub path reads."""
        files, folders = self._paths()
        listed: list[str] = []
        for folder in folders:
            base = root / folder
            if not base.is_dir():  # an optional folder may be absent (as on GitHub)
                self.logger.warning("%s: no folder %s", root, folder)
                continue
            listed += sorted(
                p.relative_to(root).as_posix()
                for p in base.rglob("*")
                if p.is_file() and p.name.lower().endswith(self.suffixes)
            )
        if folders and not listed:
            self.logger.error("%s: no file under %s", root, ", ".join(folders))
        files = [*files, *sorted(listed)]
        read: list[SourceFile] = []
        for path in files:
            file = root / path
            try:
                text = file.read_bytes().decode("utf-8-sig")
            except OSError as exc:
                self.logger.error("%s: cannot read %s (%s); file skipped", path, file, exc.strerror)
                continue
            except UnicodeDecodeError as exc:
                self.logger.error("%s: not UTF-8 (%s); file skipped", path, exc)
                continue
            read.append(SourceFile(path=path, url=str(file), text=text))
        return read

    def list_tree(self, response: Response, folders: Iterable[str]) -> list[str] | None:
        """The files under ``folders`` in a GitHub tree listing (None when unusable)."""
        if response.status != 200:
            self.logger.error("%s: tree listing returned HTTP %s", response.url, response.status)
            return None
        try:
            data = json.loads(response.body)
            entries = data["tree"]
        except (ValueError, KeyError, TypeError) as exc:
            self.logger.error("%s: not a GitHub tree listing (%s)", response.url, exc)
            return None
        if data.get("truncated"):
            self.logger.warning(
                "%s: the tree listing is truncated; files may be missing", response.url
            )
        prefixes = tuple(folders)
        paths = sorted(
            e["path"]
            for e in entries
            if isinstance(e, dict)
            and e.get("type") == "blob"
            and str(e.get("path", "")).startswith(prefixes)
            and str(e["path"]).lower().endswith(self.suffixes)
        )
        if not paths:
            self.logger.error("%s: no file under %s", response.url, ", ".join(prefixes))
        return paths

    async def _fetch_files(self, paths: list[str]) -> list[Response | None]:
        async def one(path: str) -> Response | None:
            try:
                return await self.fetch(self.raw_url(path), meta={"dont_obey_robotstxt": True})
            except Exception as exc:  # a download error must not lose the other files
                self.logger.error("%s: could not download %s (%r)", path, self.raw_url(path), exc)
                return None

        return list(await asyncio.gather(*(one(p) for p in paths)))

    def _source_file(self, path: str, response: Response | None) -> SourceFile | None:
        if response is None:
            return None
        if response.status != 200:  # the start request lets every status through
            self.logger.error(
                "%s: HTTP %s from %s; file skipped", path, response.status, response.url
            )
            return None
        try:
            text = response.body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.logger.error("%s: not UTF-8 (%s); file skipped", path, exc)
            return None
        return SourceFile(path=path, url=response.url, text=text)

    # -- building talks -------------------------------------------------------------------------

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Turn the downloaded files into talks and skips on ``event`` (platform-specific)."""
        raise NotImplementedError(f"{type(self).__name__} must implement parse_files()")

    def page_link(self, url: str | None) -> list[dict[str, str]]:
        """The talk page as ``related_urls`` under the edition's ``talk_page_label`` ([] when
        either is missing: pyvideo-data labels every link)."""
        label = self.options.talk_page_label
        return [{"label": label, "url": url}] if url and label else []

    def add_talk(self, event: Event, talk: Talk, raw: Any) -> None:
        """Check the talk's fields, then run the hook and add it (or skip a duplicate)."""
        where = f"{talk.source_url}: talk {talk.source_id}"
        if any(t.source_id == talk.source_id for t in event.talks):
            self.logger.warning(
                "%s: source_id: listed twice; later entry %r skipped", where, talk.title
            )
            event.skip(f"talk {talk.source_id} {talk.title!r}", "duplicate", talk.source_url)
            return
        for url in talk.video_urls:
            if not is_youtube(url):
                self.logger.warning("%s: video_urls: not a YouTube URL %r (kept)", where, url)
            for other in event.talks:
                if url in other.video_urls:
                    self.logger.warning(
                        "%s: video_urls: %r is also the video of talk %s (kept)",
                        where,
                        url,
                        other.source_id,
                    )
        self.apply_hook(event, talk, None, raw)  # kind tags come from tags.json in the record

    def skip_untitled(self, event: Event, f: SourceFile, source_id: str) -> None:
        """Report a talk with no title and leave it out: the data repo refuses a record without."""
        self.logger.error("%s: talk %s: title: missing; talk skipped", f.path, source_id)
        event.skip(f"talk {source_id}", "invalid", f"{f.path}: no title")

    def clean_name(self, name: Any, where: str) -> str:
        """A speaker name as text: HTML tags and entities are removed, with a warning."""
        text = str(name or "").strip()
        if TAG_RE.search(text) or "&" in text:
            cleaned = " ".join(html.unescape(TAG_RE.sub(" ", text)).split())
            if cleaned != text:
                self.logger.warning(
                    "%s: speakers: HTML in name %r, kept as %r", where, text, cleaned
                )
                text = cleaned
        return text

    def speaker_names(
        self, refs: Iterable[Any], names: dict[str, str], where: str, what: str
    ) -> list[str]:
        """The names a talk's speaker slugs or codes stand for; a dangling one is reported."""
        speakers = []
        for ref in refs:
            name = names.get(str(ref))
            if name:
                speakers.append(name)
            else:
                self.logger.warning("%s: no %s file for %r", where, what, ref)
        return speakers

    def parse_start(self, value: Any, where: str, field: str) -> dt.datetime | dt.date | None:
        """A schedule time as a local aware datetime (naive ones get the edition's zone)."""
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            when = value
        elif isinstance(value, dt.date):
            return value
        else:
            try:
                when = dateparser.isoparse(str(value).strip())
            except (ValueError, OverflowError):
                try:
                    when = dateparser.parse(str(value))
                except (ValueError, OverflowError):
                    self.logger.warning(
                        "%s: %s: unparseable date %r (start left empty)", where, field, value
                    )
                    return None
        if when.tzinfo is None:
            if not self.edition.timezone:
                self.logger.warning(
                    "%s: %s: %r has no offset and the edition no timezone", where, field, value
                )
                return when
            when = when.replace(tzinfo=ZoneInfo(self.edition.timezone))
        return when

    def skip_cancelled(self, event: Event, talk_id: str, title: str, path: str = "") -> bool:
        """Record a talk whose title says it was cancelled; True when skipped."""
        if cancelled_prefix(title):
            event.skip(f"talk {talk_id} {title!r}", "cancelled", path)
            return True
        return False


def yaml_mapping(logger: Any, path: str, text: str, what: str = "YAML") -> dict[str, Any] | None:
    """Parse a YAML mapping; a bad one is logged with its file and skipped, never a traceback."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        logger.error("%s: invalid %s (%s); file skipped", path, what, str(exc).replace("\n", " "))
        return None
    if not isinstance(data, dict):
        logger.error("%s: %s is not a mapping; file skipped", path, what)
        return None
    return data


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(YAML front matter, body) of a Markdown file, or None when it has none."""
    match = re.match(r"^---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?(.*)\Z", text, re.S | re.M)
    if match is None:
        return None
    return match[1], match[2]


class FrontMatterSpider(SiteDataSpider):
    """Jekyll / 11ty sites: one Markdown file per session, one per presenter.

    Edition options, besides ``repo``, ``sha``, ``paths`` and ``talk_page_label``:

    - ``schedule_dir`` and ``presenters_dir``: the two folders (both also in ``paths``);
      YAML files in ``schedule_dir`` are lists of non-talk slots (11ty ``manual.yaml``);
    - ``start_key``: the start time key (Jekyll ``date``, 11ty ``start_datetime``);
    - ``video_key`` (``video_url``), ``speakers_key`` (``presenter_slugs``);
    - ``video_id_url``: a template (``https://www.youtube.com/watch?v={id}``) for a video key
      that holds a bare YouTube id instead of a URL (DjangoCon US 2025).

    The talk page is ``Edition.url`` + ``permalink``; the description is the Markdown body,
    else the ``abstract``; the source id is the ``slug`` key, else the file name.
    """

    # ConferenceSpider: what an edition's options may say
    options_type = FrontMatterOptions
    options: FrontMatterOptions

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Presenters first (names by slug), then every session file in path order."""
        schedule_dir = self._opt("schedule_dir")
        presenters_dir = self._opt("presenters_dir")
        names: dict[str, str] = {}
        for f in files:
            if f.path.startswith(presenters_dir) and f.path.endswith((".md", ".markdown")):
                parsed = self._front_matter(f)
                if parsed is not None:
                    meta, _ = parsed
                    slug = str(meta.get("slug") or f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
                    names[slug] = self.clean_name(meta.get("name"), f"{f.path}: presenter {slug}")
        for f in files:
            if not f.path.startswith(schedule_dir):
                continue
            if f.path.endswith((".yaml", ".yml")):
                self._manual_slots(event, f)
            elif f.path.endswith((".md", ".markdown")):
                parsed = self._front_matter(f)
                if parsed is not None:
                    self._session(event, f, *parsed, names)

    def _front_matter(self, f: SourceFile) -> tuple[dict[str, Any], str] | None:
        parts = split_front_matter(f.text)
        if parts is None:
            self.logger.error("%s: no front matter; file skipped", f.path)
            return None
        meta = yaml_mapping(self.logger, f.path, parts[0], "front matter")
        return None if meta is None else (meta, parts[1])

    def _manual_slots(self, event: Event, f: SourceFile) -> None:
        try:
            slots = yaml.safe_load(f.text) or []
        except yaml.YAMLError as exc:
            self.logger.error(
                "%s: invalid YAML (%s); file skipped", f.path, str(exc).replace("\n", " ")
            )
            return
        for slot in slots if isinstance(slots, list) else []:
            title = str(slot.get("title") or "") if isinstance(slot, dict) else ""
            reason = not_talk_reason(title) or "not a talk"
            event.skip(f"slot {title!r}", reason, f.path)

    def _session(
        self, event: Event, f: SourceFile, meta: dict[str, Any], body: str, names: dict[str, str]
    ) -> None:
        stem = f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        source_id = str(meta.get("slug") or stem)
        where = f"{f.path}: talk {source_id}"
        title = str(meta.get("title") or "").strip()
        category = str(meta.get("category") or "")
        slugs = meta.get(self.options.speakers_key) or []
        if isinstance(slugs, str):
            slugs = [slugs]
        reason = not_talk_reason(title, category)
        if reason and (not slugs or is_never_talk_category(category) or reason == "cancelled"):
            event.skip(f"slot {source_id} {title!r}", reason, f.path)
            return
        if not title:
            self.skip_untitled(event, f, source_id)
            return
        if self.skip_cancelled(event, source_id, title, f.path):
            return
        speakers = self.speaker_names(slugs, names, f"{where}: presenter_slugs", "presenter")
        start_key = self.options.start_key
        raw_start = meta.get(start_key)
        description = body.strip() or str(meta.get("abstract") or "").strip()
        video = meta.get(self.options.video_key)
        template = self.options.video_id_url
        if template and video and is_video_id(str(video).strip()):
            video = template.format(id=str(video).strip())
        permalink = meta.get("permalink")
        url = None
        if permalink and self.edition.url:
            url = self.edition.url.rstrip("/") + "/" + str(permalink).lstrip("/")
        talk = Talk(
            source_id=source_id,
            title=title,
            speakers=speakers,
            description=description,
            description_format="markdown",
            start=self.parse_start(raw_start, where, start_key),
            raw_start="" if raw_start is None else str(raw_start),
            kind=talk_kind(title, category),
            url=url,
            related_urls=self.page_link(url),
            video_urls=[str(video).strip()] if video else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, meta)


class TalksJsonSpider(SiteDataSpider):
    """A pretalx-derived JSON list of talks (PyOhio ``talks.json``).

    Edition options, besides ``repo``, ``sha``, ``paths`` (the JSON file) and
    ``talk_page_label``:

    - ``talk_url``: template of the talk page, ``{slug}``/``{code}`` filled in (PyOhio's
      ``talk_url`` field lacks the ``/program/`` part the live site and pyvideo-data use);
      without it, the file's ``talk_url``.

    The description is the HTML ``description``: ``description_text`` is a lossy Markdown
    rendering of it (backslash escapes such as ``Re\\-Opening``), and pyvideo-data's records of
    these events were converted from the HTML (``<br />`` became reST line blocks).
    Cancelled talks keep their slot with a ``Canceled:`` title prefix: skipped as "cancelled".
    """

    # ConferenceSpider: what an edition's options may say
    options_type = TalksJsonOptions
    options: TalksJsonOptions

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Every talk of every JSON file, in file order."""
        for f in files:
            try:
                data = json.loads(f.text)
            except ValueError as exc:
                self.logger.error("%s: invalid JSON (%s); file skipped", f.path, exc)
                continue
            if isinstance(data, dict):  # tolerate {code: talk}
                data = list(data.values())
            if not isinstance(data, list):
                self.logger.error("%s: not a list of talks; file skipped", f.path)
                continue
            for index, raw in enumerate(data):
                if isinstance(raw, dict):
                    self._talk(event, f, index, raw)
                else:
                    self.logger.error("%s: entry %d is not an object; skipped", f.path, index)

    def _talk(self, event: Event, f: SourceFile, index: int, raw: dict[str, Any]) -> None:
        source_id = str(raw.get("code") or raw.get("slug") or f"#{index}")
        where = f"{f.path}: talk {source_id}"
        title = str(raw.get("title") or "").strip()
        if not title:
            self.skip_untitled(event, f, source_id)
            return
        if self.skip_cancelled(event, source_id, title, f.path):
            return
        kind_hint = str(raw.get("type") or "")
        reason = not_talk_reason(title)
        if reason and not raw.get("speakers"):
            event.skip(f"slot {source_id} {title!r}", reason, f.path)
            return
        speakers = [
            self.clean_name(s.get("name") if isinstance(s, dict) else s, where)
            for s in raw.get("speakers") or []
        ]
        slug = str(raw.get("slug") or "")
        template = self.options.talk_url
        url = template.format(slug=slug, code=source_id) if template and slug else None
        url = url or raw.get("talk_url") or None
        video = raw.get("youtube_url") or raw.get("video_url")
        talk = Talk(
            source_id=source_id,
            title=title,
            speakers=[s for s in speakers if s],
            description=str(raw.get("description") or "").strip(),
            description_format="html",
            start=self.parse_start(raw.get("start_time"), where, "start_time"),
            raw_start=str(raw.get("start_time") or ""),
            kind=talk_kind(title, kind_hint),
            url=url,
            related_urls=self.page_link(url),
            video_urls=[str(video).strip()] if video else [],
            source_url=f.url,
        )
        self.add_talk(event, talk, raw)
