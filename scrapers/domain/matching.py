"""Join the talks of one event to its recordings: one-to-one, global, and never a guess.

Evidence is ranked. A schedule link to the video wins outright; a schedule code found in the
video's title or description (pretalx ``SEZQAL`` in ``.../program/SEZQAL``) comes next; only then
similarity: rapidfuzz over the cleaned titles, plus speaker names found in the video's text, plus
the talk's day when the video names one ("Sunday Lightning Talks") or carries a recording date.

The pairs are solved as one global assignment, because the first hit above a threshold steals
the video of a better-matching talk: up to DENSE talks and videos on one matrix of every pair
(``scipy.optimize.linear_sum_assignment``); beyond, only candidate pairs exist (links and codes
through an index of the videos' text, each side's best by a quick score among the partners that
share a rare word, twins), in sparse rows, solved as a sparse min-weight full matching. Nothing
there compares every talk with every video: time and memory grow with the candidates (talks x
TOP_K, and the look-alike titles a schedule has), not with talks x videos. A solved pair
is kept only if its score clears a threshold AND beats the runner-up in its row and column by a
margin: an unmatched talk costs a volunteer one lookup, a wrong match publishes a wrong video.

Twins are handled explicitly: talks with the same title (a "Lightning Talks" slot every day) that
nothing tells apart are paired with their videos in chronological / playlist order only when both
sides have the same count; a second upload of an already matched talk (same title, same evidence)
is reported as its likely duplicate instead of being matched or silently dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from rapidfuzz import fuzz, process

from scrapers.items import Recording, Talk

if TYPE_CHECKING:
    import numpy as np
else:

    class _LazyNumpy:
        """numpy on first use: with scipy it costs ~0.4 s of every crawl's start-up."""

        def __getattr__(self, name: str) -> Any:
            import numpy

            globals()["np"] = numpy
            return getattr(numpy, name)

    np = _LazyNumpy()

__all__ = ["Match", "MatchResult", "fuller_speakers", "match"]

# Weights of the fuzzy score (at most 1.0): the title carries it, speakers and day confirm.
TITLE_WEIGHT = 0.7
SPEAKER_WEIGHT = 0.2
DAY_AGREE = 0.1
DAY_DISAGREE = -0.3
THRESHOLD = 0.6  # a title alone must reach ~0.86 similarity; title 0.6 + all speakers passes
MIN_TITLE = 0.55  # speakers and day confirm a title, never replace it (one speaker, two talks)
MARGIN = 0.05  # over the runner-up in the pair's row and column
PLENARY_TITLE = 0.9  # "Introduction" vs "Welcome Session": same slot; the day tells days apart
TWIN_TITLE = 0.95  # titles this similar are "the same title" (twin talks, re-uploaded videos)
CODE_SCORE = 2.0  # code evidence dominates any fuzzy score (max 1.0)
LINK_SCORE = 4.0  # schedule links dominate codes

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Plenary slots named differently by the schedule and the host ("Introduction" / "Welcome
# Session"): role words, and the words allowed around them.
_PLENARY_ROLES = {
    "opening": {"introduction", "intro", "welcome", "opening"},
    "closing": {"closing", "close", "farewell", "goodbye"},
}
_PLENARY_WORDS = set().union(
    *_PLENARY_ROLES.values(), _WEEKDAYS, {"session", "remarks", "address", "and", "day"}
)
_SEPARATORS = re.compile(r"\s+[-–—|/]\s+|\s*[|:]\s+|\s+[–—]\s*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
_URL = re.compile(r"https?://\S+")
_ALNUM_RUNS = re.compile(r"[A-Za-z0-9]+")
_PATH_RUNS = re.compile(r"/([a-z0-9-]+)")
_HTTP_RUN = re.compile(r"http\S*")
_SPACE = re.compile(r"\s")  # str.isspace's characters
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# _NOT_WORD for ASCII text, a character at a time (the runs are joined by the split after it)
_ASCII_NOT_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not ("a" <= c <= "z" or "0" <= c <= "9")}
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{4,})[\"“”]")
_YEAR_PAREN = re.compile(r"[(\[][^)\]]*(?:19|20)\d\d[^)\]]*[)\]]")
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_SLOT = re.compile(r"\b([A-Z][a-z]+day)\b\W{0,3}(\d{1,2}:\d\d)\b")
_CODE = re.compile(r"[A-Z0-9]{5,}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}")
# compiled once: a large event's regexes would otherwise push these out of re's cache
_WEEKDAY_RES = [re.compile(rf"\b{day}\b", re.I) for day in _WEEKDAYS]
_WEEKDAY_ABBR_RES = [re.compile(rf"\b{day.title()}\b") for day in _WEEKDAY_ABBR]
# any of them: most texts name no day, and one search tells
_ANY_WEEKDAY = re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)})\b", re.I)
_ANY_WEEKDAY_ABBR = re.compile(rf"\b(?:{'|'.join(d.title() for d in _WEEKDAY_ABBR)})\b")


@dataclass
class Match:
    """One talk joined to one recording, with the score and the evidence that decided it."""

    talk: Talk
    recording: Recording
    score: float
    evidence: str
    # the talk's speakers, a one-word schedule name completed from the video's byline
    speakers: list[str] = field(default_factory=list)


@dataclass
class MatchResult:
    """The pairing of one event, plus what stayed alone and why (for the crawl summary)."""

    matches: list[Match]
    unmatched_talks: list[Talk]
    unmatched_recordings: list[Recording]
    # recording key -> Talk.source_id of the matched talk it is most likely a re-upload of
    duplicates: dict[str, str] = field(default_factory=dict)
    # "talk:<source_id>" or recording key -> why it stayed unmatched (weak, ambiguous, ...)
    reasons: dict[str, str] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        """A JSON-ready account, so a reviewer can check every decision without re-running."""
        return {
            "pairs": [
                {
                    "talk_id": m.talk.source_id,
                    "talk_title": m.talk.title,
                    "video_id": m.recording.video_id,
                    "video_title": m.recording.title,
                    "score": round(m.score, 3),
                    "evidence": m.evidence,
                }
                | ({"speakers": m.speakers} if m.speakers != m.talk.speakers else {})
                for m in self.matches
            ],
            "unmatched_talks": [
                {
                    "talk_id": t.source_id,
                    "title": t.title,
                    "reason": self.reasons.get(f"talk:{t.source_id}", ""),
                }
                for t in self.unmatched_talks
            ],
            "unmatched_recordings": [
                {
                    "video_id": r.video_id,
                    "title": r.title,
                    "reason": self.reasons.get(r.key, ""),
                    "likely_duplicate_of": self.duplicates.get(r.key),
                }
                for r in self.unmatched_recordings
            ],
        }


# --------------------------------------------------------------------------- normalisation


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower-case ASCII words only: accents, quotes, emoji and punctuation never decide a match."""
    if not text.isascii():  # NFKD leaves ASCII as it is
        text = _NON_ASCII.sub(_uncombined, unicodedata.normalize("NFKD", text))
    text = text.casefold()
    if text.isascii():
        return " ".join(text.translate(_ASCII_NOT_WORD).split())
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _uncombined(run: re.Match[str]) -> str:
    """A run of non-ASCII characters without its combining marks (ASCII has none)."""
    return "".join(c for c in run.group() if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _video_ref(url: str) -> str:
    """The host's id of a video URL (YouTube forms), else the folded URL itself."""
    parsed = urlparse(url.strip())
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        return parsed.path.strip("/").split("/")[0]
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        query = parse_qs(parsed.query)
        if "v" in query:
            return query["v"][0]
        parts = [p for p in parsed.path.split("/") if p]
        if len(parts) >= 2 and parts[0] in {"embed", "v", "live", "shorts"}:
            return parts[1]
    return url.strip().rstrip("/").lower()


def _title_variants(title: str, event_title: str) -> list[tuple[str, bool]]:
    """Candidate talk titles inside a host title, each with "is it truncated?".

    Hosts wrap the talk title in speaker names, the event and quotes in varying order
    ('"Title" - Speaker (PyConline AU 2020)', 'PYCON UK 2017: Title'), so every segment and
    every prefix/suffix run of segments is a candidate; the best one wins.
    """
    # (each regex only where the characters it needs occur: most titles have none)
    dots = "..." in title or "…" in title
    truncated = (dots and bool(_TRUNCATED.search(title))) or len(title) >= 97
    base = (_TRUNCATED.sub("", title) if dots else title).strip()
    cands = {base}
    if '"' in base or "“" in base or "”" in base:
        cands.update(_QUOTED.findall(base))
    paren = "(" in base or "[" in base
    no_paren = (_YEAR_PAREN.sub(" ", base) if paren else base).strip()
    cands.add(no_paren)
    cands.add((_PAREN.sub(" ", base) if paren else base).strip())  # "God Is Real (unless ...)"
    if event_title:
        cands.add(_event_pattern(event_title).sub(" ", no_paren).strip(" :-|–"))
    parts = [p for p in _SEPARATORS.split(no_paren) if p.strip()]
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            cands.add(" - ".join(parts[i:j]))
    out: list[tuple[str, bool]] = []
    for cand in cands:
        folded = _fold(cand)
        if folded and not (_YEAR.fullmatch(folded) or len(folded) < 3):
            # only the tail of the original title can be cut off
            out.append((folded, truncated and base.endswith(cand.strip()[-8:])))
    return sorted(set(out))


