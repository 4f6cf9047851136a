"""Curation of YouTube metadata (title, speakers, description) into pyvideo records.

YouTube titles mix the talk title with speaker names, the event name and session labels
("Title - Speaker | PyCon X 2024", "Speaker: Title", "[PyBR14] Title - Speaker"). Reviewers want
the talk title alone, the real speaker names, and a description without boilerplate. The rules
here are deliberately conservative: a wrong speaker is worse than none, so every extractor
abstains unless the name is structurally unambiguous. Policy (word lists, patterns) lives in
``scrapers/data/curation.json``.

Run the benchmark with ``python -m scrapers.curation FILE`` or ``scrapy eval-curation FILE``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "curation.json"

# Separators between the parts of a YouTube title. Hyphens count only when spaced on at
# least one side, so "RAPIDS-Dask" or "Chatbot-From" stay intact.
_SEP_RE = re.compile(
    r"\s+[|/–—-]+\s+|\s*\|\s*|\s+[–—-](?=\S)|(?<=[^\s\d])[–—-]\s+|(?<=\S):\s+|\s+:\s+"
    r"|(?<=\S)\s{3,}(?=\S)"  # "Ezio Melotti   Capire le codifiche": a separator lost to spaces
    r"|(?<=\d)[–—-]\s+(?=[A-Z][^\W\d_A-Z])"  # "... with Python 101- Jacob Tomlinson"
    r"|(?<=[^\W\d_]{2})/\s+(?=[^\W\d_])"  # "... ПО/ Ирина Шубина", but not "w/ Python"
    r"|(?<=[^\W\d_A-Z]{2}):(?=[A-Z][^\W\d_A-Z])"  # "Imran Rashid:Training ..."
)
_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "‘": "’", "„": "“", "「": "」"}
_URL_RE = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")
_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


@dataclass
class Curated:
    """Curated metadata of one video, ready for a pyvideo record."""

    title: str
    speakers: list[str]  # raw-but-clean real names, in order; [] when not found
    description: str  # plain text/reST, boilerplate removed
    related_urls: list[dict] = field(default_factory=list)  # [{"label": ..., "url": ...}]
    language: str | None = None  # ISO 639-3 from a spoken-language tag ("[RUS] ..."), if any


# ---------------------------------------------------------------------------------------------
# Policy


@lru_cache(maxsize=1)
def _policy() -> dict[str, Any]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    flags = re.IGNORECASE | re.MULTILINE
    data["_conf_re"] = re.compile(
        "|".join(f"(?:{p})" for p in data["conference_token_patterns"]), re.IGNORECASE
    )
    tags = [*data["title_language_tags"], *data["title_quality_tags"]]
    tag = r"\[(?:" + "|".join(re.escape(t) for t in tags) + r")\]"
    data["_tag_re"] = re.compile(rf"^(?:\s*{tag})+\s*|\s*(?:{tag}\s*)+$", re.IGNORECASE)
    data["_placeholder_re"] = re.compile(data["speaker_placeholder_pattern"], re.IGNORECASE)
    data["_label_re"] = re.compile(rf"^\s*{data['session_label_pattern']}\s*$", re.IGNORECASE)
    data["_non_name"] = {w.casefold() for w in data["non_name_words"]}
    data["_particles"] = {w.casefold() for w in data["name_particles"]}
    data["_filler"] = {w.casefold() for w in data["event_filler_words"]}
    data["_generic"] = {w.casefold() for w in data["generic_event_words"]}
    data["_list_sep_re"] = re.compile(
        r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:"
        + "|".join(re.escape(w) for w in data["name_list_separators"])
        + r")\s+"  # case-sensitive: "Travis E Oliphant" is not "Travis and Oliphant"
    )
    byline = "|".join(re.escape(w) for w in data["byline_words"])
    data["_byline_re"] = re.compile(
        rf"^(?P<t>.+?)[\s,]+(?P<by>{byline})\s+(?P<s>[^|]+?)\s*$", re.IGNORECASE
    )
    data["_prose_res"] = [re.compile(p) for p in data["description_prose_bylines"]]
    data["_desc_speaker_re"] = re.compile(data["description_speaker_line"], re.IGNORECASE)
    data["_speakers_header_re"] = re.compile(data["speakers_header_line"], re.IGNORECASE)
    data["_slot_re"] = re.compile(data["schedule_slot_after_names"], re.IGNORECASE)
    data["_bp_lines"] = [re.compile(p, flags) for p in data["boilerplate_line_patterns"]]
    data["_bp_paras"] = [re.compile(p, flags) for p in data["boilerplate_paragraph_patterns"]]
    data["_headers"] = [re.compile(p, flags) for p in data["session_header_line_patterns"]]
    data["_url_rules"] = [
        (re.compile(r["pattern"], re.IGNORECASE), r["label"]) for r in data["related_url_rules"]
    ]
    data["_label_words"] = [
        (re.compile(rf"\b(?:{k})\b", re.IGNORECASE), v)
        for k, v in data["related_label_words"].items()
    ]
    return data


FIRST_NAMES_FILE = Path(__file__).parent / "data" / "first_names.json"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Given names (casefolded) from ``data/first_names.json``: a tie-breaker, never proof.

    The list is the first words of speaker names in the pyvideo-data tree (CC0), built by
    `build_first_names` without the benchmark's events, so the benchmark stays unseen.
    """
    return frozenset(json.loads(FIRST_NAMES_FILE.read_text(encoding="utf-8"))["names"])


def build_first_names(tree: str | Path, exclude_events: Iterable[str] = ()) -> list[str]:
    """First words of the two-or-more-word speaker names of a pyvideo-data tree, sorted."""
    pol = _policy()
    skip = set(exclude_events)
    found: set[str] = set()
    for path in sorted(Path(tree).glob("*/videos/*.json")):
        if path.parent.parent.name in skip:
            continue
        try:
            speakers = json.loads(path.read_text(encoding="utf-8")).get("speakers") or []
        except (OSError, ValueError):
            continue
        for name in speakers:
            toks = unicodedata.normalize("NFC", str(name)).split()
            first = toks[0] if len(toks) >= 2 else ""
            if _is_name_word(first) and first.casefold() not in pol["_non_name"]:
                found.add(first.casefold())
    return sorted(found)


# ---------------------------------------------------------------------------------------------
# Event names


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


