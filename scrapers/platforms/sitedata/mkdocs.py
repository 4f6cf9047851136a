"""Platform: an MkDocs site repository whose talks are Markdown sections of a few pages.

Some conference sites (PyTexas 2024+) are MkDocs projects with no data files: each talk is a
section of a hand-written page (``## Title``, the abstract, a YouTube ``<iframe>`` that is the
recording, a ``**Speaker: Name**`` line, the bio), and the times are in a separate schedule grid
(a Markdown table: a time column, then one column per day or one table per day) with no
timezone. This base reads those pages at a pinned commit (or from a local checkout) and joins
each section to its slot in the grid.

How a page is read (edition options, ``MkDocsOptions``, besides ``repo``, ``sha``, ``paths``):

- ``talk_pages``: ``{path: {"level": 2, "heading": "title"}}``: the pages whose sections are
  talks. ``level`` is the heading level of a talk section (``###`` under a ``## Tutorials``
  heading: 3); ``heading`` says what the heading is: the talk ``title`` (default), or the
  ``speaker`` (a keynote page: ``## Lynn Root``; the title then comes from the iframe's
  ``title`` attribute, else from the grid). The page name and its front matter ``title`` are
  the kind hint given to ``scrapers.domain.slots.talk_kind`` ("keynotes", "Tutorials").
- ``schedule_pages``: the pages holding schedule tables (a talk page may be one too). A day is
  a column header ("Saturday"), else the nearest preceding heading or sentence naming a weekday
  or a date ("Friday, April 19, 2024"); a weekday is placed within the edition's dates. Without
  day columns the slot is the first column after the time.
- ``speaker_line`` (optional): a regular expression whose group 1 is the speakers of a section
  (default ``SPEAKER_LINE``: ``**Speaker: A**``, ``**Speakers: A, B**``, ``#### Presenter: A``,
  or ``Speakers:`` followed by a list). What precedes it is the abstract, what follows the bio.
- ``docs_dir`` (``docs/``): the MkDocs source folder, for the talk page URL
  (``Edition.url`` + the page's directory URL + ``#`` + the heading's anchor);
  ``talk_page_label``: the ``related_urls`` label of that page; ``copyright_text``: the
  recordings' licence.

Joining: a grid cell's link (``../talks/#anchor``, ``talks.md#anchor``) names its section; a
cell whose link joins nothing, or that has no link, is joined by title (small differences
tolerated; "Lightning Talks" slots of several days are told apart by a section's "Day N").
Every section or linked cell that does not join is logged with its file and line. A grid cell
that joins no section is a talk of its own when ``scrapers.domain.slots`` gives it a talk kind
(keynote, lightning talks: recordings may still come from a playlist), else it is skipped
with ``not_talk_reason`` or "not a talk". A time that breaks the grid's order by exactly twelve
hours ("11:55 PM" between 11:25 AM and 12:25 PM) is read in the other half of the day, with a
warning.

A new edition needs no code: ``-a year=2026 -a event=... -a title=... -a start=... -a end=...
-a timezone=...`` with ``-a source=<checkout>`` (or ``-a sha=<commit>``): the latest edition's
options are carried over with its year replaced (``repo`` ``pytexas/2025`` -> ``pytexas/2026``).
The one hook is ``post_process_item(talk, response, raw)``; ``raw`` is the ``Section``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

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
from scrapers.videohosts.urls import video_id, watch_url

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
IFRAME_RE = re.compile(r"<iframe\b([^>]*)>", re.I)
ATTR_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?")
HTML_ONLY_LINE_RE = re.compile(r"^\s*(?:<(?:br|/?iframe)\b[^>]*>\s*)+$", re.I)
LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
LINK_ONLY_RE = re.compile(r"^\s*\[([^\]]+)\]\(\s*<?([^)\s>]+)>?\s*\)\s*$")
ATTR_LIST_RE = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
FOOTNOTE_RE = re.compile(r"\[\^[^\]]*\]")
EMPHASIS_RE = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
TAG_RE = re.compile(r"<[^>]+>")
BR_RE = re.compile(r"<br\s*/?>", re.I)
LIST_ITEM_RE = re.compile(r"^\s*[-*+][ \t]+(.+?)\s*$")
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
TIME_RE = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*([ap])?\.?\s*(?:m\b\.?)?", re.I)
DAY_NUMBER_RE = re.compile(r"\bday\s*(\d+)\b", re.I)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
MONTH_DATE_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r",?\s+\d{4}\b",
    re.I,
)
# the speakers line of a section (group 1; empty when a list of names follows)
SPEAKER_LINE = (
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:speakers?|presenters?|instructors?)\s*:\s*"
    r"(.*?)\s*(?:\*\*|__)?\s*$"
)


@dataclass
class Section:
    """One talk section of a page: its heading, anchor and Markdown lines."""

    page: SourceFile
    heading: str  # plain text of the heading
    anchor: str  # the MkDocs anchor (toc slug, or the attr-list id)
    line: int  # 1-based line of the heading
    lines: list[str] = field(default_factory=list)
    hint: str = ""  # the page's kind hint (file name and front matter title)
    heading_is: str = "title"  # title | speaker

    @property
    def stem(self) -> str:
        """The page's file name without suffix ("talks")."""
        return page_stem(self.page.path)

    @property
    def where(self) -> str:
        """How messages name this section."""
        return f"{self.page.path}:{self.line}: talk {self.stem}#{self.anchor}"


