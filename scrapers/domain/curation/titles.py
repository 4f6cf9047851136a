"""Titles: a YouTube title taken apart into the talk's title and the speakers it names.

YouTube titles mix the talk title with speaker names, the event name and session labels
("Title - Speaker | PyCon X 2024", "Speaker: Title", "[PyBR14] Title - Speaker"). Each split
of the title is a candidate; one video picks an unambiguous one, an event the one at the place
its titles put the speakers (`evidence._event_shape`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from scrapers.domain.curation.evidence import _Event, _event, _is_event_segment, _strip_event
from scrapers.domain.curation.names import (
    _byline_texts,
    _given,
    _known_given,
    _lower_name,
    _name_score,
    _split_names,
    _uncased_name,
    _vouched_names,
    split_names,
)
from scrapers.domain.curation.policy import (
    _QUOTES,
    _SEP_RE,
    _YEAR_RE,
    _after_first,
    _before_last,
    _first_names,
    _is_label,
    _policy,
    _unquote,
)


@lru_cache(maxsize=1)
def _initial_names_re() -> re.Pattern[str]:
    """Initial-and-surname bylines at a title's start ("H. Krosing", "E  Janssens &  J
    Dierckx")."""
    particles = "|".join(re.escape(p) for p in sorted(_policy()["_particles"]) if p.isalpha())
    person = rf"[A-Z](?:\.\s*|\s{{2,}})(?:(?i:{particles})\s+)?[A-Z][^\W\d_]+"
    return re.compile(rf"^{person}(?:\s*(?:&|,|and)\s*{person})*\s+(?=\S)")


def _strip_initial_names(t: str) -> str:
    """Drop initial-and-surname bylines that open a title without a separator.

    "H. Krosing Python and PostgreSQL ...", "K  Lautaportti Introduction to Cassandra" (the dot
    lost to two spaces): an initial with a dot or two spaces after it opens a title only as a
    name, so the surname and any co-authors ("E  Janssens &  J  Dierckx") are removed. Nobody
    is reported: an initial is not a given name.
    """
    m = _initial_names_re().match(t)
    rest = t[m.end() :] if m else ""
    if not m or _SEP_RE.match(t, m.end() - 1) or not re.match(r"[^\W_]", rest):
        return t
    head = _SEP_RE.split(rest)[0]
    if head != rest and len(head.split()) <= 2:
        return t  # "S.  Citron Pousty - Python in the cloud": the name runs to the separator
    return rest


@dataclass
class _Candidate:
    title: str
    names: list[str]
    strong: bool
    score: int
    pos: str = ""  # where the names sit: "first", "last", "last2" (before an org), "by"
    confirmed: bool = True  # False: a colon split whose names no first-name list vouches for
    sep: str = ""  # the separator's kind: ":", "|", "/", "-" or "by"
    lone: bool = False  # one word ("Sasidhar"): used only where the event's shape puts names

    @property
    def shape(self) -> tuple[str, str]:
        return self.pos, self.sep


def _weak_sep(sep: str) -> bool:
    """A colon or a bare run of spaces: separators that also end title prefixes ("Practicality
    Beats Purity: ...", "Mock Object Library   Common Pitfalls and Best Practices")."""
    return ":" in sep or not sep.strip()


def _sep_kind(sep: str) -> str:
    return "by" if sep == "by" else next((k for k in ":|/" if k in sep), "-")


def _quoted_other(title: str, raw_names: str) -> tuple[list[str], bool] | None:
    """Names beside a wholly quoted title ('"Oops! I Became a Maintainer" - Mariatta'): the
    quotes say which part is the title, so the other part is the speakers, even one word."""
    if _unquote(title) == title.strip():
        return None
    res = _split_names(raw_names, lone_ok=True)
    if res:
        return res[0], True
    # "samuel oranyeli", "errbufferoverfl": still the speaker part, cut from the title, but a
    # name this tool cannot vouch for is not reported
    raw = raw_names.strip()
    return ([raw], False) if raw and len(raw.split()) <= 4 and not _is_label(raw) else None