@lru_cache(maxsize=64)
def _event_pattern(event_title: str) -> re.Pattern[str]:
    """The event's name in a host title, however it spaces the words ("PyConUK 2017")."""
    return re.compile(re.escape(event_title).replace(r"\ ", r"\s*"), re.IGNORECASE)


@lru_cache(maxsize=65536)
def _plenary_role(folded: str) -> str | None:
    """The role ("opening", "closing") of a folded title that names only a plenary slot.

    Conferences call the same slot "Introduction", "Welcome Session" or "Opening Session", so
    these titles agree by role, not by spelling; a weekday or "session" may accompany the role
    word, anything else ("Micro:bit - Welcome and State of the Union") makes it a talk title.
    """
    words = set(folded.split())
    if not words <= _PLENARY_WORDS:
        return None
    roles = {role for role, vocab in _PLENARY_ROLES.items() if words & vocab}
    return roles.pop() if len(roles) == 1 else None


def _title_similarity(talk_title: str, variants: list[tuple[str, bool]]) -> float:
    """Best rapidfuzz similarity (0..1) of a talk title to any candidate of a host title."""
    talk = _fold(talk_title)
    if not talk:
        return 0.0
    best = 0.0
    role = _plenary_role(talk)
    for cand, truncated in variants:
        score = fuzz.ratio(talk, cand) / 100
        if truncated and len(cand) >= 30 and len(talk) > len(cand):
            # compare like with like: the talk title cut where the host cut it
            score = max(score, fuzz.ratio(talk[: len(cand)], cand) / 100)
        shorter, longer = sorted((talk, cand), key=len)
        if len(shorter) >= 12 and len(shorter) >= 0.6 * len(longer):
            # "Fri Visualising Topic Models": a few extra words around the same title
            score = max(score, 0.95 * fuzz.partial_ratio(talk, cand) / 100)
        words, cand_words = set(talk.split()), set(cand.split())
        if len(words) >= 2 and words < cand_words and 2 * len(words) >= len(cand_words):
            # "Rube Codeberg" in "Rube Codeberg Competition": the host added a word or two
            score = max(score, 0.9)
        if role is not None and _plenary_role(cand) == role:
            # same plenary slot under another name: the day (scored apart) must then decide
            score = max(score, PLENARY_TITLE)
        best = max(best, score)
    return best


@lru_cache(maxsize=65536)
def _name_form(name: str) -> str:
    """How a speaker is named in folded text, with a space on either side: a distinctive
    surname, which the full name ends with (so finding it finds both), else the full name;
    "" for a name with no words."""
    folded = _fold(name)
    if not folded:
        return ""
    tokens = folded.split()
    if len(tokens) > 1 and len(tokens[-1]) >= 4:
        return f" {tokens[-1]} "
    return f" {folded} "


class _Variants:
    """Every video's title variants as one table (a row per video and variant, video after
    video), so a batch of pairs gathers its rows with array indexing, not per-pair lists."""

    def __init__(self, infos: list[_RecInfo]) -> None:
        self.count = np.array([len(info.variants) for info in infos], dtype=np.int64)
        self.first = np.cumsum(self.count) - self.count
        self.text = [cand for info in infos for cand, _ in info.variants]
        self.length = np.array([len(cand) for cand in self.text], dtype=int)
        self.truncated = np.array([cut for info in infos for _, cut in info.variants], dtype=bool)
        self.n_words = np.array([len(set(cand.split())) for cand in self.text], dtype=int)
        self.role = np.array([_ROLE_CODE[_plenary_role(cand)] for cand in self.text], dtype=int)

    def rows(self, videos: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
        """The table rows of these videos' variants, video after video (the first ``counts``
        of each, when given)."""
        counts = self.count[videos] if counts is None else counts
        starts = np.repeat(self.first[videos] - (np.cumsum(counts) - counts), counts)
        return starts + np.arange(int(counts.sum()))


def _title_similarities(
    talks: list[Talk],
    infos: list[_RecInfo],
    pairs: list[tuple[int, int]],
    known: tuple[np.ndarray, np.ndarray] | None = None,
    table: _Variants | None = None,
) -> list[float]:
    """``_title_similarity`` of many (talk, video) pairs: the same values, from a few
    rapidfuzz calls over every (pair, title variant) instead of a Python loop per variant.

    ``known``: each (pair, variant) row's ratio and partial ratio (0 where it cannot raise
    the pair's best), when the caller has them already; ``table``: the videos' variants.
    """
    best = np.zeros(len(pairs))
    if not pairs:
        return best.tolist()
    table = _Variants(infos) if table is None else table
    titles = [_fold(talks[i].title) for i, _ in pairs]  # each pair's talk title
    videos = np.array([j for _, j in pairs], dtype=np.int64)
    # one row per (pair, title variant of its video); an empty talk title has none
    counts = np.where([bool(t) for t in titles], table.count[videos], 0)
    if not counts.sum():
        return best.tolist()
    at = np.repeat(np.arange(len(pairs)), counts)  # the pair of each row
    row = table.rows(videos, counts)  # the table row of each row
    of_pair = at.tolist()

    def talk(ns: np.ndarray) -> list[str]:
        return [titles[of_pair[n]] for n in ns.tolist()]

    def cand(ns: np.ndarray) -> list[str]:
        return [table.text[r] for r in row[ns].tolist()]

    if known is None:
        every = np.arange(len(row))
        score = process.cpdist(talk(every), cand(every), scorer=fuzz.ratio, dtype=np.float64)
        score = score / 100
    else:
        score = known[0].copy()
    talk_len = np.array([len(t) for t in titles], dtype=int)[at]
    cand_len = table.length[row]
    cut = np.flatnonzero(table.truncated[row] & (cand_len >= 30) & (talk_len > cand_len))
    if len(cut):  # compare like with like: the talk title cut where the host cut it
        ratio = process.cpdist(
            [t[:n] for t, n in zip(talk(cut), cand_len[cut].tolist(), strict=True)],
            cand(cut),
            scorer=fuzz.ratio,
            dtype=np.float64,
        )
        score[cut] = np.maximum(score[cut], ratio / 100)
    shorter, longer = np.minimum(talk_len, cand_len), np.maximum(talk_len, cand_len)
    part = np.flatnonzero((shorter >= 12) & (shorter >= 0.6 * longer) & (score < 1.0))
    if len(part):  # a few extra words around the same title
        if known is None:
            partial = process.cpdist(
                talk(part), cand(part), scorer=fuzz.partial_ratio, dtype=np.float64
            )
        else:
            partial = known[1][part]
        score[part] = np.maximum(score[part], 0.95 * partial / 100)
    # the host added a word or two ("Rube Codeberg" in "Rube Codeberg Competition"), or the
    # same plenary slot under another name: ask only where the word counts or roles allow it
    talk_words = np.array([len(set(title.split())) for title in titles])[at]
    cand_words = table.n_words[row]
    talk_role = np.array([_ROLE_CODE[_plenary_role(t)] for t in titles])[at]
    cand_role = table.role[row]
    added = np.flatnonzero(
        (talk_words >= 2) & (cand_words > talk_words) & (2 * talk_words >= cand_words)
    )
    word_sets: dict[str, frozenset[str]] = {}  # the words of each title, once per call
    for n, a, b in zip(added.tolist(), talk(added), cand(added), strict=True):
        wa, wb = word_sets.get(a), word_sets.get(b)
        if wa is None:
            wa = word_sets[a] = frozenset(a.split())
        if wb is None:
            wb = word_sets[b] = frozenset(b.split())
        if wa < wb:
            score[n] = max(score[n], 0.9)
    same_role = (talk_role > 0) & (cand_role == talk_role)
    score[same_role] = np.maximum(score[same_role], PLENARY_TITLE)
    some = counts > 0
    best[some] = np.maximum.reduceat(score, (np.cumsum(counts) - counts)[some])
    return best.tolist()


_ROLE_CODE = {None: 0} | {role: n for n, role in enumerate(_PLENARY_ROLES, 1)}


def _name_keys(speakers: list[str]) -> tuple[str, ...]:
    """How to find each speaker in a video's padded folded text (``_name_form``); a name with
    no words is found nowhere, so it has none.

    Folded text is lower-case ASCII words separated by single spaces; with a space added at
    each end, a whole-word match is a substring match (much faster than a regex per pair).
    """
    return tuple(form for form in map(_name_form, speakers) if form)


def _count_named(keys: tuple[str, ...], info: _RecInfo) -> int:
    """How many of the speakers (``_name_keys``) the video's text names."""
    return sum(map(info.padded.__contains__, keys))


def _weekdays(text: str) -> set[int]:
    """Weekdays a host title or description names ("Sunday Lightning Talks", "Fri ...")."""
    found = set()
    # "day" in lower case: a weekday's letters match only their ASCII cases
    if "day" in text.lower() and _ANY_WEEKDAY.search(text):
        found = {i for i, day in enumerate(_WEEKDAY_RES) if day.search(text)}
    if _ANY_WEEKDAY_ABBR.search(text):
        found |= {i for i, day in enumerate(_WEEKDAY_ABBR_RES) if day.search(text)}
    return found


def fuller_speakers(speakers: list[str], byline: list[str]) -> list[str]:
    """The schedule's speakers, each one-word name completed from the matched video's byline.

    Some schedules know a speaker by a first name only ("Dawn") while the video names the person
    in full ("Dawn Wages"). The fuller form is taken only when exactly one byline name starts
    with that word and no other schedule speaker already does, so two people never merge and a
    schedule that spells a name out ("Julin Shaji" vs "Julin S") keeps its own form.
    """
    out = []
    for name in speakers:
        folded = _fold(name)
        if folded and " " not in folded:
            fuller = [b for b in byline if _fold(b).split()[:1] == [folded] and " " in _fold(b)]
            rivals = [o for o in speakers if o != name and _fold(o).split()[:1] == [folded]]
            if len(fuller) == 1 and not rivals:
                out.append(fuller[0])
                continue
        out.append(name)
    return out


def _talk_day(talk: Talk) -> dt.date | None:
    if isinstance(talk.start, dt.datetime):
        return talk.start.date()
    return talk.start if isinstance(talk.start, dt.date) else None


@dataclass
class _RecInfo:
    rec: Recording
    variants: list[tuple[str, bool]]
    text: str  # folded title + speakers + head of description: where speaker names are sought
    days: set[int]  # weekdays the title (or first description line) names
    slots: set[tuple[int, str]]  # (weekday, "HH:MM") the description names
    raw: str  # title + description, unfolded: where codes and URLs are sought
    refs: set[str]  # video refs of this recording
    padded: str = field(init=False)  # text with a space at each end, for _count_named

    def __post_init__(self) -> None:
        self.padded = f" {self.text} "


def _rec_info(rec: Recording, event_title: str) -> _RecInfo:
    variants = _title_variants(rec.title, event_title)
    if rec.curated_title:
        variants = sorted(set(variants) | {(_fold(rec.curated_title), False)})
    head = "\n".join(rec.description.splitlines()[:3])
    text = _fold(" ".join([*rec.curated_speakers, rec.title, _URL.sub(" ", rec.description[:600])]))
    days = _weekdays(rec.curated_title or rec.title) or _weekdays(head.split("\n")[0])
    slots = set()
    for day, hhmm in _SLOT.findall(head):
        if day.lower() in _WEEKDAYS:
            slots.add((_WEEKDAYS.index(day.lower()), hhmm.zfill(5)))
    refs = {_video_ref(rec.url), rec.video_id} - {""}
    return _RecInfo(rec, variants, text, days, slots, f"{rec.title}\n{rec.description}", refs)


def _code(talk: Talk) -> str:
    """The talk's schedule code: the last segment of its source id."""
    return talk.source_id.strip().rstrip("/").split("/")[-1]


class _LazyPattern:
    """A regex compiled at its first search: a talk's code is sought only in the videos whose
    text has it, which is none for most talks (a compile per talk costs more than the rest)."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.search(text)


def _code_pattern(talk: Talk) -> _LazyPattern | None:
    """A regex for the talk's schedule code when it is distinctive enough to be evidence."""
    code = _code(talk)
    if _CODE.fullmatch(code) and not code.isdigit():
        return _LazyPattern(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])")
    if _SLUG.fullmatch(code) and len(code) >= 15:
        return _LazyPattern(rf"/{re.escape(code)}(?![a-z0-9-])")  # a slug inside a URL
    return None


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class _Cell:
    score: float  # for the assignment; codes and links dominate fuzzy scores
    shown: float  # the reported score, 0..1
    evidence: str
    title: float = 0.0
    kind: str = "fuzzy"  # link | code | fuzzy