@dataclass
class Slot:
    """One cell of a schedule table: when, what, and the section its link names."""

    page: str
    line: int
    day: dt.date | None
    time: dt.time | None
    title: str
    href: str = ""
    names: list[str] = field(default_factory=list)  # the names after the cell's <br/>
    section: Section | None = None

    @property
    def where(self) -> str:
        """How messages name this slot."""
        return f"{self.page}:{self.line}: slot {self.title!r}"


def page_stem(path: str) -> str:
    """The file name of a page without its suffix."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def plain_text(markdown: str) -> str:
    """Inline Markdown as plain text: links, images, emphasis, code and HTML removed."""
    text = IMAGE_RE.sub("", markdown)
    text = FOOTNOTE_RE.sub("", text)
    text = LINK_RE.sub(lambda m: m[1], text)
    text = BR_RE.sub(" ", text)
    text = TAG_RE.sub("", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    for _ in range(3):  # nested emphasis ("_**x**_")
        text = EMPHASIS_RE.sub(lambda m: m[2], text)
    return " ".join(html.unescape(text).split())


def toc_slug(text: str) -> str:
    """The anchor MkDocs gives a heading (Python-Markdown's ``toc`` ``slugify``)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def title_key(title: str) -> str:
    """A title reduced to lowercase words, for tolerant comparison."""
    value = unicodedata.normalize("NFKD", plain_text(title)).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", value.lower()))


def title_score(a: str, b: str) -> float:
    """How alike two titles are (1.0 equal; one a word prefix of the other counts 0.9)."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ratio = difflib.SequenceMatcher(None, ka, kb).ratio()
    short, long = sorted((ka, kb), key=len)
    if long.startswith(short + " "):
        ratio = max(ratio, 0.9)
    return ratio


def youtube_watch_url(src: str) -> str:
    """An embed URL (youtube.com or youtube-nocookie.com, any parameters) as a watch URL."""
    vid = video_id(src)
    return watch_url(vid) if vid else src


def table_cells(line: str) -> list[str]:
    """The cells of a Markdown table row (outer pipes dropped, ``\\|`` kept)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]


@dataclass(frozen=True, kw_only=True)
class MkDocsOptions(SiteDataOptions):
    """``MkDocsSpider``'s options (see the module docstring)."""

    # page path -> {"level": 2, "heading": "title" | "speaker"} (checked, with a log, when read)
    talk_pages: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    schedule_pages: tuple[str, ...] = ()
    speaker_line: str = SPEAKER_LINE
    docs_dir: str = "docs/"
    copyright_text: str | None = None