def _byline_named(description: str, raw: str) -> tuple[list[str], bool] | None:
    """The title's name part, spelled exactly as a byline of the description gives it ("By
    J.M. Ortega", "By JunWei Song, KunYu Chen", "By Laurent PICARD"): the byline vouches for
    spellings the name rules refuse."""
    raw = " ".join(raw.split())
    if raw and any(" ".join(n.split()) == raw for n in _byline_texts(description)):
        return _vouched_names(raw)
    return None


def _quoted_in(description: str, title: str, names: list[str]) -> bool:
    """The description repeats the split with the title part in quotes beside the names
    ('Rudradeb Mitra: "Machine learning ..."'): the video's own text says which part is which."""
    title = _unquote(title.strip())
    if len(title) < 8 or not all(n in description for n in names):
        return False
    for q, end in _QUOTES.items():
        if q in "'‘":
            continue  # apostrophes are too often inside words
        if re.search(
            re.escape(q) + r"\s*" + re.escape(title) + r"\s*" + re.escape(end), description
        ):
            return True
    return False


def _title_candidates(
    t: str, description: str, known: Callable[[str], str | None] | None, ev: _Event | None = None
) -> list[_Candidate]:
    ev = ev or _Event(set(), set(), None)
    pol = _policy()
    parts = _SEP_RE.split(t)
    seps = _SEP_RE.findall(t)
    out: list[_Candidate] = []

    firsts = _first_names()

    def add(
        title: str,
        raw_names: str,
        pos: str,
        sep: str,
        res: tuple[list[str], bool] | None = None,
        colon: bool = False,
    ) -> None:
        lone = False
        if res is None:
            res = _split_names(raw_names) or _byline_named(description, raw_names)
            if res is None and len(raw_names.split()) == 1:
                # "... - Sasidhar": only the event's own title shape can vouch for one word
                res, lone = _split_names(raw_names, lone_ok=True), True
            elif res is None and _lower_name(raw_names):
                # "vigneshwer dhinakaran - ...": a name typed in lower case, cut only where the
                # event's shape puts names, and never reported
                res, lone = ([raw_names.strip()], False), True
        # "Practicality Beats Purity: ..." - a colon also ends title prefixes, so a colon split
        # needs a known first name, or (in curate_event) the event's own title shape
        confirmed = not (
            res
            and colon
            and not all(_given(n) in firsts or (known and known(n)) for n in res[0])
            and not _quoted_in(description, title, res[0])
        )
        title = title.strip()
        if title and _is_event_segment(title, ev) and not _is_label(title):
            return  # "EuroSciPy 2018 - Poster Introductions": nothing is left for a title
        if res and title:
            names, strong = res
            score = _name_score(names, description, known, t) + (10 if strong else 0)
            out.append(
                _Candidate(
                    title, names, strong, score, pos, confirmed and not lone, _sep_kind(sep), lone
                )
            )

    if len(parts) > 1:
        # Speaker first: "Speaker - Title", "Keynote: Speaker - Title"
        first = 0
        if _is_label(parts[0]) and len(parts) > 2:
            first = 1
        rest = _after_first(t, parts, seps, first)
        # a colon, or a run of spaces, also ends a title prefix: the names need vouching for
        colon = _weak_sep(seps[first]) or (first > 0 and _weak_sep(seps[0]))
        add(rest, parts[first], "first", seps[first], _quoted_other(rest, parts[first]), colon)
        if len(parts) > first + 2 and seps[first].strip() == "/" and not _weak_sep(seps[first + 1]):
            # "Vitaliy Androsenko / Andrey Kobyshev - The hell ...": co-speakers between slashes
            one, two = _split_names(parts[first]), _split_names(parts[first + 1])
            if one and two and one[1] and two[1]:
                more = _after_first(t, parts, seps, first + 1)
                add(more, parts[first], "first", seps[first], (one[0] + two[0], True), colon)
        # Speaker last: "Title - Speaker", "Title / Speaker / Company"
        head = _before_last(t, parts, seps)
        add(head, parts[-1], "last", seps[-1], _quoted_other(head, parts[-1]), _weak_sep(seps[-1]))
        if (
            len(parts) > 2
            and seps[-1].strip() in {"/", "|"}
            and len(parts[-1].split()) <= 3
            and _split_names(parts[-1]) is None
        ):
            cut = len(parts[-1]) + len(seps[-1]) + len(parts[-2]) + len(seps[-2])
            add(t[: len(t) - cut], parts[-2], "last2", seps[-2])
    # "Title (Speaker)": a closing parenthesis of known given names, with no other name part
    m = re.search(r"\s*\(([^()]+)\)\s*$", t)
    if m and len(parts) == 1 and not _is_label(m.group(1)):
        res = _split_names(m.group(1))
        if res and _known_given(res[0]):
            add(t[: m.start()], m.group(1), "paren", "(", res)
    m = pol["_byline_re"].match(t)
    if m and not _SEP_RE.search(m.group("s")):
        explicit = m.group("by").casefold() == "presented by"
        res = _split_names(m.group("s"), lone_ok=explicit)
        if res is None and explicit:
            res = _vouched_names(m.group("s"))  # "presented by Or Chen"
        if res is None and explicit and len(m.group("s").split()) == 1:
            res = [m.group("s").strip()], False  # "presented by disconnect3d": a handle, unreported
        if res and (res[1] or explicit):  # a weak "by X" is too often prose ("by Example")
            add(m.group("t").rstrip(" ,-–—"), m.group("s"), "by", "by", res)
    return out