@dataclass
class _TalkInfo:
    """What ``_score`` asks of a talk, worked out once per talk instead of once per pair."""

    talk: Talk
    code: _LazyPattern | None
    code_text: str  # the schedule code, sought as text before its regex
    refs: set[str]  # video refs of the schedule's links
    page: str | None  # the talk page URL, when long enough to be evidence
    names: tuple[str, ...]  # how to find the speakers (_name_keys)
    n_speakers: int
    day: dt.date | None
    slot: tuple[int, str] | None  # (weekday, "HH:MM") of a timed start


def _talk_info(talk: Talk, code: _LazyPattern | None) -> _TalkInfo:
    start = talk.start
    return _TalkInfo(
        talk,
        code,
        _code(talk),
        {_video_ref(u) for u in talk.video_urls},
        talk.url.rstrip("/") if talk.url and len(talk.url) > 20 else None,
        _name_keys(talk.speakers),
        len(talk.speakers),
        _talk_day(talk),
        (start.weekday(), start.strftime("%H:%M")) if isinstance(start, dt.datetime) else None,
    )


def _score(facts: _TalkInfo, info: _RecInfo, title: float | None = None) -> _Cell:
    talk = facts.talk
    if title is None:
        title = _title_similarity(talk.title, info.variants)
    if facts.refs and not facts.refs.isdisjoint(info.refs):
        return _Cell(LINK_SCORE + title, 1.0, "schedule link", title, "link")
    code = facts.code
    if code is not None and facts.code_text in info.raw and (hit := code.search(info.raw)):
        where = "title" if hit.start() < len(info.rec.title) else "description"
        evidence = f"code {hit.group().strip('/')} in {where}"
        return _Cell(CODE_SCORE + title, 1.0, evidence, title, "code")
    if facts.page is not None and facts.page in info.raw:
        return _Cell(CODE_SCORE + title, 1.0, "talk page URL in description", title, "code")

    score = TITLE_WEIGHT * title
    parts = [f"title {title:.2f}"]
    if facts.n_speakers:
        named = _count_named(facts.names, info)
        if named:
            score += SPEAKER_WEIGHT * (0.5 + 0.5 * named / facts.n_speakers)
        parts.append(f"speakers {named}/{facts.n_speakers}")
    day = facts.day
    rec_day = info.rec.recorded
    if day is not None and info.days:
        # A weekday the video names is the host's own statement; it outranks the upload date
        # ("Thursday Lightning Talks" uploaded on Friday is Thursday's, not Friday's).
        agree = day.weekday() in info.days
        score += DAY_AGREE if agree else DAY_DISAGREE
        parts.append(f"{'day' if agree else 'other day'} {_WEEKDAYS[min(info.days)].title()}")
    elif day is not None and rec_day is not None and rec_day == day:
        # A recording's date is its upload date (clamped into the event): agreement is evidence,
        # disagreement is not (most talks are uploaded days after they were given).
        score += DAY_AGREE
        parts.append("same date")
    if facts.slot is not None and facts.slot in info.slots:
        score += DAY_AGREE / 2
        parts.append("slot in description")
    score = max(score, 0.0)
    return _Cell(score, min(score, 1.0), " + ".join(parts), title)


# Pairs scored exactly: every pair of an event of up to CANDIDATES talks and videos; beyond,
# each talk's and each video's best candidates by a quick title score (TOP_K of them, found among
# the PREFILTER sharing the most distinctive words, themselves found through the words and word
# pairs at most RARE talks and RARE videos have), plus every pair a schedule link, a code or a
# talk page URL joins, plus the twins of a candidate pair (their order is what pairs them). Memory
# and exact scoring are O(talks x TOP_K), not O(talks x videos): a 4,000-talk schedule joined to
# a whole channel would otherwise hold 16 million pairs.
CANDIDATES = 128
# Up to this many talks and videos, every pair has a score in one matrix (exact for each side's
# best CANDIDATES, a quick title score for the rest): the reports name the best video of an
# unmatched talk among all. Beyond, only candidate pairs exist, in sparse rows and columns.
DENSE = 256
TOP_K = 10
PREFILTER = 32
RARE = 64  # a word (pair) more talks or videos have finds no partner: it only weighs them
_CHUNK = 16384  # pairs weighed or compared at once: memory O(_CHUNK x words)
_Q = 3  # characters of the grams that find twin titles
_TWIN_PAIRS = 16384  # twin groups up to this many pairs are joined whole
_FALLBACK = 0.5  # of its weakest candidate: the worth of leaving a talk without a video
_DENSE_WORDS = 1 << 24  # (videos x words) cells of a table of who has which word: 16 MB
_ROWS = 1 << 18  # (pair, title variant) rows worked on at once: memory O(_ROWS)