class MkDocsSpider(SiteDataSpider):
    """Talks as Markdown sections of MkDocs pages, times from a schedule table (see module)."""

    # ConferenceSpider: what an edition's options may say
    options_type = MkDocsOptions
    options: MkDocsOptions

    # SiteDataSpider: only Markdown pages are read from listed folders
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    # MkDocsSpider: how well a title must agree to join a section to a grid cell (0..1)
    title_threshold: ClassVar[float] = 0.85
    # MkDocsSpider: iframe titles that say nothing about the talk
    generic_iframe_titles: ClassVar[frozenset[str]] = frozenset(
        {"", "youtube video player", "youtube", "video"}
    )

    # -- reading pages --------------------------------------------------------------------------

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:
        """Sections of the talk pages, cells of the schedule tables, joined, then talks."""
        if self.options.copyright_text:
            event.license = self.options.copyright_text
        talk_pages = self.options.talk_pages
        schedule_pages = set(self.options.schedule_pages)
        sections: list[Section] = []
        slots: list[Slot] = []
        for f in files:
            if f.path not in talk_pages and f.path not in schedule_pages:
                self.logger.warning(
                    "%s: neither in talk_pages nor in schedule_pages; file not read", f.path
                )
                continue
            meta, body, offset = self._page(f)
            if f.path in talk_pages:
                spec = self._page_spec(f.path, talk_pages[f.path])
                hint = f"{page_stem(f.path)} {meta.get('title') or meta.get('Title') or ''}"
                sections += self.sections(f, body, offset, spec, hint.strip())
            if f.path in schedule_pages:
                description = str(meta.get("description") or "")
                slots += self.slots(f, body, offset, description)
        for path in [*talk_pages, *schedule_pages]:
            if not any(f.path == path for f in files):
                self.logger.error("%s: page not found; its talks or times are missing", path)
        self.join(sections, slots)
        by_section = {id(s.section): s for s in slots if s.section is not None}
        for section in sections:
            self.section_talk(event, section, by_section.get(id(section)))
        for slot in slots:
            if slot.section is None:
                self.slot_talk(event, slot)

    def _page_spec(self, path: str, spec: Any) -> dict[str, Any]:
        """A ``talk_pages`` entry checked: ``level`` 1-6, ``heading`` title or speaker."""
        spec = dict(spec) if isinstance(spec, dict) else {}
        try:
            level = int(spec.get("level", 2))
        except (TypeError, ValueError):
            level = 0
        if not 1 <= level <= 6:
            self.logger.error(
                "%s: talk_pages: level %r is not 1-6; 2 used", path, spec.get("level")
            )
            level = 2
        heading = spec.get("heading", "title")
        if heading not in ("title", "speaker"):
            self.logger.error(
                "%s: talk_pages: heading %r is not 'title' or 'speaker'; 'title' used",
                path,
                heading,
            )
            heading = "title"
        return {"level": level, "heading": heading}

    def _page(self, f: SourceFile) -> tuple[dict[str, Any], str, int]:
        """(front matter, body without HTML comments, line offset of the body)."""
        text = f.text.replace("\r\n", "\n")
        meta: dict[str, Any] = {}
        offset = 0
        parts = split_front_matter(text)
        if parts is not None:
            meta = yaml_mapping(self.logger, f.path, parts[0], "front matter") or {}
            offset = text[: len(text) - len(parts[1])].count("\n")
            text = parts[1]
        # a heading inside a comment is no section; keep the line numbers
        text = COMMENT_RE.sub(lambda m: "\n" * m[0].count("\n"), text)
        return meta, text, offset

    def sections(
        self, f: SourceFile, body: str, offset: int, spec: dict[str, Any], hint: str
    ) -> list[Section]:
        """The talk sections of one page: headings of the page's level, up to the next one."""
        level, heading_is = spec["level"], spec["heading"]
        found: list[Section] = []
        current: Section | None = None
        anchors: dict[str, int] = {}
        fenced = False
        for number, line in enumerate(body.split("\n"), start=offset + 1):
            if FENCE_RE.match(line):
                fenced = not fenced
            match = None if fenced else HEADING_RE.match(line)
            if match and len(match[1]) <= level:
                current = None
                if len(match[1]) == level:
                    current = self._section(f, match[2], number, anchors, hint, heading_is)
                    if current is not None:
                        found.append(current)
                continue
            if current is not None:
                current.lines.append(line)
        if not found:
            self.logger.warning("%s: no level-%d heading; no talk on this page", f.path, level)
        return found

    def _section(
        self,
        f: SourceFile,
        raw_heading: str,
        number: int,
        anchors: dict[str, int],
        hint: str,
        heading_is: str,
    ) -> Section | None:
        attr = ATTR_LIST_RE.search(raw_heading)
        custom = ""
        if attr:
            raw_heading = raw_heading[: attr.start()]
            ids = re.findall(r"#([\w-]+)", attr[1])
            custom = ids[0] if ids else ""
        heading = plain_text(raw_heading)
        if not heading:
            self.logger.warning("%s:%d: empty heading; section skipped", f.path, number)
            return None
        anchor = custom or toc_slug(heading)
        seen = anchors.get(anchor, 0)
        anchors[anchor] = seen + 1
        if seen and not custom:
            anchor = f"{anchor}_{seen}"  # MkDocs numbers repeated anchors the same way
        return Section(f, heading, anchor, number, hint=hint, heading_is=heading_is)

    # -- schedule tables ------------------------------------------------------------------------

    def slots(self, f: SourceFile, body: str, offset: int, description: str) -> list[Slot]:
        """Every cell of every table of a schedule page, with its day and start time."""
        lines = body.split("\n")
        found: list[Slot] = []
        i = 0
        while i < len(lines) - 1:
            if lines[i].lstrip().startswith("|") and TABLE_SEP_RE.match(lines[i + 1]):
                end = i + 2
                while end < len(lines) and lines[end].lstrip().startswith("|"):
                    end += 1
                context = self._context_day(f.path, lines[:i], description, offset + i + 1)
                found += self._table(f.path, lines, i, end, offset, context)
                i = end
            else:
                i += 1
        if not found:
            self.logger.warning("%s: no schedule table; talks keep no time", f.path)
        return found

    def _context_day(
        self, path: str, before: list[str], description: str, line: int
    ) -> dt.date | None:
        """The day a table without day columns is on: the nearest mention above it."""
        for text in [*reversed(before), description]:
            day = self.day_of(text, path, line, quiet=True)
            if day is not None:
                return day
        return None

    def day_of(self, text: str, path: str, line: int, quiet: bool = False) -> dt.date | None:
        """A date written out ("April 19, 2024"), else a weekday placed in the edition's dates."""
        text = plain_text(text)
        match = MONTH_DATE_RE.search(text)
        if match:
            try:
                return dateparser.parse(match[0]).date()
            except (ValueError, OverflowError):
                pass
        match = WEEKDAY_RE.search(text)
        if not match:
            return None
        weekday = WEEKDAYS.index(match[1].lower())
        start, end = self.edition.start_date, self.edition.end_date
        if start is None:
            if not quiet:
                self.logger.warning(
                    "%s:%d: day: %r, but the edition has no dates (-a start= -a end=)",
                    path,
                    line,
                    match[1],
                )
            return None
        end = end or start
        day = start
        while day <= end:
            if day.weekday() == weekday:
                return day
            day += dt.timedelta(days=1)
        self.logger.warning(
            "%s:%d: day: no %s between %s and %s", path, line, match[1].title(), start, end
        )
        return None

    def _table(
        self, path: str, lines: list[str], start: int, end: int, offset: int, day: dt.date | None
    ) -> list[Slot]:
        header = table_cells(lines[start])
        time_col = next((i for i, h in enumerate(header) if "time" in h.lower()), 0)
        day_cols = {
            i: self.day_of(h, path, offset + start + 1)
            for i, h in enumerate(header)
            if i != time_col and WEEKDAY_RE.search(plain_text(h))
        }
        if not day_cols:
            first = next((i for i in range(len(header)) if i != time_col), None)
            day_cols = {} if first is None else {first: day}
        rows = []
        for index in range(start + 2, end):
            cells = table_cells(lines[index])
            raw_time = cells[time_col] if time_col < len(cells) else ""
            rows.append((offset + index + 1, cells, raw_time, self._time(raw_time)))
        times = self._repair_times(path, rows)
        found = []
        for (number, cells, _raw, _), time in zip(rows, times, strict=True):
            for col, col_day in day_cols.items():
                if col < len(cells) and plain_text(cells[col]):
                    found.append(self._slot(path, number, col_day, time, cells[col]))
        return found

    @staticmethod
    def _time(raw: str) -> dt.time | None:
        match = TIME_RE.search(html.unescape(raw))
        if not match:
            return None
        hour, minute = int(match[1]), int(match[2])
        half = (match[3] or "").lower()
        if half == "p" and hour < 12:
            hour += 12
        elif half == "a" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        return dt.time(hour, minute)

    def _repair_times(self, path: str, rows: list[tuple[int, list[str], str, Any]]) -> list[Any]:
        """Start times in grid order; one twelve hours out of order is read in the other half."""
        times = [row[3] for row in rows]
        for i, (number, _cells, raw, time) in enumerate(rows):
            if time is None:
                if raw.strip():
                    self.logger.warning(
                        "%s:%d: time: unreadable %r; slot keeps no time", path, number, raw
                    )
                continue
            prev = next((t for t in reversed(times[:i]) if t is not None), None)
            nxt = next((t for t in times[i + 1 :] if t is not None), None)
            if (prev is None or prev <= time) and (nxt is None or time <= nxt):
                continue
            minutes = time.hour * 60 + time.minute
            other = (minutes + 12 * 60) % (24 * 60)
            fixed = dt.time(other // 60, other % 60)
            if (prev is None or prev <= fixed) and (nxt is None or fixed <= nxt):
                self.logger.warning(
                    "%s:%d: time: %r is out of the grid's order; read as %s",
                    path,
                    number,
                    " ".join(html.unescape(raw).split()),
                    fixed.strftime("%H:%M"),
                )
                times[i] = fixed
            else:
                self.logger.warning(
                    "%s:%d: time: %r is out of the grid's order (kept)",
                    path,
                    number,
                    " ".join(html.unescape(raw).split()),
                )
        return times

    def _slot(
        self, path: str, number: int, day: dt.date | None, time: dt.time | None, cell: str
    ) -> Slot:
        parts = BR_RE.split(cell)
        link = LINK_RE.search(cell)
        if link:
            title, href = plain_text(link[1]), link[2]
            after = cell[link.end() :]
        else:
            title = next((plain_text(p) for p in parts if plain_text(p)), "")
            href, after = "", cell[len(parts[0]) :] if len(parts) > 1 else ""
        names = [plain_text(p) for p in BR_RE.split(after) if plain_text(p)]
        return Slot(path, number, day, time, title, href, names)

    # -- joining --------------------------------------------------------------------------------

    def join(self, sections: list[Section], slots: list[Slot]) -> None:
        """Join grid cells to sections: by the cell's link, then by title."""
        by_anchor = {(s.stem, s.anchor): s for s in sections}
        taken: set[int] = set()
        for slot in slots:
            if not slot.href:
                continue
            target, _, anchor = slot.href.partition("#")
            segments = [p for p in target.split("/") if p and p not in (".", "..")]
            stem = page_stem(segments[-1]) if segments else page_stem(slot.page)
            section = by_anchor.get((stem, anchor))
            if section is not None and id(section) not in taken:
                slot.section = section
                taken.add(id(section))
                if title_score(slot.title, section.heading) < 1 and section.heading_is == "title":
                    self.logger.info(
                        "%s: joined by its link to %r (titles differ)", slot.where, section.heading
                    )
            else:
                self.logger.warning(
                    "%s: link %r names no section; joining by title", slot.where, slot.href
                )
        free = [s for s in slots if s.section is None]
        for section in sections:
            if id(section) in taken or section.heading_is != "title":
                continue
            scored = [(title_score(s.title, section.heading), s) for s in free]
            best = max((score for score, _ in scored), default=0.0)
            if best < self.title_threshold:
                continue
            candidates = [s for score, s in scored if score == best]
            slot = self._pick(section, candidates)
            if slot is None:
                self.logger.warning(
                    "%s: %d grid cells fit %r equally; not joined",
                    section.where,
                    len(candidates),
                    section.heading,
                )
                continue
            slot.section = section
            taken.add(id(section))
            free.remove(slot)
            self.logger.info("%s: joined by title to %s", section.where, slot.where)
        for section in sections:
            if id(section) not in taken:
                self.logger.warning(
                    "%s: title: %r is in no schedule table; start left empty",
                    section.where,
                    section.heading,
                )

    @staticmethod
    def _pick(section: Section, candidates: list[Slot]) -> Slot | None:
        """One cell of several equal ones: the N-th by time when the heading says "Day N"."""
        if len(candidates) == 1:
            return candidates[0]
        match = DAY_NUMBER_RE.search(section.heading)
        ordered = sorted(candidates, key=lambda s: (s.day or dt.date.max, s.time or dt.time()))
        if match and 1 <= int(match[1]) <= len(ordered):
            days = {s.day for s in ordered}
            if len(days) == len(ordered):
                return ordered[int(match[1]) - 1]
        return None

    # -- talks ----------------------------------------------------------------------------------

    def start_of(self, slot: Slot | None) -> dt.datetime | dt.date | None:
        """A slot's start as a local aware datetime (the date alone when the time is unknown)."""
        if slot is None or slot.day is None:
            return None
        if slot.time is None:
            return slot.day
        when = dt.datetime.combine(slot.day, slot.time)
        if self.edition.timezone:
            when = when.replace(tzinfo=ZoneInfo(self.edition.timezone))
        return when

    def page_url(self, path: str, anchor: str = "") -> str | None:
        """The rendered page of a source page (MkDocs directory URLs), with the anchor."""
        if not self.edition.url:
            return None
        docs_dir = self.options.docs_dir.strip("/") + "/"
        route = path[len(docs_dir) :] if path.startswith(docs_dir) else path
        route = re.sub(r"(^|/)index\.md$", r"\1", route)
        route = re.sub(r"\.(md|markdown)$", "/", route)
        url = urljoin(self.edition.url.rstrip("/") + "/", route)
        return f"{url}#{anchor}" if anchor else url

    def section_talk(self, event: Event, section: Section, slot: Slot | None) -> None:
        """A talk from a section (and its grid cell)."""
        where = section.where
        lines = section.lines
        speakers, speaker_at = self._speakers(section)
        if section.heading_is == "speaker":
            speakers = [self.clean_name(section.heading, where)]
            abstract = lines
        else:
            abstract = lines[:speaker_at] if speaker_at is not None else lines
        iframe = self._iframe(section)
        videos = [youtube_watch_url(iframe["src"])] if iframe and iframe.get("src") else []
        title = section.heading
        if section.heading_is == "speaker":
            title = self._iframe_title(iframe, speakers) or (slot.title if slot else "")
        if not title:
            self.logger.error("%s: title: none (heading is the speaker); talk skipped", where)
            event.skip(f"talk {section.stem}#{section.anchor}", "invalid", f"{where}: no title")
            return
        reason = not_talk_reason(title)
        if reason and not speakers and not videos:
            event.skip(f"talk {section.stem}#{section.anchor} {title!r}", reason, where)
            return
        if self.skip_cancelled(event, f"{section.stem}#{section.anchor}", title, where):
            return
        if not speakers:
            self.logger.warning("%s: speakers: no speaker line", where)
        description, links = self._description(section, abstract)
        url = self.page_url(section.page.path, section.anchor)
        related = self.page_link(url)
        hint = f"{section.hint} {slot.title if slot else ''}"
        talk = Talk(
            source_id=f"{section.stem}#{section.anchor}",
            title=title,
            speakers=speakers,
            description=description,
            description_format="markdown",
            start=self.start_of(slot),
            raw_start=self._raw_start(slot),
            kind=talk_kind(title, hint),
            url=url,
            related_urls=[*related, *links],
            video_urls=videos,
            source_url=section.page.url,
        )
        self.add_talk(event, talk, section)

    def slot_talk(self, event: Event, slot: Slot) -> None:
        """A grid cell no section joined: a talk when it is of a talk kind, else a skip."""
        reason = not_talk_reason(slot.title)
        if reason:
            event.skip(f"slot {slot.title!r}", reason, slot.where)
            return
        kind = talk_kind(slot.title)
        if slot.href:
            self.logger.warning("%s: no section joined (link %r)", slot.where, slot.href)
        if kind == "talk":
            event.skip(f"slot {slot.title!r}", "not a talk", slot.where)
            return
        day = slot.day.isoformat() if slot.day else "?"
        time = slot.time.strftime("%H:%M") if slot.time else "?"
        talk = Talk(
            source_id=f"{page_stem(slot.page)}@{day}T{time}",
            title=slot.title,
            speakers=[self.clean_name(n, slot.where) for n in slot.names],
            start=self.start_of(slot),
            raw_start=self._raw_start(slot),
            kind=kind,
            url=self.page_url(slot.page),
            source_url=slot.page,
        )
        self.add_talk(event, talk, slot)

    @staticmethod
    def _raw_start(slot: Slot | None) -> str:
        if slot is None:
            return ""
        return f"{slot.day or '?'} {slot.time.strftime('%H:%M') if slot.time else '?'}"

    def _speakers(self, section: Section) -> tuple[list[str], int | None]:
        """The names of the section's speaker line (or the list after it) and its index."""
        pattern = re.compile(self.options.speaker_line or SPEAKER_LINE, re.I)
        for index, line in enumerate(section.lines):
            match = pattern.match(line)
            if not match:
                continue
            text = plain_text(match[1] if match.groups() else "")
            names = [n for n in (p.strip() for p in text.split(",")) if n]
            if not names:
                for item in section.lines[index + 1 :]:
                    if not item.strip():
                        if names:
                            break
                        continue
                    listed = LIST_ITEM_RE.match(item)
                    if not listed:
                        break
                    names.append(plain_text(listed[1]))
            where = f"{section.where}: speakers"
            return [self.clean_name(n, where) for n in names if n], index
        return [], None

    def _iframe(self, section: Section) -> dict[str, str] | None:
        """The attributes of the section's first iframe (the recording)."""
        for line in section.lines:
            match = IFRAME_RE.search(line)
            if match:
                attrs = {}
                for m in ATTR_RE.finditer(match[1]):
                    attrs[m[1].lower()] = html.unescape(m[2] or m[3] or m[4] or "")
                if not attrs.get("src"):
                    self.logger.warning("%s: video_urls: iframe without src", section.where)
                return attrs
        return None

    def _iframe_title(self, iframe: dict[str, str] | None, speakers: list[str]) -> str:
        """The talk title an embed's title gives: "Title (Speaker) - Event" -> "Title"."""
        title = " ".join(str((iframe or {}).get("title") or "").split())
        if title.lower() in self.generic_iframe_titles:
            return ""
        event_words = {w for w in title_key(self.edition.title).split() if not w.isdigit()}
        parts = re.split(r"\s+[-|–—]\s+", title)
        while len(parts) > 1 and event_words & set(title_key(parts[-1]).split()):
            parts.pop()
        title = " - ".join(parts)
        for name in speakers:
            title = re.sub(r"\s*\(\s*" + re.escape(name) + r"\s*\)", "", title, flags=re.I)
        return title.strip()

    def _description(self, section: Section, lines: list[str]) -> tuple[str, list[dict[str, str]]]:
        """The abstract's Markdown without media, and its lone links as ``related_urls``."""
        kept: list[str] = []
        links: list[dict[str, str]] = []
        base = self.page_url(section.page.path) or ""
        for line in lines:
            if IFRAME_RE.search(line) or HTML_ONLY_LINE_RE.match(line):
                continue
            line = IMAGE_RE.sub("", line)
            lone = LINK_ONLY_RE.match(line)
            if lone and not line.startswith((" ", "\t")):
                url = urljoin(base, lone[2]) if base else lone[2]
                if url.startswith(("http://", "https://")):
                    links.append({"label": plain_text(lone[1]), "url": url})
                    continue
            if not line.strip() and not (kept and kept[-1].strip()):
                continue
            kept.append(line.rstrip())
        return "\n".join(kept).strip(), links