@dataclass
class _TitleParse:
    """One YouTube title taken apart: the title without event names and its speaker candidates."""

    ev: _Event
    stripped: str
    cands: list[_Candidate]

    @property
    def shapes(self) -> set[tuple[str, str]]:
        """This title's vote on the event's shape: where its full-name candidates sit."""
        return {c.shape for c in self.cands if c.strong}


def _parse_title(
    title: str,
    event_title: str,
    description: str = "",
    known_names: Callable[[str], str | None] | None = None,
    ev: _Event | None = None,
) -> _TitleParse:
    ev = ev or _event(event_title)
    title = title.replace("\u200b", "").strip()
    tail = re.search(r"\(([^()]{1,8})\)\s*$", title)
    if any(_uncased_name(p) for p in _SEP_RE.split(title)[1:]) or (
        tail and _uncased_name(tail.group(1))
    ):
        return _TitleParse(ev, title, [])  # left whole: see _uncased_name
    t = _strip_event(title, ev)
    t = re.sub(rf"^(?:{'|'.join(_policy()['strip_leading_labels'])})\s*:\s+", "", t, flags=re.I)
    t = _strip_initial_names(t)
    cands = [c for c in _title_candidates(t, description, known_names, ev) if c.score > -10]
    return _TitleParse(ev, t, cands)


def _pick(parse: _TitleParse, shape: tuple[str, str] | None = None) -> _Candidate | None:
    """The candidate to use, or None; `shape` is the event's dominant (position, separator).

    Alone, a video needs an unambiguous best candidate, and a colon split a known first name.
    In an event whose titles consistently put the names at one place, a candidate at that
    place wins over the others and needs no first-name list: the event vouches for it.
    """
    if shape is not None:
        at = [c for c in parse.cands if c.shape == shape]
        # a one-word name only when nothing else in the title is vouched for
        at = [c for c in at if not c.lone] or ([] if any(c.confirmed for c in parse.cands) else at)
        if at:
            return max(at, key=lambda c: c.score)
    cands = [c for c in parse.cands if c.confirmed]
    if not cands:
        return None
    best = max(c.score for c in cands)
    top = [c for c in cands if c.score == best]
    if len({tuple(c.names) for c in top}) > 1:
        return None  # "Product Strategy - Kay Miles": both sides look like names
    return top[0]