class _Cells:
    """The exact scored cell of a pair, computed on first use (a 1,000 x 1,000 event would
    otherwise build a million evidence strings that no one reads)."""

    def __init__(self, talks: list[Talk], infos: list[_RecInfo], codes: list[Any]) -> None:
        self.talks, self.infos = talks, infos
        self.facts = [_talk_info(t, code) for t, code in zip(talks, codes, strict=True)]
        # as plain tuples: those the cyclic collector drops from its lists, so a large event's
        # cells do not make the collector walk the whole heap (a _Cell object would)
        self._cache: dict[tuple[int, int], tuple[float, float, str, float, str]] = {}
        # title similarities already known (the candidate search computes its picks' exactly)
        self.titles: dict[tuple[int, int], float] = {}
        self.quick: _Estimates | None = None  # the candidate search's estimates

    @cached_property
    def table(self) -> _Variants:
        return _Variants(self.infos)

    def cell(self, i: int, j: int) -> _Cell:
        found = self._cache.get((i, j))
        if found is None:
            found = self._keep(i, j, _score(self.facts[i], self.infos[j], self.titles.get((i, j))))
        return _Cell(*found)

    def score(self, i: int, j: int) -> float:
        """``cell(i, j).score``."""
        found = self._cache.get((i, j))
        return self.cell(i, j).score if found is None else found[0]

    def _keep(self, i: int, j: int, cell: _Cell) -> tuple[float, float, str, float, str]:
        found = self._cache[i, j] = (cell.score, cell.shown, cell.evidence, cell.title, cell.kind)
        return found

    def prefill(self, pairs: list[tuple[int, int]]) -> None:
        """Score many pairs at once (their title similarities in a few rapidfuzz calls)."""
        pairs = [p for p in pairs if p not in self._cache]
        known = self.titles
        for i, j in pairs:
            if (title := known.get((i, j))) is not None:
                self._keep(i, j, _score(self.facts[i], self.infos[j], title))
        pairs = [p for p in pairs if p not in known]
        step = _CHUNK // 4  # a video has a few title variants: memory O(_CHUNK)
        for at in range(0, len(pairs), step):
            some = pairs[at : at + step]
            titles = _title_similarities(self.talks, self.infos, some, table=self.table)
            for (i, j), title in zip(some, titles, strict=True):
                self._keep(i, j, _score(self.facts[i], self.infos[j], title))

    def __getitem__(self, i: int) -> _Row:
        return _Row(self, i)


@dataclass
class _Row:
    cells: _Cells
    i: int

    def __getitem__(self, j: int) -> _Cell:
        return self.cells.cell(self.i, j)


class _Scores:
    """The candidate pairs' scores by talk and by video: a sparse matrix, O(candidates).

    A pair that is not a candidate has no score (it can be neither a match nor a rival).
    """

    def __init__(self, n_talks: int, n_recs: int) -> None:
        self.rows: list[dict[int, float]] = [{} for _ in range(n_talks)]
        self.cols: list[dict[int, float]] = [{} for _ in range(n_recs)]

    @classmethod
    def from_dense(cls, base: np.ndarray) -> _Scores:
        """Every pair of a small event's matrix."""
        scores = cls(*base.shape)
        for i, row in enumerate(base.tolist()):
            scores.rows[i] = dict(enumerate(row))
        for j, col in enumerate(base.T.tolist()):
            scores.cols[j] = dict(enumerate(col))
        return scores

    def add(self, i: int, j: int, score: float) -> None:
        self.rows[i][j] = score
        self.cols[j][i] = score

    def get(self, i: int, j: int) -> float:
        return self.rows[i].get(j, 0.0)

    def by_row(self, i: int) -> list[int]:
        """The talk's candidate videos, best first (index order among equals)."""
        row = self.rows[i]
        return sorted(row, key=lambda j: (-row[j], j))

    def by_col(self, j: int) -> list[int]:
        col = self.cols[j]
        return sorted(col, key=lambda i: (-col[i], i))

    def best_in_row(self, i: int) -> int:
        """The first best video of the talk (0 when it has no candidate), like argmax."""
        order = self.by_row(i)
        return order[0] if order else 0

    def best_in_col(self, j: int) -> int:
        order = self.by_col(j)
        return order[0] if order else 0


def _code_runs(infos: list[_RecInfo], wanted: set[str] | None = None) -> dict[str, list[int]]:
    """The videos whose text has each run where a code can be: a whole run of letters and
    digits ("SEZQAL"), or a whole URL path segment ("/my-talk-slug"), exactly what
    _code_pattern's regexes accept; only the ``wanted`` runs (the talks' codes), when given."""
    words: dict[str, list[int]] = {}
    for j, info in enumerate(infos):
        runs = set(_ALNUM_RUNS.findall(info.raw)) | set(_PATH_RUNS.findall(info.raw))
        for word in runs if wanted is None else runs & wanted:
            words.setdefault(word, []).append(j)
    return words


def _linked_pairs(
    i: int,
    talk: Talk,
    refs: dict[str, list[int]],
    words: dict[str, list[int]],
    cells: _Cells,
    infos: list[_RecInfo],
) -> set[tuple[int, int]]:
    """Candidates a talk names outright: its schedule's video links and its code's mentions."""
    pairs = {(i, j) for url in talk.video_urls for j in refs.get(_video_ref(url), [])}
    facts = cells.facts[i]
    if facts.code is not None:
        # a code can only occur in a recording whose text has it as one word run
        found = words.get(facts.code_text, [])
        pairs.update((i, j) for j in found if facts.code.search(infos[j].raw))
    return pairs


def _quick_titles(talks: list[Talk], infos: list[_RecInfo]) -> np.ndarray:
    """A fast lower bound of every pair's title similarity, to pick the pairs worth scoring:
    plain rapidfuzz ratio against every title variant (one matrix), and token-set ratio against
    the whole title (for titles wrapped in a few extra words)."""
    talk_titles = [_fold(t.title) for t in talks]
    variants = [cand for info in infos for cand, _ in info.variants]
    owner = np.array([j for j, info in enumerate(infos) for _ in info.variants])
    quick = np.zeros((len(talks), len(infos)))
    if variants:
        ratio = process.cdist(talk_titles, variants, scorer=fuzz.ratio, dtype=np.float64) / 100
        starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
        quick[:, owner[starts]] = np.maximum.reduceat(ratio, starts, axis=1)
    whole = [_fold(info.rec.curated_title or info.rec.title) for info in infos]
    token = process.cdist(talk_titles, whole, scorer=fuzz.token_set_ratio, dtype=np.float64)
    quick = np.maximum(quick, token / 100 * 0.95)
    quick[[not t for t in talk_titles], :] = 0.0
    return quick


def _base_matrix(talks: list[Talk], infos: list[_RecInfo], cells: _Cells) -> np.ndarray:
    """Every pair's score of an event of up to DENSE talks and videos: exact for each talk's
    and each video's best candidates, for every schedule link and code; the quick title score
    for the rest (never a match on its own)."""
    n_talks, n_recs = len(talks), len(infos)
    if n_talks <= CANDIDATES and n_recs <= CANDIDATES:
        pairs = {(i, j) for i in range(n_talks) for j in range(n_recs)}
        base = np.zeros((n_talks, n_recs))
    else:
        quick = _quick_titles(talks, infos)
        base = TITLE_WEIGHT * quick
        pairs = set()
        for i in range(n_talks):
            pairs.update((i, int(j)) for j in np.argsort(-quick[i])[:CANDIDATES])
        for j in range(n_recs):
            pairs.update((int(i), j) for i in np.argsort(-quick[:, j])[:CANDIDATES])
        refs: dict[str, list[int]] = {}
        for j, info in enumerate(infos):
            for ref in info.refs:
                refs.setdefault(ref, []).append(j)
        words = _code_runs(infos)
        for i, talk in enumerate(talks):
            pairs.update(_linked_pairs(i, talk, refs, words, cells, infos))
            if talk.url and len(talk.url) > 20:
                needle = talk.url.rstrip("/")
                pairs.update((i, j) for j, info in enumerate(infos) if needle in info.raw)
    cells.prefill(sorted(pairs))
    for i, j in pairs:
        base[i, j] = cells.score(i, j)
    return base


def _keys(texts: list[str], known: dict[str, int] | None = None) -> set[str]:
    """The words of folded texts and each pair of adjacent words ("type hints", "ana garcia"):
    a pair is far rarer than either word in a schedule of look-alike titles. With ``known``,
    only the keys it has (a pair of words is known only if both words are)."""
    keys: set[str] = set()
    for text in texts:
        words = text.split()
        keys.update(words)
        if known is None:
            keys.update(f"{a} {b}" for a, b in pairwise(words))
        else:
            keys.update(f"{a} {b}" for a, b in pairwise(words) if a in known and b in known)
    return keys if known is None else keys & known.keys()