@dataclass
class _Event:
    tokens: set[str]
    strong: set[str]
    year: str | None
    # edge segments this event's titles repeat ("MP##", "Write the Docs"), normalised by _boiler_key
    boiler: frozenset[str] = frozenset()
    series: frozenset[str] = frozenset()  # the event title's leading words, 2 or more


def _event(event_title: str) -> _Event:
    pol = _policy()
    year_m = _YEAR_RE.search(event_title)
    words = [w for w in _words(event_title) if not w.isdigit()]
    toks = set(words)
    strong = {t for t in toks if t not in pol["_generic"] and len(t) > 1}
    # "Write the Docs" in "Write the Docs Portland 2018": the series name, without place or year
    names = frozenset(" ".join(words[:k]) for k in range(2, len(words) + 1))
    return _Event(toks, strong, year_m.group(1) if year_m else None, series=names)


def _is_event_segment(seg: str, ev: _Event) -> bool:
    """True if `seg` only names the event ("PyConline AU 2021", "[PyBR14]", "PD Eindhoven 2019").

    A segment that names another year ("EuroSciPy 2017" inside a 2018 event) is kept: it says
    something about the talk that the event title does not.
    """
    pol = _policy()
    raw_tokens = re.findall(r"[^\W_]+", seg)
    if not raw_tokens:
        return False
    years = _YEAR_RE.findall(seg)
    if ev.year and any(y != ev.year for y in years):
        return False
    if not years and " ".join(_words(seg)) in ev.series and len(seg.strip()) >= 8:
        return True
    has_year = bool(years) or bool(re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{2}\b", seg))
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
        if re.fullmatch(r"[ivx]+", tok):  # Kiwi PyCon X
            continue
        return False
    return strong or (has_year and any(t.casefold() in ev.tokens for t in raw_tokens))


def _is_placeholder(seg: str, ev: _Event) -> bool:
    """True if `seg` stands for the speakers without naming one ("Various", "PyCon.DE Crew")."""
    m = _policy()["_placeholder_re"].fullmatch(seg.strip())
    return bool(m) and (not m.group("lead") or _is_event_segment(m.group("lead"), ev))


def _after_first(t: str, parts: list[str], seps: list[str], k: int = 0) -> str:
    """`t` without its first `_SEP_RE` parts and separators, up to part `k`."""
    return t[sum(len(p) + len(s) for p, s in zip(parts[: k + 1], seps, strict=False)) :]


def _before_last(t: str, parts: list[str], seps: list[str]) -> str:
    """`t` without its last `_SEP_RE` part and separator."""
    return t[: len(t) - len(parts[-1]) - len(seps[-1])]


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


# ---------------------------------------------------------------------------------------------
# Names


def _is_name_word(tok: str) -> bool:
    """A capitalised word in any cased script: "Kaplan-Moss", "O'Brien", "McKellar", "Ördög"."""
    pieces = re.split(r"[-'’]", unicodedata.normalize("NFC", tok))
    for i, p in enumerate(pieces):
        if not p or not p.isalpha():
            return False
        if i > 0 and len(p) <= 2 and p.islower():  # d'x, -la-
            continue
        if i == 0 and len(pieces) > 1 and p in "ODL" and tok[1] in "'’":  # O'Brien, D'Avila
            continue
        if not p[0].isupper() or len(p) < 2:
            return False
        rest = p[1:]
        if not any(c.islower() for c in rest):
            return False
        # at most one inner capital (McKellar, DeVito); "ChristophHeer" style joins are refused
        if sum(c.isupper() for c in rest) > 1:
            return False
        if sum(c.isupper() for c in rest) == 1 and not re.match(
            r"(?:Mc|Mac|De|Di|Du|Da|Le|La|O|Van|Von|Vander|Ter)[A-Z]", p
        ):
            return False
    return True


def _is_initial(tok: str) -> bool:
    """ "A", "A." and hyphenated initials ("J.-P." for Jean-Paul)."""
    return bool(re.fullmatch(r"[^\W\d_]\.?|[^\W\d_]\.-[^\W\d_]\.", tok)) and tok[0].isupper()


def _strip_initial_names(t: str) -> str:
    """Drop initial-and-surname bylines that open a title without a separator.

    "H. Krosing Python and PostgreSQL ...", "K  Lautaportti Introduction to Cassandra" (the dot
    lost to two spaces): an initial with a dot or two spaces after it opens a title only as a
    name, so the surname and any co-authors ("E  Janssens &  J  Dierckx") are removed. Nobody
    is reported: an initial is not a given name.
    """
    particles = "|".join(re.escape(p) for p in _policy()["name_particles"] if p.isalpha())
    person = rf"[A-Z](?:\.\s*|\s{{2,}})(?:(?i:{particles})\s+)?[A-Z][^\W\d_]+"
    m = re.match(rf"^{person}(?:\s*(?:&|,|and)\s*{person})*\s+(?=\S)", t)
    rest = t[m.end() :] if m else ""
    if not m or _SEP_RE.match(t, m.end() - 1) or not re.match(r"[^\W_]", rest):
        return t
    head = _SEP_RE.split(rest)[0]
    if head != rest and len(head.split()) <= 2:
        return t  # "S.  Citron Pousty - Python in the cloud": the name runs to the separator
    return rest


def _given(name: str) -> str:
    """The casefolded given name of a cleaned name, after any honorific ("Prof. Dr. Michael")."""
    toks = name.split()
    hon = _policy()["honorifics"]
    while len(toks) > 1 and toks[0].casefold() in hon:
        toks.pop(0)
    return toks[0].casefold() if toks else ""


def _known_given(names: list[str]) -> bool:
    """Every name opens with a given name the first-name list knows."""
    firsts = _first_names()
    return all(_given(n) in firsts for n in names)


def _surname_word(tok: str, i: int, toks: list[str]) -> bool:
    """A common word as the surname of a known given name: "Nathan Day", "Emily Story".

    Only the second of two words, capitalised, after a given name the first-name list knows
    and that is no common word itself ("Python Day", "John Pinner Awards" stay refused).
    """
    first = toks[0].casefold()
    return (
        i == len(toks) - 1 == 1
        and tok[:1].isupper()
        and tok[1:].islower()
        and first in _first_names()
        and first not in _policy()["_non_name"]
    )


def _clean_person(raw: str) -> tuple[str, bool] | None:
    """Return (normalised name, strong) if `raw` is structurally one person's name, else None.

    A name is weak when it lacks a full given name ("A. Amici", "Ratzel"): it still marks the
    speaker part of a title for removal, but is never reported (volunteers expand it).
    """
    pol = _policy()
    # "A.Pelme", "A . Molina", "A.  Amici": one initial, however it was typed
    raw = re.sub(r"(?<![\w.])([A-Z])\s*\.\s*(?=[A-Z][^\W\d_])", r"\1. ", raw)
    toks = raw.replace("\u00a0", " ").split()
    out: list[str] = []
    while toks and toks[0].casefold() in pol["honorifics"]:
        out.append(pol["honorifics"][toks.pop(0).casefold()])
    if len(toks) > 1 and toks[0].casefold() in pol["_particles"] - _first_names():
        return None  # "La Ville de Montréal", "De la Torre" alone: a name starts with a given name
    full = 0
    for i, tok in enumerate(toks):
        low = tok.casefold()
        if i > 0 and re.fullmatch(r"[A-Z]{1,2}\.?", tok):  # "Devi A S L", "Alexander CS Hendorf"
            out.append(tok)
            continue
        if low in pol["_non_name"] and not (
            (low in pol["_particles"] and 0 < i < len(toks) - 1)
            or _surname_word(tok, i, toks)  # "Nathan Day", "Ian Small"
        ):
            return None
        if (low in pol["_particles"] and 0 < i < len(toks) - 1 and tok.islower()) or _is_initial(
            tok
        ):
            out.append(tok)
        elif _is_name_word(tok) or (
            # "Lauren De bruyn": a surname typed in lower case after its particle
            i == len(toks) - 1
            and i > 1
            and toks[i - 1].casefold() in pol["_particles"]
            and tok.isalpha()
            and tok.islower()
            and len(tok) > 2
        ):
            full += 1
            out.append(tok)
        else:
            return None
    if full < 1 or full > 4 or len(toks) > 6:
        return None
    if len(toks) == 1 or full == 1:
        return " ".join(out), False
    if _is_initial(toks[0]) and toks[1].casefold() not in _first_names():
        # "M. Di Pierro", "S. Citron Pousty": the given name is only an initial (volunteers
        # expand it); "J. Scott Hajek" goes by a known middle given name
        return " ".join(out), False
    return " ".join(out), True


def _affiliation(part: str) -> bool:
    """A last comma part that is an employer, not a person: "Dolby Labs", "Papers with Code".

    Short, capitalised, unquoted, and no name: "L. De bruyn" and "tathagata dasgupta" are people
    typed loosely, and "JetBrains «Jupyter Notebooks" runs into a quoted title.
    """
    toks = part.split()
    return (
        len(toks) <= 4
        and not any(q in part for q in _QUOTES.keys() | set(_QUOTES.values()))
        and part[:1].isupper()
        and not _is_initial(toks[0])
        and toks[0].casefold() not in _first_names()
        and _clean_person(part) is None
    )


def _split_names(raw: str, lone_ok: bool = False) -> tuple[list[str], bool] | None:
    pol = _policy()
    # "Martı́n": a dotless i with a combining accent is how some PDFs spell "í"
    raw = unicodedata.normalize("NFC", raw.replace("ı\u0301", "í"))
    raw = raw.replace("\u200b", "").strip().strip(".,;:").strip()
    if not raw:
        return None
    raw = re.sub(r"\s*\([^()]*\)\s*$", "", raw)  # "Michał Żyliński (Microsoft)"
    etal = re.search(r"\s*\bet\.? al\b\.?$", raw, re.IGNORECASE)
    if etal:
        raw = raw[: etal.start()]
    parts = [p for p in pol["_list_sep_re"].split(raw) if p and p.strip()]
    if (
        len(parts) > 1
        and "," in raw
        and raw.rsplit(",", 1)[1].strip() == parts[-1].strip()
        and (len(parts[-1].split()) == 1 or _affiliation(parts[-1].strip()))
    ):
        parts = parts[:-1]  # an affiliation: "Vivek Kumar, Dolby Labs", "Andrej Karpathy, Tesla"
    names: list[str] = []
    strong = not etal
    for part in parts:
        res = _clean_person(part.strip())
        if res is None:
            return None
        name, ok = res
        if not ok and len(name.split()) == 1 and len(parts) == 1 and not etal and not lone_ok:
            return None  # a lone word is as likely a product name as a surname
        strong = strong and ok
        if name not in names:
            names.append(name)
    return (names, strong) if names else None


def split_names(raw: str) -> list[str] | None:
    """Split "A, B & C" into clean names; None unless every part is a full name (never guess).

    "et al." lists and initial-only given names are refused: the curated records list every
    co-author with full names, which YouTube titles hide. A trailing single-word part after a
    comma is an affiliation ("Andrej Karpathy, Tesla").
    """
    res = _split_names(raw)
    return res[0] if res and res[1] else None


def _name_score(
    names: list[str], description: str, known: Callable[[str], str | None] | None, context: str = ""
) -> int:
    """Evidence that `names` are people; words also used in lower case nearby are not names."""
    firsts = _first_names()
    prose = re.sub(r"\S*(?:https?://|www\.|@)\S*", " ", f"{description} {context}")  # handles
    lower = set(re.findall(r"\b[^\W\d_A-Z]{4,}\b", prose))
    lower = {w for w in lower if w.islower()}
    score = 0
    for n in names:
        if any(
            t.casefold() in lower and t.casefold() not in firsts and not t.islower()
            for t in n.split()
        ):
            score -= 20
        toks = [t for t in n.split() if not t.endswith(".") or len(t) > 2]
        if toks and toks[0].casefold() in firsts:
            score += 1
        if description and n in description:  # as a name is written, not "technical debt"
            score += 2
        if known is not None and known(n):
            score += 3
    return score


# ---------------------------------------------------------------------------------------------
# Titles


def _unquote(t: str) -> str:
    t = t.strip()
    if len(t) > 2 and t[0] in _QUOTES and t.endswith(_QUOTES[t[0]]):
        inner = t[1:-1].strip()
        if not any(q in inner for q in (t[0], _QUOTES[t[0]])):
            return inner
    return t


def _is_label(t: str) -> bool:
    return bool(_policy()["_label_re"].match(t))


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


def _lower_name(raw: str) -> bool:
    """Two or three lower-case words, none a common word: a name typed without capitals."""
    toks = raw.split()
    non_name = _policy()["_non_name"]
    return 2 <= len(toks) <= 3 and all(
        t.isalpha() and t.islower() and t not in non_name and len(t) > 1 for t in toks
    )


def _weak_sep(sep: str) -> bool:
    """A colon or a bare run of spaces: separators that also end title prefixes ("Practicality
    Beats Purity: ...", "Mock Object Library   Common Pitfalls and Best Practices")."""
    return ":" in sep or not sep.strip()


def _sep_kind(sep: str) -> str:
    return "by" if sep == "by" else next((k for k in ":|/" if k in sep), "-")


def _uncased_name(seg: str) -> bool:
    """A short segment in a script without letter case (이창희, 長谷場 潤也): probably a name we
    cannot validate, so the title is left for a human."""
    seg = seg.strip()
    letters = [c for c in seg if c.isalpha()]
    return bool(letters) and len(seg) <= 8 and not any(c.isupper() or c.islower() for c in letters)


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


def _vouched_names(raw: str) -> tuple[list[str], bool] | None:
    """Names where the text itself says they are names (a byline, "presented by"): each must
    still look like one, two to four capitalised words, but need not pass the name rules."""
    hon = _policy()["honorifics"]
    names = []
    for part in filter(None, _policy()["_list_sep_re"].split(" ".join(raw.split()))):
        # "Christoph Dr. Zimmermann": a title inside the name is not part of it
        toks = [t for i, t in enumerate(part.split()) if not (i and t.casefold() in hon)]
        if not 2 <= len(toks) <= 4 or not all(
            t[:1].isupper() and re.sub(r"[.'’-]", "", t).isalpha() for t in toks
        ):
            return None
        names.append(" ".join(toks))
    return (names, True) if names else None


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
    if _is_label(new_title) or not re.search(r"[^\W\d_]", new_title):
        new_title = _unquote(parse.stripped)  # "Keynote - Jake Vanderplas": nothing better
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


# ---------------------------------------------------------------------------------------------
# Descriptions


def _related_label(line: str, url: str) -> str | None:
    """Label for a slides/repository link, or None for any other link (those stay in the text).

    A hosting rule (speakerdeck, github...) is required; the words around the link may only
    rename it ("Code: https://github.com/..." is a repository, "Slides: ...pdf" are slides).
    """
    pol = _policy()
    hosted = next((label for rx, label in pol["_url_rules"] if rx.search(url)), None)
    if hosted is None:
        return None
    text = line.replace(url, " ")
    for rx, label in pol["_label_words"]:
        if rx.search(text):
            return label
    return hosted


def _byline_texts(description: str) -> Iterator[str]:
    """The names part of each byline line of the description ("Speaker: X", "By X")."""
    for line in description.splitlines():
        m = _policy()["_desc_speaker_re"].match(line.strip(" *-•"))
        if m:
            yield m.group("names")


def description_speakers(description: str) -> list[str]:
    """Speakers named by a byline line of the description ("Speaker: X", "By X")."""
    for text in _byline_texts(description):
        names = split_names(re.sub(r"\s*\(@?\w+\)\s*$", "", text))
        if names:
            return names
    return []


def _same_title(a: str, b: str) -> bool:
    return bool(_words(a)) and _words(a) == _words(b)


def _restates(line_title: str, title: str) -> bool:
    """`line_title` is `title`, or its full form when YouTube's is cut short: "Resampling
    techniques and other strategies" of "... for handling highly unbalanced datasets"."""
    words, full = _words(title), _words(line_title)
    if not words or full == words:
        return bool(words)
    n = len(words)  # YouTube may cut inside the last word: "... de Series Temporale"
    return (
        n >= 3
        and len(full) >= n
        and full[: n - 1] == words[:-1]
        and full[n - 1].startswith(words[-1])
    )


def _restated_title_speakers(description: str, title: str, ev: _Event) -> list[str]:
    """Speakers from a description line that repeats the talk's title with its speaker
    ("Concurrencia en Python por Martin Alderete", "Rohan Koodli | Machine Learning vs The
    Flu"), or from a names-only line right after a line that repeats the title.

    The repeated title is the evidence: it says which part of the line is not the title.
    """
    lines = [ln.strip(" *-•\t") for ln in description.splitlines()]
    lines = [ln for ln in lines if ln][:6]
    for i, line in enumerate(lines):
        stripped = _strip_event(line, ev)
        if _restates(stripped, title) or _restates(_unquote(stripped), title):
            names = _line_names(lines[i + 1]) if i + 1 < len(lines) else None
            if names:
                return names
            if _same_title(stripped, title) or _same_title(_unquote(stripped), title):
                continue  # the title alone; a longer line may still name its speaker below
        for cand in _title_candidates(stripped, description, None, ev):
            if cand.strong and _restates(_unquote(_strip_event(cand.title, ev)), title):
                return cand.names
    return []


def curate_description(
    description: str, *, title: str = "", raw_title: str = "", speakers: Iterable[str] = ()
) -> tuple[str, list[dict]]:
    """Drop boilerplate lines/paragraphs and move slide/repository links to related_urls."""
    pol = _policy()
    text = (description or "").replace("\r\n", "\n").replace("\r", "\n")
    related: list[dict] = []
    seen: set[str] = set()
    names = {s.casefold() for s in speakers}
    titles = {x.strip().strip("\"'“”").casefold() for x in (title, raw_title) if x.strip()}
    lines = text.split("\n")
    kept: list[str] = []
    for idx, line in enumerate(lines):
        s = line.strip()
        bare = s.strip("\"'“”*").strip()
        if not s:
            kept.append(line)
            continue
        if idx < 3 and bare.casefold() in titles and len(lines) > 1:
            continue
        if pol["_desc_speaker_re"].match(s.strip(" *-•")) and split_names(
            re.sub(
                r"\s*\(@?\w+\)\s*$",
                "",
                pol["_desc_speaker_re"].match(s.strip(" *-•")).group("names"),
            )
        ):
            continue
        if bare.casefold() in names:
            continue
        if any(rx.search(line) for rx in pol["_headers"]) or any(
            rx.search(line) for rx in pol["_bp_lines"]
        ):
            continue
        urls = _URL_RE.findall(line)
        if urls:
            moved = False
            for url in urls:
                label = _related_label(line, url)
                if label and url not in seen:
                    seen.add(url)
                    related.append({"label": label, "url": url})
                moved = moved or bool(label)
            rest = _URL_RE.sub("", line)
            rest = re.sub(r"[\s:\-–—*•>()\[\]]+", " ", rest).strip()
            if moved and len(rest.split()) <= 4 and len(urls) == 1:
                continue
        kept.append(line)
    text = "\n".join(kept)
    paras = re.split(r"\n\s*\n", text)
    paras = [p for p in paras if not any(rx.search(p) for rx in pol["_bp_paras"])]
    text = "\n\n".join(p.strip("\n") for p in paras if p.strip())
    return text.strip(), related


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


def _drop_leading_name(title: str, speakers: list[str]) -> str:
    """Remove a speaker's exact name that opens the title with no separator after it.

    "Kenneth Love Those Who Care, Teach!" (pycascades-2018): once the speaker is known from
    the description, the name glued to the title is no part of it. What remains must be two
    words or more and not a session label, so "Dan Callahan - Keynote" (kept whole on purpose,
    see `_finish`) and a title about its speaker stay as they are.
    """
    for name in speakers:
        rest = title[len(name) :].strip() if title.startswith(name + " ") else ""
        if len(rest.split()) >= 2 and re.match(r"[\w\"'“‘¿¡(]", rest) and not _is_label(rest):
            return rest
    return title


def _rst_ok(text: str) -> bool:
    """True if the data repo's docutils check accepts ``text`` (no message of level >= 2)."""
    from scrapers.text import fast_rst_problems

    return not fast_rst_problems(text)


def _assemble(
    title: str,
    description: str,
    new_title: str,
    speakers: list[str],
    known_names: Callable[[str], str | None] | None,
    *,
    strip_speakers: bool = True,
) -> Curated:
    new_title = _drop_leading_name(new_title, speakers)
    if known_names is not None:
        speakers = [known_names(s) or s for s in speakers]
    speakers = list(dict.fromkeys(speakers))
    new_desc, related = curate_description(
        description, title=new_title, raw_title=title, speakers=speakers if strip_speakers else ()
    )
    if new_desc != description.strip() and not _rst_ok(new_desc) and _rst_ok(description):
        new_desc = description.strip()
    return Curated(
        title=new_title,
        speakers=speakers,
        description=new_desc,
        related_urls=related,
        language=title_language(title),
    )


def curate_video(
    title: str,
    description: str,
    event_title: str,
    *,
    known_names: Callable[[str], str | None] | None = None,
) -> Curated:
    """Curate one video's YouTube title/description for the event `event_title`.

    Prefer `curate_event` when the event's other videos are at hand: it uses their evidence.
    """
    title = _nfc(title or "")
    description = _nfc(description or "")
    new_title, speakers = curate_title(title, event_title, description, known_names=known_names)
    if not speakers:
        speakers = description_speakers(description)
    restated = not speakers
    if restated:
        speakers = _restated_title_speakers(description, new_title, _event(event_title))
    return _assemble(
        title, description, new_title, speakers, known_names, strip_speakers=not restated
    )


def _names_event(line: str, ev: _Event) -> bool:
    """A description line that names the event ("PyData SF 2016", "RIIAA Summer School 2021")."""
    if _is_event_segment(line, ev):
        return True
    return bool(ev.year) and ev.year in line and bool(set(_words(line)) & ev.strong)


def _line_names(line: str) -> list[str] | None:
    """The names a description head line gives: "A, B & C", "Pascal Bugnion | Saturday 11:30",
    or people with affiliations ("Joana Avelar, UAM", "Andrea Navas, Instituto Cajal; Caleb
    Kemere, Rice University"). Two names where only the first opens with a known given name
    are a person and an employer: "Ulises Moya, Gobierno de Jalisco"."""
    parts = re.split(r"\s+[|/]\s+", line)
    first = parts[0]
    names = split_names(first)
    if names is None and len(parts) > 1 and _policy()["_slot_re"].match(parts[1]):
        return _typed_names(first)  # "prabhant singh | Friday 17:00 | Room C"
    if names and len(names) == 2 and _known_given(names[:1]) and not _known_given(names[1:]):
        names = None
    if names is None and "," in first:
        people = [split_names(chunk.split(",")[0]) for chunk in re.split(r"\s*;\s*", first)]
        if all(p and len(p) == 1 for p in people) and _known_given([p[0] for p in people]):
            names = [p[0] for p in people]
    return names


def _typed_names(raw: str) -> list[str] | None:
    """Names as typed in a field that can only hold names (a schedule's speaker field): one to
    four words of letters each, lower case allowed, no common word."""
    non_name = _policy()["_non_name"]
    names = []
    for part in filter(None, _policy()["_list_sep_re"].split(raw)):
        toks = part.split()
        if not 1 <= len(toks) <= 4 or not all(
            re.sub(r"[.'’-]", "", t).isalpha() and t.casefold() not in non_name for t in toks
        ):
            return None
        names.append(" ".join(toks))
    return names or None


def _head_names(description: str, ev: _Event) -> list[str] | None:
    """Names that open the description, on its first line or one per line until a blank or
    other line ("Joana Avelar, UAM" / "Miguel Magaña, Danone"), after lines that name the
    event ("RIIAA Summer School 2021") or a bare "Speakers" header."""
    lines: list[list[str]] = []
    for raw in description.splitlines():
        line = raw.strip(" *-•\t")
        if not line:
            if lines:
                break
            continue
        if not lines and (_names_event(line, ev) or _policy()["_speakers_header_re"].match(line)):
            continue
        opening = re.match(r"\(([^()]+)\)\s", line) if not lines else None
        if opening:  # "(Stephen Tierney, Alison Wong) In this talk ...": PyCon AU's template
            return _line_names(opening.group(1))
        found = _line_names(line)
        if not found:
            break
        lines.append(found)
    if len(lines) > 1 and all(len(found) <= 2 for found in lines):
        lines = [found[:1] for found in lines]  # one person a line: "Ulises Moya, Gobierno de ..."
    names = [n for found in lines for n in found]
    return list(dict.fromkeys(names)) or None


def _prose_byline(description: str) -> list[str] | None:
    """Speakers named in the description's prose ("A live presentation by Kamal Marhubi.",
    "Montreal, June 9, 2014 - Ghislain Hivon presents kivy"): the longest run of words next to
    the byline that is a list of full names."""
    for rx in _policy()["_prose_res"]:
        for m in rx.finditer(description):
            if m.groupdict().get("names"):
                toks = m.group("names").split()[:8]
                runs = [toks[:k] for k in range(len(toks), 1, -1)]
            else:
                toks = m.group("run").split()
                runs = [toks[-k:] for k in range(min(len(toks), 8), 1, -1)]  # A and B present
            for run in runs:
                names = split_names(" ".join(run))
                if names:
                    return names
    return None


def _event_shape(parses: list[_TitleParse]) -> tuple[str, str] | None:
    """The (position, separator) where this event's titles put the speakers, if consistent.

    Counted over full-name candidates, one vote per video and shape: a shape is the event's
    when it is seen in at least SHAPE_MIN_SHARE of the videos and SHAPE_DOMINANCE times as
    often as any other shape ("Speaker: Title" everywhere, not a mix of "A - B" orders).
    """
    pol = _policy()["event_evidence"]
    votes: Counter[tuple[str, str]] = Counter()
    for p in parses:
        votes.update({c.shape for c in p.cands if c.strong})
    if not votes:
        return None
    (shape, n), *rest = votes.most_common()
    runner_up = rest[0][1] if rest else 0
    if (
        n >= pol["shape_min_videos"]
        and n >= pol["shape_min_share"] * len(parses)
        and n >= pol["shape_dominance"] * runner_up
    ):
        return shape
    return None


def curate_event(
    videos: list[tuple[str, str]],
    event_title: str,
    *,
    known_names: Callable[[str], str | None] | None = None,
) -> list[Curated]:
    """Curate all of an event's videos ((title, description) each) together, in order.

    Event-level evidence decides what one video cannot: a title shape the whole event follows
    ("Speaker: Title") vouches for names no first-name list knows and settles "A - B" where both
    sides look like names; descriptions that consistently open with a byline line give the
    speakers of videos whose titles name none.
    """
    pol = _policy()["event_evidence"]
    # one Unicode form: "Librería" typed with a combining accent in the title and precomposed in
    # the description (or the other way round) is the same word
    videos = [(_nfc(t or ""), _nfc(d or "")) for t, d in videos]
    ev = _event(event_title)
    ev.boiler = _repeated_edges([t for t, _ in videos], ev)
    parses = [_parse_title(t, event_title, d, known_names, ev) for t, d in videos]
    shape = _event_shape(parses)
    heads = [_head_names(d, ev) for _, d in videos]
    prose = [_prose_byline(d) for _, d in videos]
    described = max(sum(1 for _, d in videos if d.strip()), 1)

    def consistent(found: list[list[str] | None], share: float) -> bool:
        n = sum(1 for f in found if f)
        return n >= pol["byline_min_videos"] and n >= share * described

    use_heads = consistent(heads, pol["byline_min_share"])
    use_prose = consistent(prose, pol["prose_min_share"])  # prose is worded freely: rarer
    out = []
    for (title, desc), parse, head, byline in zip(videos, parses, heads, prose, strict=True):
        new_title, speakers = _finish(parse, _pick(parse, shape))
        speakers = speakers or description_speakers(desc)
        from_event = not speakers  # a name line the event vouches for stays in the text
        if from_event:
            speakers = (
                _restated_title_speakers(desc, new_title, ev)
                or (head if use_heads and head else [])
                or (byline if use_prose and byline else [])
            )
        out.append(
            _assemble(title, desc, new_title, speakers, known_names, strip_speakers=not from_event)
        )
    return out


# ---------------------------------------------------------------------------------------------
# Evaluation
#
# The measures of ../shared/benchmarks/README.md, computed by `score` alone: `evaluate` (the
# curation functions) and benchmarks/youtube_spider_eval.py (what the real spider writes) both
# hand it what was written per video id, so developers and the held-back check count alike.


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _norm(text: str | None) -> str:
    """The benchmark's text comparison: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def half_of(event_slug: str) -> str:
    """Stable split of events into halves "A" and "B" (develop on one, check on the other)."""
    return "AB"[zlib.crc32(event_slug.encode()) % 2]


def _pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 1) if b else 0.0


# (name, label, what it is taken over) in report order; each counts `<name>` over `<name>_n`.
MEASURES = (
    ("written", "written", "records (private/deleted ones aside)"),
    (
        "rewritten_titles_exact",
        "rewritten titles exact",
        "records of curated events whose expected title differs from YouTube's",
    ),
    ("titles_clean", "titles clean", "records of curated events with expected speakers"),
    ("speakers_exact", "speakers exact", "records of curated events with expected speakers"),
    ("speaker_precision", "speaker precision", "records of curated events naming anyone"),
    ("description_exact", "description exact", "records of curated events"),
    (
        "speakers_ceiling",
        "ceiling (speakers exact)",
        "scored records whose every speaker is spelled in full in the YouTube text",
    ),
)
# Measures with a target (the per-event worst list counts records missing any, or leaking).
_MISSABLE = (
    "written",
    "rewritten_titles_exact",
    "titles_clean",
    "speakers_exact",
    "speaker_precision",
)
_UNAVAILABLE = {"private video", "deleted video", "[private video]", "[deleted video]"}

Written = tuple[str, list[str], str]  # what was written for a video: title, speakers, description


def unavailable(video: dict) -> bool:
    """A private or deleted video (placeholder title or a non-public status): never written."""
    status = video.get("status") or video.get("privacy") or "public"
    return _norm(video.get("title")).casefold() in _UNAVAILABLE or status != "public"


def untouched(line: dict) -> bool:
    """Volunteers left YouTube's text: expected title = YouTube title and no speakers."""
    exp = line["expected"]
    return _norm(exp.get("title")) == _norm(line["video"]["title"]) and not exp.get("speakers")


def curated_event(lines: list[dict]) -> bool:
    """At most half of the event's records are untouched: only then is it an answer key."""
    return 2 * sum(map(untouched, lines)) <= len(lines)


def clean_title(title: str, speakers: list[str], event_title: str) -> bool:
    """No expected speaker's name (over 3 characters) and not the event title in `title`."""
    text = _norm(title).casefold()
    names = [_norm(n).casefold() for n in speakers]
    event = _norm(event_title).casefold()
    return not any(len(n) > 3 and n in text for n in names) and not (event and event in text)


def figures(counts: Counter[str], events: int) -> dict[str, Any]:
    """The old four figures over every record, curated event or not (the secondary line)."""
    return {
        "records": counts["records"],
        "events": events,
        "title_exact_pct": _pct(counts["title_ok"], counts["records"]),
        "speakers_exact_pct": _pct(counts["speakers_ok"], counts["speakers_expected"]),
        "speaker_precision_pct": _pct(counts["speakers_output_ok"], counts["speakers_output"]),
        "description_exact_pct": _pct(counts["description_ok"], counts["records"]),
        "counts": dict(counts),
    }


def tally(
    title: str, description: str, speakers: list[str], expected: dict
) -> tuple[Counter[str], bool]:
    """One record's contribution to the old figures, and whether its speakers are the expected
    ones. Canonically equivalent text (NFC vs NFD "é") is the same title or name; speakers
    compare as sets."""
    t_ok = _nfc(title) == _nfc(expected.get("title") or "")
    d_ok = _nfc(description) == _nfc(expected.get("description") or "")
    exp_sp = sorted(_nfc(s) for s in expected.get("speakers") or [])
    got_sp = sorted(_nfc(s) for s in speakers)
    same = exp_sp == got_sp
    inc: Counter[str] = Counter(records=1, title_ok=t_ok, description_ok=d_ok)
    if exp_sp:
        inc.update(speakers_expected=1, speakers_ok=same)
    if got_sp:
        inc.update(speakers_output=1, speakers_output_ok=same)
    return inc, same


def _measure(line: dict, got: Written | None, curated: bool) -> Counter[str]:
    """One benchmark line's counts for every measure of the benchmark README."""
    video, exp, event = line["video"], line["expected"], line["event"]["title"]
    c: Counter[str] = Counter(records=1, untouched=untouched(line))
    if unavailable(video):
        c.update(unavailable=1, leak_private=got is not None)
    else:
        c.update(written_n=1, written=got is not None)
    title, speakers, description = got or ("", [], "")
    c["leak_todo"] = any(_norm(s).casefold() == "todo" for s in speakers)
    if not curated:
        return Counter({k: int(v) for k, v in c.items()})
    exp_speakers = sorted(_norm(s) for s in exp.get("speakers") or [])
    same = got is not None and sorted(_norm(s) for s in speakers) == exp_speakers
    if _norm(exp.get("title")) != _norm(video["title"]):
        c.update(
            rewritten_titles_exact_n=1, rewritten_titles_exact=_norm(title) == _norm(exp["title"])
        )
    if exp_speakers:
        youtube = _norm(f"{video['title']}\n{video.get('description') or ''}").casefold()
        c.update(
            titles_clean_n=1,
            titles_clean=got is not None and clean_title(title, exp_speakers, event),
            speakers_exact_n=1,
            speakers_exact=same,
            speakers_ceiling_n=1,
            speakers_ceiling=all(n.casefold() in youtube for n in exp_speakers),
        )
    if speakers:
        c.update(speaker_precision_n=1, speaker_precision=same)
    c.update(
        description_exact_n=1,
        description_exact=got is not None and _norm(description) == _norm(exp.get("description")),
    )
    return Counter({k: int(v) for k, v in c.items()})  # JSON numbers, not booleans


def measures(counts: Counter[str] | dict) -> dict[str, dict[str, Any]]:
    """{measure: {right, over, pct}} from `score` counts."""
    return {
        name: {
            "right": counts.get(name, 0),
            "over": counts.get(f"{name}_n", 0),
            "pct": _pct(counts.get(name, 0), counts.get(f"{name}_n", 0)),
        }
        for name, _label, _over in MEASURES
    }


def score(
    events: dict[str, list[dict]],
    written: dict[str, dict[str, Written]],
    show_errors: int = 0,
) -> dict[str, Any]:
    """Every measure of the benchmark README over benchmark lines grouped by event slug, given
    what was written for each video id (``written[slug][video id]``; absent = not written).

    The one scoring function: ``scrapy eval-curation`` and the through-the-spider benchmark
    both call it. Every line counts (a video listed twice is scored twice against its one
    record). Returns the old figures' keys too, for the secondary line.
    """
    counts: Counter[str] = Counter()
    old: Counter[str] = Counter()
    per_event = []
    for slug, lines in events.items():
        curated = curated_event(lines)
        ev: Counter[str] = Counter(curated_events=int(curated))
        bad = []
        for line in lines:
            video, exp = line["video"], line["expected"]
            got = written.get(slug, {}).get(video["id"])
            inc = _measure(line, got, curated)
            ev.update(inc)
            missed = [m for m in _MISSABLE if inc[f"{m}_n"] and not inc[m]]
            missed += [m for m in ("leak_private", "leak_todo") if inc[m]]
            if missed:
                ev["misses"] += 1
                bad.append(
                    {
                        "id": video["id"],
                        "missed": missed,
                        "youtube": video["title"],
                        "got": got[0] if got else None,
                        "expected": exp.get("title"),
                        "got_speakers": got[1] if got else None,
                        "expected_speakers": exp.get("speakers"),
                    }
                )
            title, speakers, description = got or ("", [], "")
            o_inc, _ = tally(title, description, speakers, exp)
            old.update(o_inc, not_written=got is None and not unavailable(video))
            _old_extras(old, o_inc, line, speakers)
        counts.update(ev)
        per_event.append(
            {
                "event": slug,
                "records": ev["records"],
                "curated": curated,
                "misses": ev["misses"],
                "measures": {k: v["pct"] for k, v in measures(ev).items() if v["over"]},
                "errors": bad[:show_errors],
            }
        )
    per_event.sort(key=lambda e: (-e["misses"], e["event"]))
    result = figures(old, len(events))  # the old figures, kept at the top level
    result.update(
        events=len(events),
        curated_events=counts["curated_events"],
        untouched=counts["untouched"],
        measures=measures(counts),
        leaks={
            "private": counts["leak_private"],
            "todo_speakers": counts["leak_todo"],
            "unavailable_lines": counts["unavailable"],
        },
        measure_counts=dict(counts),
        worst_events=per_event if show_errors else per_event[:10],
    )
    return result


def _old_extras(c: Counter[str], inc: Counter[str], line: dict, speakers: list[str]) -> None:
    """The old report's precision-ceiling counts (speakers written on verbatim-kept records)."""
    video, exp = line["video"], line["expected"]
    uncurated = _nfc(exp.get("title") or "") == _nfc(video["title"])
    if inc["speakers_output"] and not inc["speakers_expected"] and uncurated:
        c["output_on_uncurated"] += 1  # volunteers kept the YouTube title as is
        if all(_nfc(n).casefold() in _nfc(video["title"]).casefold() for n in speakers):
            c["output_on_uncurated_in_title"] += 1  # the title states the names
    text = _nfc(f"{video['title']}\n{video.get('description') or ''}").casefold()
    if inc["speakers_expected"] and all(
        _nfc(n).casefold() in text for n in exp.get("speakers") or []
    ):
        c["speakers_written"] += 1  # every curated name is in the metadata


def read_benchmark(
    path: str | Path, *, limit: int | None = None, half: str | None = None
) -> dict[str, list[dict]]:
    """Benchmark lines grouped by event slug (the first `limit` lines; one half's events)."""
    events: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            if line.strip():
                rec = json.loads(line)
                if not half or half_of(rec["event"]["slug"]) == half:
                    events[rec["event"]["slug"]].append(rec)
    return events


def evaluate(
    path: str | Path,
    *,
    limit: int | None = None,
    half: str | None = None,
    show_errors: int = 0,
    per_video: bool = False,
) -> dict:
    """Run the curation over a benchmark JSONL and return the measures (`score`).

    Each event's distinct videos (the first line of an id, as the spider's playlist holds them)
    are curated together with `curate_event`, as the curate pipeline does, and the speakers are
    normalised as the speakers pipeline does, without a data-tree index (the spider meets events
    the tree does not have); private and deleted videos are not written, as the spider drops
    them. `per_video` measures `curate_video` alone.
    """
    from scrapers.names import load_aliases, normalize_speakers

    aliases = load_aliases()
    events = read_benchmark(path, limit=limit, half=half)
    written: dict[str, dict[str, Written]] = {}
    for slug, recs in events.items():
        unique = list({r["video"]["id"]: r["video"] for r in reversed(recs)}.values())[::-1]
        unique = [v for v in unique if not unavailable(v)]
        videos = [(v["title"], v.get("description") or "") for v in unique]
        event_title = recs[0]["event"]["title"]
        if per_video:
            curated = [curate_video(t, d, event_title) for t, d in videos]
        else:
            curated = curate_event(videos, event_title)
        written[slug] = {
            v["id"]: (
                got.title,
                normalize_speakers(got.speakers, index=None, aliases=aliases),
                got.description,
            )
            for v, got in zip(unique, curated, strict=True)
        }
    return score(events, written, show_errors)


def _ceiling(c: dict) -> float:
    """The old precision ceiling: every speaker written in the metadata found, no other mistake,
    and the records whose volunteers left speakers empty though the title names them wrong."""
    return _pct(
        c.get("speakers_written", 0),
        c.get("speakers_written", 0) + c.get("output_on_uncurated_in_title", 0),
    )


def format_report(fig: dict, show_errors: int = 0) -> str:
    """Human-readable summary of `score()` figures: the README's measures, then the old line."""
    m = fig["measures"]
    lines = [
        f"records: {fig['records']} in {fig['events']} events; untouched records "
        f"{fig['untouched']}; curated events {fig['curated_events']}/{fig['events']} "
        "(at most half untouched: titles and speakers are scored on these)",
    ]
    for name, label, over in MEASURES:
        v = m[name]
        lines.append(f"{label + ':':26} {v['pct']:5.1f} %  ({v['right']}/{v['over']} {over})")
    lk = fig["leaks"]
    lines.append(
        f"leaks:                     private/deleted written {lk['private']} "
        f"(of {lk['unavailable_lines']}), TODO speakers written {lk['todo_speakers']}"
    )
    c = fig["counts"]
    lines.append(
        f"old figures (every record): title exact {fig['title_exact_pct']:.1f} % "
        f"({c.get('title_ok', 0)}/{fig['records']}), speakers exact "
        f"{fig['speakers_exact_pct']:.1f} % ({c.get('speakers_ok', 0)}/"
        f"{c.get('speakers_expected', 0)}), speaker precision {fig['speaker_precision_pct']:.1f} % "
        f"({c.get('speakers_output_ok', 0)}/{c.get('speakers_output', 0)}), description exact "
        f"{fig['description_exact_pct']:.1f} %; precision ceiling {_ceiling(c):.1f} %"
    )
    short = {
        "written": "wr",
        "rewritten_titles_exact": "title",
        "titles_clean": "clean",
        "speakers_exact": "spk",
        "speaker_precision": "prec",
        "description_exact": "desc",
        "speakers_ceiling": "ceil",
    }
    lines.append("worst events (records missing a measure; % per measure):")
    for ev in fig["worst_events"][: max(10, len(fig["worst_events"]) if show_errors else 10)]:
        shown = " ".join(f"{short[k]}={v:5.1f}" for k, v in ev["measures"].items())
        mark = "" if ev["curated"] else " (uncurated)"
        lines.append(
            f"  {ev['event']:28} n={ev['records']:4} misses={ev['misses']:4} {shown}{mark}"
        )
        for err in ev["errors"][:show_errors]:
            lines.append(f"      YT : {err['youtube']}  [{', '.join(err['missed'])}]")
            lines.append(f"      got: {err['got']!r} {err['got_speakers']}")
            lines.append(f"      exp: {err['expected']!r} {err['expected_speakers']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI: python -m scrapers.curation FILE [--limit N] [--half A|B] [--show-errors N]."""
    ap = argparse.ArgumentParser(prog="python -m scrapers.curation", description=main.__doc__)
    ap.add_argument("file")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--half", choices=["A", "B"], default=None)
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--build-first-names",
        metavar="TREE",
        help="rewrite data/first_names.json from a pyvideo-data tree, leaving out FILE's events",
    )
    args = ap.parse_args(argv)
    if args.build_first_names:
        with open(args.file, encoding="utf-8") as fh:
            bench = {json.loads(line)["event"]["slug"] for line in fh if line.strip()}
        names = build_first_names(args.build_first_names, bench)
        doc = {
            "_comment": "First words of speaker names in the pyvideo-data tree (CC0), without the "
            "events of the curation benchmark. Rebuild: python -m scrapers.curation "
            "BENCHMARK.jsonl --build-first-names PYVIDEO_DATA_DIR",
            "names": names,
        }
        text = json.dumps(doc, ensure_ascii=False, indent=0)
        FIRST_NAMES_FILE.write_text(text + "\n", encoding="utf-8")
        print(f"{len(names)} first names written to {FIRST_NAMES_FILE}")
        return 0
    fig = evaluate(args.file, limit=args.limit, half=args.half, show_errors=args.show_errors)
    if args.json:
        print(json.dumps(fig, indent=2, ensure_ascii=False))
    else:
        print(format_report(fig, args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