def _finish(parse: _TitleParse, cand: _Candidate | None) -> tuple[str, list[str]]:
    if cand is None:
        title = _unquote(parse.stripped)
        # "Carol Willing - PyCon Colombia 2019": nothing but a name is left; it names the
        # speaker, and stays the title for want of another
        names = split_names(title)
        if names and _known_given(names):
            return title, names
        return title, []
    new_title = _strip_event(cand.title, parse.ev)
    m = re.search(r"\s*\(([^()]+)\)$", new_title)
    if m and _is_label(m.group(1)):  # "... (Keynote Talk) by Kiran Jonnalagadda"
        new_title = new_title[: m.start()]
    new_title = _unquote(new_title)
    # "Keynote - Jake Vanderplas": the label is the title and the name goes to `speakers`
    # (FORMAT.md: no speaker name in a title); a name that is not reported ("Lightning Talk -
    # Gokul") stays in the title, where a reader still finds it
    if not re.search(r"[^\W\d_]", new_title) or (_is_label(new_title) and not cand.strong):
        new_title = _unquote(parse.stripped)
    return new_title, (cand.names if cand.strong else [])


def curate_title(
    title: str,
    event_title: str,
    description: str = "",
    *,
    known_names: Callable[[str], str | None] | None = None,
) -> tuple[str, list[str]]:
    """Return (talk title, speakers found in the title), from this video's evidence alone."""
    parse = _parse_title(title, event_title, description, known_names)
    return _finish(parse, _pick(parse))


def _drop_leading_name(title: str, speakers: list[str]) -> str:
    """Remove a speaker's exact name that opens the title with no separator after it.

    "Kenneth Love Those Who Care, Teach!" (pycascades-2018): once the speaker is known from
    the description, the name glued to the title is no part of it. What remains must be two
    words or more and not a session label, so "Alex Chan Keynote Talk" and a title about its
    speaker stay as they are.
    """
    for name in speakers:
        rest = title[len(name) :].strip() if title.startswith(name + " ") else ""
        if len(rest.split()) >= 2 and re.match(r"[\w\"'“‘¿¡(]", rest) and not _is_label(rest):
            return rest
    return title


def fuller_title(schedule_title: str, video_title: str) -> str:
    """The schedule's title, or the video's curated title when it is that title plus a subtitle.

    Schedule grids shorten titles ("God is Real"); the upload keeps the whole ("God Is Real
    (unless declared an integer)"). Only a parenthesis or a colon extends: after a dash the
    extra words are too often a speaker or a company, and a label or a name never counts.
    """
    s, v = schedule_title.strip(), video_title.strip()
    if len(v) <= len(s) or not v.casefold().startswith(s.casefold()) or not s:
        return s
    m = re.fullmatch(r"\s*(?:\((?P<paren>[^()]{3,})\)|:\s+(?P<colon>\S.{2,}))", v[len(s) :])
    extra = m and (m.group("paren") or m.group("colon"))
    if not extra or _is_label(extra) or _split_names(extra, lone_ok=True) is not None:
        return s
    # a subtitle has prose in it; capitalised words alone may be names this tool cannot read
    particles = _policy()["_particles"]
    if not any(w.islower() and len(w) > 1 and w not in particles for w in extra.split()):
        return s
    if _is_event_segment(extra, _event("")) or _YEAR_RE.search(extra):
        return s
    return v


def title_language(title: str) -> str | None:
    """The spoken language a title's tag states ("[ENG] Konstantin Ignatov: ..."), ISO 639-3."""
    pol = _policy()
    for m in re.finditer(r"\[([^\[\]]{2,10})\]", title):
        code = pol["title_language_tags"].get(m.group(1).strip().casefold())
        if code:
            return code
    return None