def _shared_word_pairs(
    talk_texts: list[list[str]], rec_texts: list[list[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Each talk's and each video's PREFILTER best partners by the rarity of the words they
    share (idf-weighted overlap, ties to the lower index), among the pairs that share a rare
    key: a word or pair of adjacent words ("type hints", "ana garcia") that at most RARE talks
    and at most RARE videos have.

    The pairs sharing a rare key come from an inverted index (one sparse product with at most
    RARE videos per talk key), so time and memory are O(talks x RARE), never talks x videos.
    A pair that shares only words many videos have is not a candidate: in a large schedule of
    look-alike titles, one more rival that could have made a pair "ambiguous".
    """
    from scipy import sparse

    n_recs = len(rec_texts)
    talk_keys = [_keys(texts) for texts in talk_texts]
    talk_df: Counter[str] = Counter()
    for keys in talk_keys:
        talk_df.update(keys)
    # what the videos have of the talks' keys (a word alone is a key too)
    rec_keys = [_keys(texts, talk_df) for texts in rec_texts]
    rec_df: Counter[str] = Counter()
    for keys in rec_keys:
        rec_df.update(keys)
    rare = sorted(k for k, n in rec_df.items() if n <= RARE and talk_df[k] <= RARE)

    def incidence(docs: list[set[str]], vocab: dict[str, int]) -> Any:
        cols = [sorted(map(vocab.__getitem__, keys & vocab.keys())) for keys in docs]
        indptr = np.r_[0, np.cumsum([len(c) for c in cols])]
        indices = np.fromiter(chain.from_iterable(cols), dtype=np.int64, count=indptr[-1])
        data = np.ones(len(indices), dtype=np.int32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))

    by_key = {key: n for n, key in enumerate(rare)}
    pool = (incidence(talk_keys, by_key) @ incidence(rec_keys, by_key).T).tocoo()
    rows, cols = pool.row.astype(np.int64), pool.col.astype(np.int64)
    del pool
    if not len(rows):
        return rows, cols
    # the weight of the words each pair shares: log((1 + videos) / (1 + videos with the word))
    words = sorted(k for k in rec_df if " " not in k)
    idf = np.log((1 + n_recs) / (1 + np.array([rec_df[w] for w in words], dtype=float))) + 1e-3
    by_word = {w: n for n, w in enumerate(words)}
    talk_m, rec_m = incidence(talk_keys, by_word), incidence(rec_keys, by_word)
    # which video has which word: a table when small (looked up far faster than the matrix)
    has: Any = rec_m
    if n_recs * len(words) <= _DENSE_WORDS:
        has = np.zeros((n_recs, len(words)), dtype=bool)
        has[np.repeat(np.arange(n_recs), np.diff(rec_m.indptr)), rec_m.indices] = True
    values = np.empty(len(rows))
    for at in range(0, len(rows), _CHUNK):
        r, c = rows[at : at + _CHUNK], cols[at : at + _CHUNK]
        counts = np.diff(talk_m.indptr)[r]  # >= 1: a shared key is made of shared words
        ends = np.cumsum(counts)
        firsts = np.repeat(talk_m.indptr[r] - (ends - counts), counts)
        word = talk_m.indices[firsts + np.arange(ends[-1])]
        shared = np.asarray(has[np.repeat(c, counts), word]).ravel()
        values[at : at + _CHUNK] = np.add.reduceat(idf[word] * shared, ends - counts)
    keep = _best_mask(rows, cols, values, PREFILTER)
    return rows[keep], cols[keep]


def _best_mask(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Which of the pairs (rows, cols) are among the k best (largest value, then lowest index)
    of their row or of their column."""
    keep = np.zeros(len(values), dtype=bool)
    if not len(values):
        return keep
    rank = _descending_rank(values)
    for line, other in ((rows, cols), (cols, rows)):
        order = _line_order(line, rank, other)  # by line, best first, then by index
        starts = np.flatnonzero(np.r_[True, np.diff(line[order]) != 0])
        place = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep[order[place < k]] = True
    return keep


def _descending_rank(values: np.ndarray) -> np.ndarray:
    """The rank of each value, largest first (equal values share their rank)."""
    order = np.argsort(-values)
    ordered = values[order]
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.cumsum(np.r_[True, ordered[1:] != ordered[:-1]]) - 1
    return rank


def _line_order(line: np.ndarray, rank: np.ndarray, other: np.ndarray | None = None) -> np.ndarray:
    """The entries in order of line, then rank, then other index: one sort of a combined
    integer key (np.lexsort's three sorts cost a large event twice as much), unless the key
    would not fit in 63 bits."""
    sizes = [int(line.max()) + 1, int(rank.max()) + 1, 1 if other is None else int(other.max()) + 1]
    if sizes[0] * sizes[1] * sizes[2] >= 2**62:
        keys = (rank, line) if other is None else (other, rank, line)
        return np.lexsort(keys)
    key = line.astype(np.int64) * sizes[1] + rank
    if other is not None:
        key = key * sizes[2] + other
    return np.argsort(key, kind="stable")  # the fastest here (keys come nearly in order)


class _Estimates:
    """``_title_candidates``' quick estimate of many (talk, video) pairs, batched over every
    (pair, title variant) row, and exact wherever it can decide which pairs are picked.

    The partial ratio costs most (a large event's match spends its time there), so it is asked
    only where it can change a pick: of a pair whose estimate could reach the TOP_K of its talk
    or of its video (judged by an upper bound against the K-th best lower bound of each), and
    only for the title variants where it could beat the pair's plain ratio. The bound: each
    alignment partial_ratio compares, of the shorter string (length m) with k <= m characters
    of the longer, shares at most min(k, L) characters in order, L the longest common
    subsequence of the whole strings (from their ratio), so it scores at most 2L / (m + L).
    """

    def __init__(
        self,
        talks: list[Talk],
        talk_titles: list[str],
        whole: list[str],
        infos: list[_RecInfo],
        rows: np.ndarray,
        cols: np.ndarray,
        table: _Variants,
    ) -> None:
        self.talks, self.talk_titles, self.infos = talks, talk_titles, infos
        self.rows, self.cols, self.table = rows, cols, table
        n_cands = table.count[cols]
        self.n_cands, self.starts = n_cands, np.cumsum(n_cands) - n_cands
        # per row (pair and title variant): its pair, its plain ratio, its partial ratio once
        # asked; the rest is worked out for a block of rows when needed (memory O(rows))
        self.at = np.repeat(np.arange(len(rows), dtype=np.int32), n_cands)
        n_rows = int(n_cands.sum())
        ratio = np.zeros(n_rows)
        self.token = np.zeros(len(rows), dtype=np.float32)
        self.named = np.zeros(len(rows))
        names = [_name_keys(talk.speakers) for talk in talks]
        only = [keys[0] if len(keys) == 1 else None for keys in names]  # the usual talk
        # video by video: one rapidfuzz call compares its variants with all its talks at once
        order = np.argsort(cols, kind="stable")
        bounds = np.flatnonzero(np.r_[True, np.diff(cols[order]) != 0, True])
        starts, firsts, counts = self.starts.tolist(), table.first.tolist(), table.count.tolist()
        for first, last in pairwise(bounds.tolist()):
            pairs = order[first:last]
            j = int(cols[pairs[0]])
            info, talk_ids = infos[j], rows[pairs].tolist()
            titles = [talk_titles[i] for i in talk_ids]
            if count := counts[j]:
                at = np.add.outer(np.arange(count), [starts[p] for p in pairs.tolist()])
                cands = table.text[firsts[j] : firsts[j] + count]
                ratio[at] = process.cdist(cands, titles, scorer=fuzz.ratio, dtype=np.float64)
            self.token[pairs] = process.cdist([whole[j]], titles, scorer=fuzz.token_set_ratio)[0]
            padded = info.padded
            self.named[pairs] = [
                (only[i] in padded) if only[i] is not None else _count_named(names[i], info)
                for i in talk_ids
            ]
        ratio /= 100
        self.ratio = ratio
        self.talk_len = np.array([len(t) for t in talk_titles], dtype=np.int64)
        self.plain = self._per_pair(ratio)  # the best ratio of each pair
        n_speakers = np.array([max(1, len(talk.speakers)) for talk in talks], dtype=float)
        self.n_speakers = n_speakers[rows]
        self.partial = np.zeros(n_rows)  # asked where it may count, else 0
        self.asked = np.zeros(n_rows, dtype=bool)

    def _blocks(self) -> Iterator[tuple[slice, slice]]:
        """The pairs and their rows, a block of about _ROWS rows at a time."""
        ends = np.searchsorted(self.starts, np.arange(_ROWS, len(self.ratio), _ROWS)).tolist()
        edges = [0, *ends, len(self.rows)]
        starts = [*self.starts.tolist(), len(self.ratio)]
        for first, last in pairwise(edges):
            if first < last:
                yield slice(first, last), slice(starts[first], starts[last])

    def _variant(self, rows: np.ndarray | slice) -> np.ndarray:
        """The table row (video and variant) of these rows."""
        at = self.at[rows]
        index = np.arange(rows.start, rows.stop) if isinstance(rows, slice) else rows
        return self.table.first[self.cols[at]] + (index - self.starts[at])

    def _bound(self, rows: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        """Of these rows: which take a partial ratio (``_title_similarity``'s lengths, a plain
        ratio below 1), and the upper bound of that partial ratio (0 where none is taken)."""
        ratio = self.ratio[rows]
        talk_len = self.talk_len[self.rows[self.at[rows]]]
        cand_len = self.table.length[self._variant(rows)]
        shorter, longer = np.minimum(cand_len, talk_len), np.maximum(cand_len, talk_len)
        usable = (shorter >= 12) & (shorter >= 0.6 * longer) & (ratio < 1.0)
        common = np.rint(ratio * (talk_len + cand_len) / 2)
        bound = np.where(usable, 2 * common / np.maximum(shorter + common, 1), 0.0)
        return usable, bound

    def _per_pair(self, rows: np.ndarray, pairs: slice = slice(None)) -> np.ndarray:
        """The best of each pair's rows (0 for a video without title variants): of every pair,
        or of a block of pairs and their rows."""
        counts, starts = self.n_cands[pairs], self.starts[pairs]
        best = np.zeros(len(counts))
        some = counts > 0
        if some.any():
            best[some] = np.maximum.reduceat(rows, (starts - starts[0])[some])
        return best

    def _estimate(self, title: np.ndarray) -> np.ndarray:
        """The estimate of each pair from the best over its title variants."""
        estimate = TITLE_WEIGHT * np.maximum(title, self.token / 100 * 0.95)
        if self.named.any():
            credit = SPEAKER_WEIGHT * (0.5 + 0.5 * self.named / self.n_speakers)
            estimate = np.where(self.named > 0, estimate + credit, estimate)
        return estimate

    def values(self, k: int) -> np.ndarray:
        """Each pair's estimate: exact where it may be among the k best of its talk or its
        video; a lower bound, below k others in both, where it cannot."""
        lower = self._estimate(self.plain)
        top = np.zeros(len(self.rows))  # the best bound of each pair
        for pairs, rows in self._blocks():
            top[pairs] = self._per_pair(0.95 * self._bound(rows)[1], pairs)
        upper = self._estimate(np.maximum(self.plain, top))
        kth = np.minimum(_kth_best(self.rows, lower, k), _kth_best(self.cols, lower, k))
        may = upper >= kth - _SLACK
        title = self.ratio.copy()
        for pairs, rows in self._blocks():  # _may_count, of the pairs that may be picked
            if may[pairs].any():
                usable, bound = self._bound(rows)
                at = self.at[rows]
                count = usable & may[at] & (0.95 * bound >= self.plain[at] - _SLACK)
                need = rows.start + np.flatnonzero(count)
                self._ask(need)
                # as a batch of float32 scores would give it
                partial = 0.95 * self.partial[need].astype(np.float32) / 100
                title[need] = np.maximum(title[need], partial)
        return self._estimate(self._per_pair(title))

    def _may_count(self, rows: np.ndarray) -> np.ndarray:
        """Which of these rows' partial ratio could raise their pair's best plain ratio."""
        usable, bound = self._bound(rows)
        return usable & (0.95 * bound >= self.plain[self.at[rows]] - _SLACK)

    def _ask(self, rows: np.ndarray) -> None:
        """The partial ratio of these rows, where not asked yet."""
        rows = rows[~self.asked[rows]]
        for at in range(0, len(rows), _CHUNK * 4):
            some = rows[at : at + _CHUNK * 4]
            talk, cand = self._strings_of_rows(some)
            self.partial[some] = process.cpdist(
                talk, cand, scorer=fuzz.partial_ratio, dtype=np.float64
            )
        self.asked[rows] = True

    def _rows_of(self, pairs: np.ndarray) -> np.ndarray:
        """The rows of these pairs, pair after pair."""
        counts = self.n_cands[pairs]
        first = np.repeat(self.starts[pairs] - (np.cumsum(counts) - counts), counts)
        return first + np.arange(int(counts.sum()))

    def _strings_of_rows(self, rows: np.ndarray) -> tuple[list[str], list[str]]:
        talk = [self.talk_titles[i] for i in self.rows[self.at[rows]].tolist()]
        return talk, [self.table.text[r] for r in self._variant(rows).tolist()]

    def titles(self, picked: np.ndarray) -> dict[tuple[int, int], float]:
        """The exact title similarity of picked pairs (a pick may rank the top of its talk or
        its video, so every partial ratio that could raise it was asked)."""
        found: dict[tuple[int, int], float] = {}
        step = _CHUNK // 4  # as _Cells.prefill: memory O(_CHUNK)
        for at in range(0, len(picked), step):
            some = picked[at : at + step]
            rows = self._rows_of(some)
            pairs = list(zip(self.rows[some].tolist(), self.cols[some].tolist(), strict=True))
            known = (self.ratio[rows], self.partial[rows])
            values = _title_similarities(self.talks, self.infos, pairs, known, self.table)
            found.update(zip(pairs, values, strict=True))
        return found

    def more_titles(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """The exact title similarity of other pairs it has rows for (the twins of picks, a
        link's pair...), asking now the partial ratios that could raise them."""
        n_recs = len(self.infos)
        key = self.rows * n_recs + self.cols  # ascending: by talk, then video
        want = np.array([i * n_recs + j for i, j in pairs], dtype=np.int64)
        at = np.minimum(np.searchsorted(key, want), len(key) - 1)
        found = at[key[at] == want]
        rows = self._rows_of(found)
        self._ask(rows[self._may_count(rows)])
        return self.titles(found)


_SLACK = 1e-6  # far above float rounding (float32 scores), far below any score step


def _kth_best(line: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """For each entry, the k-th largest value on its line (-inf on a line of fewer)."""
    if not len(line):
        return np.zeros(0)
    order = _line_order(line, _descending_rank(values))
    sorted_line = line[order]
    starts = np.flatnonzero(np.r_[True, np.diff(sorted_line) != 0])
    sizes = np.diff(np.r_[starts, len(order)])
    kth = np.full(int(line.max()) + 1 if len(line) else 0, -np.inf)
    full = sizes >= k
    kth[sorted_line[starts[full]]] = values[order[starts[full] + k - 1]]
    return kth[line]


def _title_candidates(
    talks: list[Talk], infos: list[_RecInfo], cells: _Cells | None = None
) -> set[tuple[int, int]]:
    """Each talk's and each video's TOP_K best partners by a quick estimate of the pair's score,
    among the PREFILTER partners sharing the most distinctive words (title and speakers).

    The estimate is the fuzzy score without the day: the title weight times the best of the
    rapidfuzz ratio against every title variant, the partial ratio where ``_title_similarity``
    takes it, and the token-set ratio against the whole title (a title wrapped in a few extra
    words), plus the speakers named in the video exactly as ``_score`` counts them. Plenary slots
    ("Introduction" / "Welcome Session") are joined by their role. ``cells`` receives the
    exact title similarity of the pairs picked by estimate, and the estimates.
    """
    talk_titles = [_fold(t.title) for t in talks]
    whole = [_fold(info.rec.curated_title or info.rec.title) for info in infos]
    rec_texts = [[*(cand for cand, _ in info.variants), info.text] for info in infos]
    talk_texts = [
        [title, *(_fold(s) for s in talk.speakers)]
        for title, talk in zip(talk_titles, talks, strict=True)
    ]
    rows, cols = _shared_word_pairs(talk_texts, rec_texts)
    titled = np.array([bool(t) for t in talk_titles])
    some = titled[rows]
    rows, cols = rows[some], cols[some]
    order = np.lexsort((cols, rows))  # by talk, then video
    rows, cols = rows[order], cols[order]
    pairs: set[tuple[int, int]] = set()
    if len(rows):
        table = _Variants(infos) if cells is None else cells.table
        quick = _Estimates(talks, talk_titles, whole, infos, rows, cols, table)
        k = min(CANDIDATES, TOP_K)
        picked = np.flatnonzero(_best_mask(rows, cols, quick.values(k), k))
        pairs = set(zip(rows[picked].tolist(), cols[picked].tolist(), strict=True))
        if cells is not None:
            cells.titles.update(quick.titles(picked))
            cells.quick = quick
    roles = [_plenary_role(t) if t else None for t in talk_titles]
    if any(roles):
        by_role: dict[str | None, list[int]] = {}
        for j, info in enumerate(infos):
            for role in {_plenary_role(cand) for cand, _ in info.variants}:
                by_role.setdefault(role, []).append(j)
        pairs |= {(i, j) for i, role in enumerate(roles) if role for j in by_role.get(role, [])}
    return pairs


def _candidates(
    talks: list[Talk],
    infos: list[_RecInfo],
    cells: _Cells,
    talk_twins: list[set[int]],
    rec_twins: list[set[int]],
) -> set[tuple[int, int]]:
    """The pairs of a large event worth an exact score: the title candidates, every schedule
    link, code and talk page URL, and the twins of each candidate pair."""
    pairs = _title_candidates(talks, infos, cells)
    refs: dict[str, list[int]] = {}
    words = _code_runs(infos, {f.code_text for f in cells.facts if f.code is not None})
    # every run of non-space characters starting at an "http": a talk page URL (no spaces)
    # occurs in a text exactly when one of these runs starts with it
    runs: list[tuple[str, int]] = []
    for j, info in enumerate(infos):
        for ref in info.refs:
            refs.setdefault(ref, []).append(j)
        at = info.raw.find("http")
        while at != -1:  # overlapping: every "http" starts one
            if run := _HTTP_RUN.match(info.raw, at):  # always: the text has "http" there
                runs.append((run.group(), j))
            at = info.raw.find("http", at + 1)
    runs.sort()
    for i, talk in enumerate(talks):
        pairs.update(_linked_pairs(i, talk, refs, words, cells, infos))
        if talk.url and len(talk.url) > 20:
            needle = talk.url.rstrip("/")
            if needle.startswith("http") and not _SPACE.search(needle):
                at = bisect.bisect_left(runs, (needle, -1))
                while at < len(runs) and runs[at][0].startswith(needle):
                    pairs.add((i, runs[at][1]))
                    at += 1
            else:
                pairs.update((i, j) for j, info in enumerate(infos) if needle in info.raw)
    # twins are told apart by order only: each twin talk needs each twin video as a candidate
    talk_many = [len(group) > 1 for group in talk_twins]
    rec_many = [len(group) > 1 for group in rec_twins]
    for i, j in [(i, j) for i, j in pairs if talk_many[i] and rec_many[j]]:
        group_t, group_r = talk_twins[i], rec_twins[j]
        if len(group_t) * len(group_r) <= _TWIN_PAIRS:
            pairs.update((i2, j2) for i2 in group_t for j2 in group_r)
    if cells.quick is not None:  # the title similarities of the rest, from the estimates
        cells.titles.update(cells.quick.more_titles(sorted(pairs - cells.titles.keys())))
        cells.quick = None  # done: its rows are the largest thing a match holds
    return pairs


def _assign(
    scores: _Scores, talk_rank: list[int], rec_rank: list[int], dense: bool
) -> dict[int, int]:
    """The one-to-one assignment of the largest total score over the candidate pairs.

    A tiny tie-break (far below MARGIN) makes twin talks take twin videos in chronological order
    and, among equals, earlier videos. An event of up to DENSE talks and videos is solved on
    its matrix (every talk gets a video); a large one as a sparse min-weight full matching with
    an "unassigned" partner for every talk and every video, so only candidate pairs are stored.
    """
    n_talks, n_recs = len(scores.rows), len(scores.cols)

    if dense:
        from scipy.optimize import linear_sum_assignment

        base = np.zeros((n_talks, n_recs))
        for i, row in enumerate(scores.rows):
            for j, value in row.items():
                base[i, j] = value
        talk_r = np.array(talk_rank, dtype=float)
        rec_r = np.array(rec_rank, dtype=float)
        columns = np.arange(n_recs, dtype=float)
        ties = -1e-4 * np.abs(talk_r[:, None] - rec_r[None, :]) - 1e-6 * columns[None, :]
        rows, cols = linear_sum_assignment(base + ties, maximize=True)
        return dict(zip(rows.tolist(), cols.tolist(), strict=True))

    from scipy import sparse
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    # every candidate pair (talk ei, video ej) and its weight: the score plus the tie-break
    n_edges = sum(len(row) for row in scores.rows)
    if not n_edges:
        return {}
    ei = np.repeat(np.arange(n_talks), [len(row) for row in scores.rows])
    ej = np.fromiter(chain.from_iterable(scores.rows), dtype=np.int64, count=n_edges)
    values = chain.from_iterable(row.values() for row in scores.rows)
    ew = np.fromiter(values, dtype=float, count=n_edges)
    gap = np.abs(np.array(talk_rank, dtype=np.int64)[ei] - np.array(rec_rank, dtype=np.int64)[ej])
    ew = ew + (-1e-4 * gap - 1e-6 * ej)  # tie(i, j), pair by pair
    # On the matrix every talk (the smaller side) gets a video, at worst a weak one; here the
    # smaller side's stand-in is worth its weakest candidate, so a talk left with no candidate
    # does not take a better-matching talk's video for lack of a weak one.
    talks_full = n_talks <= n_recs
    side = scores.rows if talks_full else scores.cols
    fallback = [_FALLBACK * min(line.values(), default=0.0) for line in side]
    talk_fall = fallback if talks_full else [0.0] * n_talks
    rec_fall = [0.0] * n_recs if talks_full else fallback
    big = float(ew.max()) + 1.0  # every cost positive: the solver drops zeros
    talks_at, recs_at = np.arange(n_talks), np.arange(n_recs)
    # rows: talks, then one stand-in per video; columns: videos, then one stand-in per talk;
    # a video's stand-in may take the stand-in of any talk it is a candidate of
    r = np.concatenate([ei, talks_at, n_talks + recs_at, n_talks + ej])
    c = np.concatenate([ej, n_recs + talks_at, recs_at, n_recs + ei])
    fall = np.array(talk_fall + rec_fall, dtype=float)
    w = np.concatenate([big - ew, big - fall, np.full(n_edges, big)])
    size = n_talks + n_recs
    graph = sparse.csr_matrix((w, (r, c)), shape=(size, size))
    rows, cols = min_weight_full_bipartite_matching(graph)
    return {
        i: j
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        if i < n_talks and j < n_recs
    }


def _order_key(rec: Recording) -> tuple[Any, ...]:
    date = rec.recorded or rec.published or dt.date.max
    return (date, rec.position, rec.video_id)


def _talk_order_key(index: int, talk: Talk) -> tuple[Any, ...]:
    day = talk.start
    if isinstance(day, dt.datetime):
        stamp = day.replace(tzinfo=None).isoformat()
    else:
        stamp = day.isoformat() if day else "9999"
    return (stamp, index)


# --------------------------------------------------------------------------- the match


def match(
    talks: Sequence[Talk], recordings: Sequence[Recording], *, event_title: str = ""
) -> MatchResult:
    """Pair the talks of one event with its public recordings, one-to-one.

    Deterministic: the same input gives the same pairs, sorted by talk order.
    """
    talks = list(talks)
    recs = sorted(
        (r for r in recordings if r.status == "public"), key=lambda r: (r.position, r.video_id)
    )
    result = MatchResult([], [], [])
    if not talks or not recs:
        result.unmatched_talks = talks
        result.unmatched_recordings = recs
        return result

    infos = [_rec_info(r, event_title) for r in recs]
    codes = [_code_pattern(t) for t in talks]
    cells = _Cells(talks, infos, codes)

    # twins: talks sharing a title; recordings sharing a title (re-uploads or repeated slots)
    talk_titles = [_fold(t.title) for t in talks]
    event_words = set(_fold(event_title).split())
    rec_titles = [
        " ".join(w for w in _fold(r.curated_title or r.title).split() if w not in event_words)
        for r in recs
    ]
    talk_twins = _groups(talk_titles, words=False)
    rec_twins = _groups(rec_titles, words=True)

    dense = len(talks) <= DENSE and len(recs) <= DENSE
    if dense:
        scores = _Scores.from_dense(_base_matrix(talks, infos, cells))
    else:
        scores = _Scores(len(talks), len(recs))
        pairs = sorted(_candidates(talks, infos, cells, talk_twins, rec_twins))
        cells.prefill(pairs)
        for i, j in pairs:
            scores.add(i, j, cells.score(i, j))
    talk_rank = _ranks(talk_twins, lambda i: _talk_order_key(i, talks[i]))
    rec_rank = _ranks(rec_twins, lambda j: _order_key(recs[j]))
    assigned = _assign(scores, talk_rank, rec_rank, dense)

    matched_rec: dict[int, int] = {}
    taken = set(assigned.values())
    for i, j in sorted(assigned.items()):
        cell = cells[i][j]
        ok, why, order_used = _accept(i, j, scores, cells, talk_twins, rec_twins, assigned, taken)
        why = why.format(video=recs, talk=talks)
        if not ok:
            result.reasons[f"talk:{talks[i].source_id}"] = why
            if why.startswith("ambiguous"):
                result.reasons[recs[j].key] = why.replace(f"{recs[j].video_id} ", "", 1)
            continue
        evidence = cell.evidence + (" + order in playlist" if order_used else "")
        speakers = fuller_speakers(talks[i].speakers, recs[j].curated_speakers)
        result.matches.append(Match(talks[i], recs[j], cell.shown, evidence, speakers))
        matched_rec[j] = i

    matched_talks = set(matched_rec.values())
    owners = {jj: ii for ii, jj in assigned.items()}
    for i, t in enumerate(talks):
        if i not in matched_talks:
            result.unmatched_talks.append(t)
            key = f"talk:{t.source_id}"
            if key not in result.reasons:
                j = scores.best_in_row(i)
                owner = owners.get(j)
                if (
                    scores.get(i, j) >= THRESHOLD
                    and cells[i][j].title >= MIN_TITLE
                    and owner is not None
                ):
                    result.reasons[key] = (
                        f"{cells[i][j].evidence}, but {recs[j].video_id} went to "
                        f"{talks[owner].source_id}" + ("" if j in matched_rec else " (rejected)")
                    )
                else:
                    shown = cells[i][j].shown
                    result.reasons[key] = f"weak: best {shown:.2f} with {recs[j].video_id}"
    for j, r in enumerate(recs):
        if j in matched_rec:
            continue
        result.unmatched_recordings.append(r)
        dup = _duplicate_of(j, scores, cells, matched_rec, rec_twins)
        if dup is not None:
            i, j0 = dup
            result.duplicates[r.key] = talks[i].source_id
            result.reasons[r.key] = (
                f"likely duplicate of {recs[j0].video_id} ({talks[i].source_id})"
            )
        else:
            i = scores.best_in_col(j)
            result.reasons.setdefault(
                r.key, f"no talk: best {cells[i][j].shown:.2f} with {talks[i].source_id}"
            )
    return result


def _same_title(a: str, b: str) -> bool:
    return bool(a) and fuzz.ratio(a, b) / 100 >= TWIN_TITLE


def _same_video_title(a: str, b: str) -> bool:
    """Re-uploads keep the title and often add a word ("... audiofix", "... (re-upload)")."""
    if _same_title(a, b):
        return True
    small, large = sorted((set(a.split()), set(b.split())), key=len)
    return len(small) >= 2 and small <= large and len(small) >= 0.6 * len(large)


def _near_twins(titles: list[str]) -> list[tuple[str, str]]:
    """Every pair of different titles ``_same_title`` accepts, without comparing every pair.

    The ratio is 1 - d / (la + lb) for d insertions and deletions, so twins are at most
    (la + lb) // 20 edits apart and of near lengths; each edit breaks at most _Q of a title's
    _Q-grams, so twins share at least a known count of them, and then (the prefix filter)
    share one of each title's rarest few. Only titles sharing one of those are compared: near
    linear on real schedules; a schedule made of a few templates compares its look-alikes.
    """
    texts = sorted({t for t in titles if len(t) >= _Q}, key=lambda t: (len(t), t))
    # a token is a gram and its occurrence in the title (a repeated gram counts once per
    # occurrence): the gram itself for the first, then the gram and chr(occurrence), which
    # sort as (gram, occurrence) would
    grams: list[list[str]] = []
    df: Counter[str] = Counter()
    for text in texts:
        tokens = [text[at : at + _Q] for at in range(len(text) - _Q + 1)]
        if len(set(tokens)) < len(tokens):
            seen: dict[str, int] = {}
            for n, gram in enumerate(tokens):
                seen[gram] = seen.get(gram, -1) + 1
                if seen[gram]:
                    tokens[n] = gram + chr(seen[gram])
        grams.append(tokens)
        df.update(tokens)
    lengths = [len(t) for t in texts]
    postings: dict[str, list[int]] = {}
    shorter: list[str] = []
    longer: list[str] = []
    pairs: list[tuple[str, str]] = []

    def compare() -> None:  # the candidates found so far, in one call
        ratio = process.cpdist(shorter, longer, scorer=fuzz.ratio, dtype=np.float64)
        pairs.extend((shorter[n], longer[n]) for n in np.flatnonzero(ratio / 100 >= TWIN_TITLE))
        shorter.clear()
        longer.clear()

    needs: dict[int, int] = {}  # by length: the grams a twin must share at the least
    for k, text in enumerate(texts):  # shortest first: each pair is found by its longer title
        la = len(text)
        shortest, longest = -(-19 * la // 21), 21 * la // 19  # 20 |la - lb| <= la + lb
        need = needs.get(la)
        if need is None:
            need = needs[la] = min(
                max(la, lb) - _Q + 1 - _Q * ((la + lb) // 20) for lb in range(shortest, longest + 1)
            )
        tokens = sorted(grams[k])
        tokens.sort(key=df.__getitem__)  # stable: by (df, token)
        first = bisect.bisect_left(lengths, shortest)
        found: set[int] = set()
        for token in tokens[: len(tokens) - need + 1]:
            seen_in = postings.setdefault(token, [])
            if seen_in and seen_in[-1] >= first:
                found.update(seen_in[bisect.bisect_left(seen_in, first) :])
            seen_in.append(k)
        shorter.extend(texts[o] for o in found)
        longer.extend([text] * len(found))
        if len(shorter) >= _CHUNK:
            compare()
    compare()
    return pairs


def _groups(titles: list[str], *, words: bool) -> list[set[int]]:
    """For each index, the indexes whose title is (nearly) the same, itself included.

    ``_same_title`` pairs come from ``_near_twins``; with ``words``, also
    ``_same_video_title``'s "same words plus a few" rule, through an index of words. Neither
    compares every pair of titles.
    """
    groups: list[set[int]] = [{i} for i in range(len(titles))]
    where: dict[str, list[int]] = {}
    for i, title in enumerate(titles):
        if title:
            where.setdefault(title, []).append(i)
    for same in where.values():
        if len(same) > 1:
            for i in same:
                groups[i].update(same)
    for a, b in _near_twins(list(where)):
        for i in where[a]:
            groups[i].update(where[b])
        for i in where[b]:
            groups[i].update(where[a])
    if words:
        sets = [set(t.split()) for t in titles]
        postings: dict[str, set[int]] = {}
        for i, ws in enumerate(sets):
            for w in ws:
                postings.setdefault(w, set()).add(i)
        for a, small in enumerate(sets):
            if len(small) < 2:
                continue
            rarest_first = sorted((postings[w] for w in small), key=len)
            for b in set.intersection(*rarest_first) - {a}:
                if len(sets[b]) >= len(small) and len(small) >= 0.6 * len(sets[b]):
                    groups[a].add(b)
                    groups[b].add(a)
    return groups


def _ranks(groups: list[set[int]], key: Any) -> list[int]:
    """Rank of each index among its twins, in chronological (or playlist) order."""
    return [sorted(g, key=key).index(i) if len(g) > 1 else 0 for i, g in enumerate(groups)]


def _accept(
    i: int,
    j: int,
    scores: _Scores,
    cells: _Cells,
    talk_twins: list[set[int]],
    rec_twins: list[set[int]],
    assigned: dict[int, int],
    taken: set[int],
) -> tuple[bool, str, bool]:
    """Keep a solved pair only if strong and unambiguous; returns (ok, reason, order used)."""
    cell = cells[i][j]
    if cell.kind in ("link", "code"):
        return True, "", False
    score = scores.get(i, j)
    if score < THRESHOLD or cell.title < MIN_TITLE:
        return (
            False,
            f"weak: {cell.shown:.2f} ({cell.evidence}) with {{video[{j}].video_id}}",
            False,
        )
    order_used = False
    # row: another video as good for this talk, unless it is a re-upload of the same video
    for j2 in scores.by_row(i):
        if j2 == j or scores.get(i, j2) < score - MARGIN:
            continue
        if j2 in rec_twins[j] and j2 not in taken:
            continue  # a re-upload: reported as a duplicate afterwards
        if j2 in rec_twins[j] and _order_resolves(i, j, talk_twins, rec_twins, assigned):
            order_used = True
            continue
        why = f"ambiguous: {{video[{j}].video_id}} {cell.shown:.2f} ({cell.evidence})"
        return False, f"{why} vs {{video[{j2}].video_id}} {cells[i][j2].shown:.2f}", False
    # column: another talk as good for this video, unless twins that order tells apart
    for i2 in scores.by_col(j):
        if i2 == i or scores.get(i2, j) < score - MARGIN:
            continue
        if i2 in talk_twins[i] and _order_resolves(i, j, talk_twins, rec_twins, assigned):
            order_used = True
            continue
        why = f"ambiguous: {{video[{j}].video_id}} {cell.shown:.2f} ({cell.evidence})"
        return False, f"{why} vs talk {{talk[{i2}].source_id}} {cells[i2][j].shown:.2f}", False
    return True, "", order_used


def _order_resolves(
    i: int, j: int, talk_twins: list[set[int]], rec_twins: list[set[int]], assigned: dict[int, int]
) -> bool:
    """Order may pair twins only when every twin talk got one of the twin videos, one each."""
    talks_g, recs_g = talk_twins[i], rec_twins[j]
    if len(talks_g) != len(recs_g):
        return False
    return {assigned.get(t) for t in talks_g} == recs_g


def _duplicate_of(
    j: int,
    scores: _Scores,
    cells: _Cells,
    matched_rec: dict[int, int],
    rec_twins: list[set[int]],
) -> tuple[int, int] | None:
    """(talk, matched video) this unmatched video most likely re-uploads, if any.

    Its twins are exactly the videos ``_same_video_title`` accepts; the matched ones are
    tried in the order they were matched (talk order), the first best wins.
    """
    best: tuple[float, int, int] | None = None
    twins = sorted((matched_rec[j0], j0) for j0 in rec_twins[j] if j0 in matched_rec and j0 != j)
    for i, _j0 in twins:
        cell = cells[i][j]
        value = scores.get(i, j)
        strong = (value >= THRESHOLD and cell.title >= MIN_TITLE) or cell.kind != "fuzzy"
        if strong and (best is None or value > best[0]):
            best = (value, i, _j0)
    return None if best is None else (best[1], best[2])
