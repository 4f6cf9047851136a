"""Event-level evidence: what an event's videos, taken together, say that one video cannot.

The event's names (its title's words, year and series, the channel labels its titles repeat),
the vote on where its titles put the speakers, and whether its descriptions name the speakers
often enough to be trusted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from scrapers.domain.curation.names import _given, _split_names, split_names
from scrapers.domain.curation.policy import (
    _SEP_RE,
    _YEAR_RE,
    _after_first,
    _before_last,
    _first_names,
    _is_label,
    _policy,
    _words,
)


@dataclass
class _Event:
    tokens: set[str]
    strong: set[str]
    year: str | None
    # edge segments this event's titles repeat ("MP##", "Write the Docs"), normalised by _boiler_key
    boiler: frozenset[str] = frozenset()
    series: frozenset[str] = frozenset()  # the event title's leading words, 2 or more
    # answers already given for this event: a title's segments repeat across its videos and
    # its stages (`_is_event_segment` by segment; `_strip_event` by title and channel labels)
    memo: dict = field(default_factory=dict, repr=False, compare=False)


def _event(event_title: str) -> _Event:
    pol = _policy()
    year_m = _YEAR_RE.search(event_title)
    words = [w for w in _words(event_title) if not w.isdigit()]
    toks = set(words)
    strong = {t for t in toks if t not in pol["_generic"] and len(t) > 1}
    # "Write the Docs" in "Write the Docs Portland 2018": the series name, without place or year
    names = frozenset(" ".join(words[:k]) for k in range(2, len(words) + 1))
    return _Event(toks, strong, year_m.group(1) if year_m else None, series=names)


_TOKEN_RE = re.compile(r"[^\W_]+")
_SHORT_DATE_RE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2}\b")
_ROMAN_RE = re.compile(r"[ivx]+")


def _is_event_segment(seg: str, ev: _Event) -> bool:
    """True if `seg` only names the event ("PyConline AU 2021", "[PyBR14]", "PD Eindhoven 2019").

    A segment that names another year ("EuroSciPy 2017" inside a 2018 event) is kept: it says
    something about the talk that the event title does not.
    """
    key = ("segment", seg)
    if key not in ev.memo:
        ev.memo[key] = _names_only_event(seg, ev)
    return ev.memo[key]


def _names_only_event(seg: str, ev: _Event) -> bool:
    pol = _policy()
    raw_tokens = _TOKEN_RE.findall(seg)
    if not raw_tokens:
        return False
    years = _YEAR_RE.findall(seg)
    if ev.year and any(y != ev.year for y in years):
        return False
    if not years and " ".join(_words(seg)) in ev.series and len(seg.strip()) >= 8:
        return True
    has_year = bool(years) or bool(_SHORT_DATE_RE.search(seg))
    strong = False
    for raw in raw_tokens:
        tok = raw.casefold()
        if tok in ev.strong or pol["_conf_re"].fullmatch(tok.lstrip("0123456789")):
            strong = True
            continue
        if tok in ev.tokens or tok in pol["_filler"] or tok.isdigit():
            continue
        if raw.isupper() and raw.isalpha() and len(raw) <= 5:  # APAC, PD, LT
            continue
        if _ROMAN_RE.fullmatch(tok):  # Kiwi PyCon X
            continue
        return False
    return strong or (has_year and any(t.casefold() in ev.tokens for t in raw_tokens))


def _is_placeholder(seg: str, ev: _Event) -> bool:
    """True if `seg` stands for the speakers without naming one ("Various", "PyCon.DE Crew")."""
    m = _policy()["_placeholder_re"].fullmatch(seg.strip())
    return bool(m) and (not m.group("lead") or _is_event_segment(m.group("lead"), ev))


def _boiler_key(seg: str) -> str:
    """A title segment with its numbers blurred: "MP63" and "MP64" are one channel label."""
    return re.sub(r"\d+", "#", " ".join(_words(seg)))


def _repeated_edges(titles: list[str], ev: _Event) -> frozenset[str]:
    """Segments that open or close many of an event's titles ("... - Claude Arpin - MP64",
    "... - Tana Franko - Write the Docs"): channel labels, never a talk's title or speaker.

    Not counted: session labels ("Lightning Talk: ..."), which volunteers keep; names; segments
    naming another year (see `_is_event_segment`); segments whose removal would make two
    titles one ("Afternoon (Part 1)" / "(Part 2)"); and a segment a colon joins to the rest
    ("Beyond MicroPython: dataframes in the real world"), which is a series the title is in.
    """
    pol = _policy()["event_evidence"]
    rests: dict[str, list[str]] = defaultdict(list)
    for title in titles:
        t = _strip_event(title, ev)
        parts = _SEP_RE.split(t)
        seps = _SEP_RE.findall(t)
        if len(parts) < 3:
            continue
        edges = {
            parts[0]: (_after_first(t, parts, seps), seps[0]),
            parts[-1]: (_before_last(t, parts, seps), seps[-1]),
        }
        for seg, (rest, sep) in edges.items():
            if ":" in sep:
                continue  # "Beyond MicroPython: ...": a colon joins a series to its talk
            key = _boiler_key(seg)
            if key and not any(y != ev.year for y in _YEAR_RE.findall(seg)):
                rests[key].append(rest.strip().casefold())
    keys = {
        k
        for k, rest in rests.items()
        if len(rest) >= pol["boiler_min_videos"]
        and not _is_label(k)
        and _split_names(k.title()) is None  # not a speaker who gave several talks
    }
    made = Counter(r for k in keys for r in rests[k])
    return frozenset(k for k in keys if all(made[r] == 1 for r in rests[k]))


def _strip_event(title: str, ev: _Event) -> str:
    """Remove event names, years and hashtags at either end of the title."""
    key = ("strip", title, ev.boiler)  # the channel labels are found after a first pass
    if key not in ev.memo:
        ev.memo[key] = _stripped(title, ev)
    return ev.memo[key]


def _stripped(title: str, ev: _Event) -> str:
    t = title.strip()
    for _ in range(6):
        before = t
        t = _policy()["_tag_re"].sub("", t).strip()  # "[ENG]", "[LOW QUALITY]"
        # trailing hashtags (#MP35, #PiterPy) are channel tags, never part of a talk title
        t = re.sub(r"(?:\s*#[^\W\d_][\w-]*)+\s*$", "", t).strip()
        m = re.search(r"\s+by\s+(\S.*)$", t, re.IGNORECASE)  # "... by Various Speakers"
        if m and _is_placeholder(m.group(1), ev):
            t = t[: m.start()].strip()
        m = re.match(r"^\s*[\[(]([^\])]+)[\])]\s*", t)
        if m and _is_event_segment(m.group(1), ev):
            t = t[m.end() :].strip()
        m = re.search(r"\s*[\[(]([^\[\]()]+)[\])]\s*$", t)
        if m and _is_event_segment(m.group(1), ev):
            t = t[: m.start()].strip()
        parts = _SEP_RE.split(t)
        seps = _SEP_RE.findall(t)
        # a channel label is dropped only while a title and a speaker part remain
        if len(parts) > 2 and _boiler_key(parts[-1]) in ev.boiler:
            t = _before_last(t, parts, seps).strip()
        elif (len(parts) > 2 and _boiler_key(parts[0]) in ev.boiler) or (
            len(parts) > 1 and _is_event_segment(parts[0], ev)
        ):
            t = _after_first(t, parts, seps).strip()
        elif len(parts) > 1 and (
            _is_event_segment(parts[-1], ev) or _is_placeholder(parts[-1], ev)
        ):
            t = _before_last(t, parts, seps).strip()
        elif len(parts) > 1 and _is_placeholder(parts[0], ev):
            t = _after_first(t, parts, seps).strip()
        else:
            # "PyCon.DE 2017 Dominik Benz - ...": event prefix ending with its year, no separator
            if ev.year:
                m = re.match(rf"^(.{{2,40}}?\b{ev.year})[\s:,.]+(?=\S)", t)
                if m and _is_event_segment(m.group(1), ev):
                    rest = t[m.end() :].strip()
                    if _split_names(_SEP_RE.split(rest)[0]) is not None:
                        t = rest
                m = re.search(rf"[\s,]+(\S.{{1,40}}?\b{ev.year})$", t)
                if m and _is_event_segment(m.group(1), ev):
                    t = t[: m.start()].strip()
            # "#8PyData Warsaw Dominik Choma - ...": the longest run of event words, then a
            # name that starts with a known given name and is the only name-like part
            words = t.split(" ")
            for k in range(min(4, len(words) - 2), 0, -1):
                if _is_event_segment(" ".join(words[:k]), ev):
                    rest = " ".join(words[k:]).strip()
                    parts = _SEP_RE.split(rest)
                    names = split_names(parts[0]) if len(parts) > 1 else None
                    other = _split_names(parts[-1], lone_ok=True)
                    if (
                        names
                        and _given(names[0]) in _first_names()
                        # the last part is no rival name ("... - Lara Haidar", "... - Sasidhar");
                        # "AI: Differentiating Hype and Real Value" names nobody it knows
                        and not (
                            other
                            and (
                                len(other[0][0].split()) == 1
                                or any(_given(n) in _first_names() for n in other[0])
                            )
                        )
                    ):
                        t = rest
                    break
        t = re.sub(r"(?:\s+[|/–—-]+)+$", "", re.sub(r"^(?:[|/–—-]+\s+)+", "", t)).strip()
        if t == before or not t:
            break
    if not t or _contentless(t, ev):
        return title.strip()  # "PyData Amsterdam 2016", "EuroSciPy 2017: SciPy": no talk title
    return t


def _contentless(seg: str, ev: _Event) -> bool:
    """Only event words, conference names, numbers and filler ("PyData", "EuroSciPy 2017",
    "Day 2"): what is left when a title named nothing but the event and its day."""
    pol = _policy()
    toks = re.findall(r"[^\W_]+", seg)
    return bool(toks) and all(
        t.isdigit()
        or t.casefold() in ev.tokens
        or t.casefold() in pol["_filler"]
        or pol["_conf_re"].fullmatch(t.casefold())
        for t in toks
    )


def _names_event(line: str, ev: _Event) -> bool:
    """A description line that names the event ("PyData SF 2016", "RIIAA Summer School 2021")."""
    if _is_event_segment(line, ev):
        return True
    return bool(ev.year) and ev.year in line and bool(set(_words(line)) & ev.strong)


def _event_shape(shapes: list[set[tuple[str, str]]]) -> tuple[str, str] | None:
    """The (position, separator) where this event's titles put the speakers, if consistent.

    `shapes` holds each video's vote: the shapes of its title's full-name candidates
    (`titles._TitleParse.shapes`). Counted one vote per video and shape: a shape is the event's
    when it is seen in at least SHAPE_MIN_SHARE of the videos and SHAPE_DOMINANCE times as
    often as any other shape ("Speaker: Title" everywhere, not a mix of "A - B" orders).
    """
    pol = _policy()["event_evidence"]
    votes: Counter[tuple[str, str]] = Counter()
    for video in shapes:
        votes.update(video)
    if not votes:
        return None
    (shape, n), *rest = votes.most_common()
    runner_up = rest[0][1] if rest else 0
    if (
        n >= pol["shape_min_videos"]
        and n >= pol["shape_min_share"] * len(shapes)
        and n >= pol["shape_dominance"] * runner_up
    ):
        return shape
    return None


def _event_evidence(event_title: str, titles: list[str]) -> _Event:
    """The event's names, with the channel labels its titles repeat (`_repeated_edges`)."""
    ev = _event(event_title)
    ev.boiler = _repeated_edges(titles, ev)
    return ev


def _consistent(found: list[list[str] | None], share: float, described: int) -> bool:
    """Enough of the event's `described` videos (those with a description) give speakers this
    way for the event to vouch for it: a rule one video could not be trusted with."""
    n = sum(1 for f in found if f)
    return n >= _policy()["event_evidence"]["byline_min_videos"] and n >= share * described
