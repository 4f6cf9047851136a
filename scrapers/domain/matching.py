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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, pairwise, repeat
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
_HTTP_RUNS = re.compile(r"(?=(http\S*))")  # overlapping: every "http" starts one
_NOT_WORD = re.compile(r"[^a-z0-9]+")


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
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


@lru_cache(maxsize=65536)
def _video_ref(url: str) -> str:
    """The host's id of a video URL (YouTube forms), else the folded URL itself."""
    parsed = urlparse(url.strip())
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    if host == "youtu.be":
        return parsed.path.strip("/").split("/")[0]
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if "v" in parse_qs(parsed.query):
            return parse_qs(parsed.query)["v"][0]
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
    truncated = bool(_TRUNCATED.search(title)) or len(title) >= 97
    base = _TRUNCATED.sub("", title).strip()
    cands = {base}
    quoted = re.findall(r"[\"“”]([^\"“”]{4,})[\"“”]", base)
    cands.update(quoted)
    no_paren = re.sub(r"[(\[][^)\]]*(?:19|20)\d\d[^)\]]*[)\]]", " ", base).strip()
    cands.add(no_paren)
    cands.add(re.sub(r"\s*[(\[][^)\]]*[)\]]", " ", base).strip())  # "God Is Real (unless ...)"
    if event_title:
        pattern = re.compile(re.escape(event_title).replace(r"\ ", r"\s*"), re.IGNORECASE)
        cands.add(pattern.sub(" ", no_paren).strip(" :-|–"))
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


@lru_cache(maxsize=65536)
def _plenary_role(folded: str) -> str | None:
    """The role ("opening", "closing") of a folded title that names only a plenary slot.

    Conferences call the same slot "Introduction", "Welcome Session" or "Opening Session", so
    these titles agree by role, not by spelling; a weekday or "session" may accompany the role
    word, anything else ("Micro:bit - Welcome and State of the Union") makes it a talk title.
    """
    words = set(folded.split())
    roles = {role for role, vocab in _PLENARY_ROLES.items() if words & vocab}
    if len(roles) != 1 or not words <= _PLENARY_WORDS:
        return None
    return roles.pop()


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
def _name_forms(name: str) -> tuple[str, ...]:
    """How a speaker may be named in folded text: the full name, and a distinctive surname,
    each with a space on either side."""
    folded = _fold(name)
    if not folded:
        return ()
    tokens = folded.split()
    if len(tokens) > 1 and len(tokens[-1]) >= 4:
        return (f" {folded} ", f" {tokens[-1]} ")
    return (f" {folded} ",)


def _title_similarities(
    talks: list[Talk], infos: list[_RecInfo], pairs: list[tuple[int, int]]
) -> list[float]:
    """``_title_similarity`` of many (talk, video) pairs: the same values, from a few
    rapidfuzz calls over every (pair, title variant) instead of a Python loop per variant."""
    titles = [_fold(t.title) for t in talks]
    counts = [len(infos[j].variants) if titles[i] else 0 for i, j in pairs]
    best = np.zeros(len(pairs))
    if not sum(counts):
        return best.tolist()
    # one row per (pair, title variant of its video); an empty talk title has none
    rows = [i for i, _ in pairs]
    videos = [infos[j] for (_, j), n in zip(pairs, counts, strict=True) if n]
    talk = list(
        chain.from_iterable(repeat(titles[i], n) for i, n in zip(rows, counts, strict=True))
    )
    cand = list(chain.from_iterable(info.cands for info in videos))
    at = np.repeat(np.arange(len(pairs)), counts)  # the pair of each row
    score = process.cpdist(talk, cand, scorer=fuzz.ratio, dtype=np.float64) / 100
    talk_len = np.array([len(titles[i]) for i in rows], dtype=int)[at]
    cand_len = np.concatenate([info.cand_len for info in videos])
    truncated = np.concatenate([info.truncated for info in videos])
    cut = np.flatnonzero(truncated & (cand_len >= 30) & (talk_len > cand_len))
    if len(cut):  # compare like with like: the talk title cut where the host cut it
        ratio = process.cpdist(
            [talk[n][: cand_len[n]] for n in cut.tolist()],
            [cand[n] for n in cut.tolist()],
            scorer=fuzz.ratio,
            dtype=np.float64,
        )
        score[cut] = np.maximum(score[cut], ratio / 100)
    shorter, longer = np.minimum(talk_len, cand_len), np.maximum(talk_len, cand_len)
    part = np.flatnonzero((shorter >= 12) & (shorter >= 0.6 * longer) & (score < 1.0))
    if len(part):  # a few extra words around the same title
        partial = process.cpdist(
            [talk[n] for n in part.tolist()],
            [cand[n] for n in part.tolist()],
            scorer=fuzz.partial_ratio,
            dtype=np.float64,
        )
        score[part] = np.maximum(score[part], 0.95 * partial / 100)
    # the host added a word or two ("Rube Codeberg" in "Rube Codeberg Competition"), or the
    # same plenary slot under another name: ask only where the word counts or roles allow it
    talk_words = np.array([len(_word_set(titles[i])) for i in rows])[at]
    cand_words = np.concatenate([info.cand_words for info in videos])
    talk_role = np.array([_ROLE_CODE[_plenary_role(titles[i])] for i in rows])[at]
    cand_role = np.concatenate([info.cand_roles for info in videos])
    added = (talk_words >= 2) & (cand_words > talk_words) & (2 * talk_words >= cand_words)
    for n in np.flatnonzero(added).tolist():
        if _word_set(talk[n]) < _word_set(cand[n]):
            score[n] = max(score[n], 0.9)
    same_role = (talk_role > 0) & (cand_role == talk_role)
    score[same_role] = np.maximum(score[same_role], PLENARY_TITLE)
    sizes = np.array(counts)
    some = sizes > 0
    best[some] = np.maximum.reduceat(score, (np.cumsum(sizes) - sizes)[some])
    return best.tolist()


_ROLE_CODE = {None: 0} | {role: n for n, role in enumerate(_PLENARY_ROLES, 1)}


@lru_cache(maxsize=65536)
def _word_set(folded: str) -> frozenset[str]:
    return frozenset(folded.split())


def _name_in(name: str, padded: str) -> bool:
    """Is this speaker named in the padded folded text (full name, or a distinctive surname)?

    Folded text is lower-case ASCII words separated by single spaces; with a space added at
    each end, a whole-word match is a substring match (much faster than a regex per pair).
    """
    return any(form in padded for form in _name_forms(name))


def _weekdays(text: str) -> set[int]:
    """Weekdays a host title or description names ("Sunday Lightning Talks", "Fri ...")."""
    found = {i for i, day in enumerate(_WEEKDAYS) if re.search(rf"\b{day}\b", text, re.I)}
    found |= {i for i, day in enumerate(_WEEKDAY_ABBR) if re.search(rf"\b{day.title()}\b", text)}
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
    padded: str = field(init=False)  # text with a space at each end, for _name_in

    def __post_init__(self) -> None:
        self.padded = f" {self.text} "

    # the title variants as arrays, for _title_similarities
    @cached_property
    def cands(self) -> list[str]:
        return [cand for cand, _ in self.variants]

    @cached_property
    def cand_len(self) -> np.ndarray:
        return np.array([len(cand) for cand in self.cands], dtype=int)

    @cached_property
    def truncated(self) -> np.ndarray:
        return np.array([cut for _, cut in self.variants], dtype=bool)

    @cached_property
    def cand_words(self) -> np.ndarray:
        return np.array([len(_word_set(cand)) for cand in self.cands], dtype=int)

    @cached_property
    def cand_roles(self) -> np.ndarray:
        return np.array([_ROLE_CODE[_plenary_role(cand)] for cand in self.cands], dtype=int)


def _rec_info(rec: Recording, event_title: str) -> _RecInfo:
    variants = _title_variants(rec.title, event_title)
    if rec.curated_title:
        variants = sorted(set(variants) | {(_fold(rec.curated_title), False)})
    head = "\n".join(rec.description.splitlines()[:3])
    text = _fold(" ".join([*rec.curated_speakers, rec.title, _URL.sub(" ", rec.description[:600])]))
    days = _weekdays(rec.curated_title or rec.title) or _weekdays(head.split("\n")[0])
    slots = set()
    for day, hhmm in re.findall(r"\b([A-Z][a-z]+day)\b\W{0,3}(\d{1,2}:\d\d)\b", head):
        if day.lower() in _WEEKDAYS:
            slots.add((_WEEKDAYS.index(day.lower()), hhmm.zfill(5)))
    refs = {_video_ref(rec.url), rec.video_id} - {""}
    return _RecInfo(rec, variants, text, days, slots, f"{rec.title}\n{rec.description}", refs)


def _code(talk: Talk) -> str:
    """The talk's schedule code: the last segment of its source id."""
    return talk.source_id.strip().rstrip("/").split("/")[-1]


def _code_pattern(talk: Talk) -> re.Pattern[str] | None:
    """A regex for the talk's schedule code when it is distinctive enough to be evidence."""
    code = _code(talk)
    if re.fullmatch(r"[A-Z0-9]{5,}", code) and not code.isdigit():
        return re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])")
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", code) and len(code) >= 15:
        return re.compile(rf"/{re.escape(code)}(?![a-z0-9-])")  # a slug inside a URL
    return None


# --------------------------------------------------------------------------- scoring


@dataclass
class _Cell:
    score: float  # for the assignment; codes and links dominate fuzzy scores
    shown: float  # the reported score, 0..1
    evidence: str
    title: float = 0.0
    kind: str = "fuzzy"  # link | code | fuzzy


def _score(
    talk: Talk, info: _RecInfo, code: re.Pattern[str] | None, title: float | None = None
) -> _Cell:
    if title is None:
        title = _title_similarity(talk.title, info.variants)
    if {_video_ref(u) for u in talk.video_urls} & info.refs:
        return _Cell(LINK_SCORE + title, 1.0, "schedule link", title, "link")
    if code is not None and _code(talk) in info.raw and (hit := code.search(info.raw)):
        where = "title" if hit.start() < len(info.rec.title) else "description"
        evidence = f"code {hit.group().strip('/')} in {where}"
        return _Cell(CODE_SCORE + title, 1.0, evidence, title, "code")
    if talk.url and len(talk.url) > 20 and talk.url.rstrip("/") in info.raw:
        return _Cell(CODE_SCORE + title, 1.0, "talk page URL in description", title, "code")

    score = TITLE_WEIGHT * title
    parts = [f"title {title:.2f}"]
    named = [s for s in talk.speakers if _name_in(s, info.padded)]
    if talk.speakers:
        if named:
            score += SPEAKER_WEIGHT * (0.5 + 0.5 * len(named) / len(talk.speakers))
        parts.append(f"speakers {len(named)}/{len(talk.speakers)}")
    day = _talk_day(talk)
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
    if (
        isinstance(talk.start, dt.datetime)
        and (talk.start.weekday(), talk.start.strftime("%H:%M")) in info.slots
    ):
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


class _Cells:
    """The exact scored cell of a pair, computed on first use (a 1,000 x 1,000 event would
    otherwise build a million evidence strings that no one reads)."""

    def __init__(self, talks: list[Talk], infos: list[_RecInfo], codes: list[Any]) -> None:
        self.talks, self.infos, self.codes = talks, infos, codes
        self._cache: dict[tuple[int, int], _Cell] = {}

    def cell(self, i: int, j: int) -> _Cell:
        found = self._cache.get((i, j))
        if found is None:
            found = _score(self.talks[i], self.infos[j], self.codes[i])
            self._cache[(i, j)] = found
        return found

    def prefill(self, pairs: list[tuple[int, int]]) -> None:
        """Score many pairs at once (their title similarities in a few rapidfuzz calls)."""
        pairs = [p for p in pairs if p not in self._cache]
        step = _CHUNK // 4  # a video has a few title variants: memory O(_CHUNK)
        for at in range(0, len(pairs), step):
            some = pairs[at : at + step]
            titles = _title_similarities(self.talks, self.infos, some)
            for (i, j), title in zip(some, titles, strict=True):
                self._cache[i, j] = _score(self.talks[i], self.infos[j], self.codes[i], title)

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


def _code_runs(infos: list[_RecInfo]) -> dict[str, list[int]]:
    """The videos whose text has each run where a code can be: a whole run of letters and
    digits ("SEZQAL"), or a whole URL path segment ("/my-talk-slug"), exactly what
    _code_pattern's regexes accept."""
    words: dict[str, list[int]] = {}
    for j, info in enumerate(infos):
        for word in set(_ALNUM_RUNS.findall(info.raw)) | set(_PATH_RUNS.findall(info.raw)):
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
    code = cells.codes[i]
    if code is not None:
        # a code can only occur in a recording whose text has it as one word run
        pairs.update((i, j) for j in words.get(_code(talk), []) if code.search(infos[j].raw))
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
        base[i, j] = cells.cell(i, j).score
    return base


def _keys(texts: list[str]) -> set[str]:
    """The words of folded texts and each pair of adjacent words ("type hints", "ana garcia"):
    a pair is far rarer than either word in a schedule of look-alike titles."""
    keys: set[str] = set()
    for text in texts:
        words = text.split()
        keys.update(words)
        keys.update(f"{a} {b}" for a, b in pairwise(words))
    return keys


def _shared_word_candidates(
    talk_texts: list[list[str]], rec_texts: list[list[str]]
) -> set[tuple[int, int]]:
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
    talk_df: dict[str, int] = {}
    for keys in talk_keys:
        for key in keys:
            talk_df[key] = talk_df.get(key, 0) + 1
    # what the videos have of the talks' keys (a word alone is a key too)
    rec_keys = [_keys(texts) & talk_df.keys() for texts in rec_texts]
    rec_df: dict[str, int] = {}
    for keys in rec_keys:
        for key in keys:
            rec_df[key] = rec_df.get(key, 0) + 1
    rare = sorted(k for k, n in rec_df.items() if n <= RARE and talk_df[k] <= RARE)

    def incidence(docs: list[set[str]], vocab: dict[str, int]) -> Any:
        cols = [sorted(vocab[k] for k in keys if k in vocab) for keys in docs]
        indptr = np.r_[0, np.cumsum([len(c) for c in cols])]
        indices = np.fromiter((c for cs in cols for c in cs), dtype=np.int64, count=indptr[-1])
        data = np.ones(len(indices), dtype=np.int32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))

    by_key = {key: n for n, key in enumerate(rare)}
    pool = (incidence(talk_keys, by_key) @ incidence(rec_keys, by_key).T).tocoo()
    rows, cols = pool.row.astype(np.int64), pool.col.astype(np.int64)
    del pool
    if not len(rows):
        return set()
    # the weight of the words each pair shares: log((1 + videos) / (1 + videos with the word))
    words = sorted(k for k in rec_df if " " not in k)
    idf = np.log((1 + n_recs) / (1 + np.array([rec_df[w] for w in words], dtype=float))) + 1e-3
    by_word = {w: n for n, w in enumerate(words)}
    talk_m, rec_m = incidence(talk_keys, by_word), incidence(rec_keys, by_word)
    values = np.empty(len(rows))
    for at in range(0, len(rows), _CHUNK):
        r, c = rows[at : at + _CHUNK], cols[at : at + _CHUNK]
        counts = np.diff(talk_m.indptr)[r]  # >= 1: a shared key is made of shared words
        ends = np.cumsum(counts)
        firsts = np.repeat(talk_m.indptr[r] - (ends - counts), counts)
        word = talk_m.indices[firsts + np.arange(ends[-1])]
        shared = np.asarray(rec_m[np.repeat(c, counts), word]).ravel()
        values[at : at + _CHUNK] = np.add.reduceat(idf[word] * shared, ends - counts)
    return _best_per_line(rows, cols, values, PREFILTER)


def _best_per_line(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, k: int
) -> set[tuple[int, int]]:
    """The pairs among (rows, cols) that are among the k best (largest value, then lowest
    index) of their row or of their column."""
    keep = np.zeros(len(values), dtype=bool)
    for line, other in ((rows, cols), (cols, rows)):
        order = np.lexsort((other, -values, line))  # by line, best first, then by index
        starts = np.flatnonzero(np.r_[True, np.diff(line[order]) != 0])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        keep[order[rank < k]] = True
    return set(zip(rows[keep].tolist(), cols[keep].tolist(), strict=True))


def _title_candidates(talks: list[Talk], infos: list[_RecInfo]) -> set[tuple[int, int]]:
    """Each talk's and each video's TOP_K best partners by a quick estimate of the pair's score,
    among the PREFILTER partners sharing the most distinctive words (title and speakers).

    The estimate is the fuzzy score without the day: the title weight times the best of the
    rapidfuzz ratio against every title variant, the partial ratio where ``_title_similarity``
    takes it, and the token-set ratio against the whole title (a title wrapped in a few extra
    words), plus the speakers named in the video exactly as ``_score`` counts them. Plenary slots
    ("Introduction" / "Welcome Session") are joined by their role.
    """
    talk_titles = [_fold(t.title) for t in talks]
    whole = [_fold(info.rec.curated_title or info.rec.title) for info in infos]
    rec_texts = [[*(cand for cand, _ in info.variants), info.text] for info in infos]
    talk_texts = [
        [title, *(_fold(s) for s in talk.speakers)]
        for title, talk in zip(talk_titles, talks, strict=True)
    ]
    pre = _shared_word_candidates(talk_texts, rec_texts)
    by_talk: dict[int, list[int]] = {}
    for i, j in sorted(pre):
        if talk_titles[i]:
            by_talk.setdefault(i, []).append(j)
    n_cands = np.array([len(info.variants) for info in infos], dtype=np.int64)
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    found_v: list[np.ndarray] = []
    for i, recs in by_talk.items():
        talk = talk_titles[i]
        js = np.array(recs, dtype=np.int64)
        best = np.zeros(len(recs))
        counts = n_cands[js]
        if counts.sum():
            flat = list(chain.from_iterable(infos[j].cands for j in recs))
            ratio = process.cdist([talk], flat, scorer=fuzz.ratio, dtype=np.float64)[0] / 100
            lengths = np.concatenate([infos[j].cand_len for j in recs])
            shorter, longer = np.minimum(lengths, len(talk)), np.maximum(lengths, len(talk))
            usable = np.flatnonzero((shorter >= 12) & (shorter >= 0.6 * longer) & (ratio < 1.0))
            if len(usable):
                partial = process.cdist(
                    [talk], [flat[u] for u in usable], scorer=fuzz.partial_ratio
                )
                ratio[usable] = np.maximum(ratio[usable], 0.95 * partial[0] / 100)
            some = counts > 0
            best[some] = np.maximum.reduceat(ratio, (np.cumsum(counts) - counts)[some])
        token = process.cdist([talk], [whole[j] for j in recs], scorer=fuzz.token_set_ratio)[0]
        estimate = TITLE_WEIGHT * np.maximum(best, token / 100 * 0.95)
        speakers = talks[i].speakers
        if speakers:
            named = np.array(
                [sum(_name_in(s, infos[j].padded) for s in speakers) for j in recs], dtype=float
            )
            credit = SPEAKER_WEIGHT * (0.5 + 0.5 * named / len(speakers))
            estimate = np.where(named > 0, estimate + credit, estimate)
        found_i.append(np.full(len(recs), i, dtype=np.int64))
        found_j.append(js)
        found_v.append(estimate)
    pairs: set[tuple[int, int]] = set()
    if found_i:
        rows, cols, values = map(np.concatenate, (found_i, found_j, found_v))
        pairs = _best_per_line(rows, cols, values, min(CANDIDATES, TOP_K))
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
    pairs = _title_candidates(talks, infos)
    refs: dict[str, list[int]] = {}
    words = _code_runs(infos)
    # every run of non-space characters starting at an "http": a talk page URL (no spaces)
    # occurs in a text exactly when one of these runs starts with it
    runs: list[tuple[str, int]] = []
    for j, info in enumerate(infos):
        for ref in info.refs:
            refs.setdefault(ref, []).append(j)
        runs.extend((m.group(1), j) for m in _HTTP_RUNS.finditer(info.raw))
    runs.sort()
    for i, talk in enumerate(talks):
        pairs.update(_linked_pairs(i, talk, refs, words, cells, infos))
        if talk.url and len(talk.url) > 20:
            needle = talk.url.rstrip("/")
            if needle.startswith("http") and not any(c.isspace() for c in needle):
                at = bisect.bisect_left(runs, (needle, -1))
                while at < len(runs) and runs[at][0].startswith(needle):
                    pairs.add((i, runs[at][1]))
                    at += 1
            else:
                pairs.update((i, j) for j, info in enumerate(infos) if needle in info.raw)
    # twins are told apart by order only: each twin talk needs each twin video as a candidate
    for i, j in list(pairs):
        group_t, group_r = talk_twins[i], rec_twins[j]
        if len(group_t) > 1 and len(group_r) > 1 and len(group_t) * len(group_r) <= _TWIN_PAIRS:
            pairs.update((i2, j2) for i2 in group_t for j2 in group_r)
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

    def tie(i: int, j: int) -> float:
        return -1e-4 * abs(talk_rank[i] - rec_rank[j]) - 1e-6 * j

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

    edges = [
        (i, j, value + tie(i, j)) for i, row in enumerate(scores.rows) for j, value in row.items()
    ]
    if not edges:
        return {}
    # On the matrix every talk (the smaller side) gets a video, at worst a weak one; here the
    # smaller side's stand-in is worth its weakest candidate, so a talk left with no candidate
    # does not take a better-matching talk's video for lack of a weak one.
    talks_full = n_talks <= n_recs
    side = scores.rows if talks_full else scores.cols
    fallback = [_FALLBACK * min(line.values(), default=0.0) for line in side]
    talk_fall = fallback if talks_full else [0.0] * n_talks
    rec_fall = [0.0] * n_recs if talks_full else fallback
    big = max(w for _, _, w in edges) + 1.0  # every cost positive: the solver drops zeros
    # rows: talks, then one stand-in per video; columns: videos, then one stand-in per talk
    r = [i for i, _, _ in edges] + list(range(n_talks)) + [n_talks + j for j in range(n_recs)]
    c = [j for _, j, _ in edges] + [n_recs + i for i in range(n_talks)] + list(range(n_recs))
    w = [big - v for _, _, v in edges] + [big - f for f in talk_fall] + [big - f for f in rec_fall]
    # a video's stand-in may take the stand-in of any talk it is a candidate of
    r += [n_talks + j for _, j, _ in edges]
    c += [n_recs + i for i, _, _ in edges]
    w += [big] * len(edges)
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
            scores.add(i, j, cells.cell(i, j).score)
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
    grams: list[list[tuple[str, int]]] = []
    df: dict[tuple[str, int], int] = {}
    for text in texts:
        seen: dict[str, int] = {}
        tokens = []
        for at in range(len(text) - _Q + 1):
            gram = text[at : at + _Q]
            seen[gram] = seen.get(gram, -1) + 1
            tokens.append((gram, seen[gram]))  # a repeated gram counts once per occurrence
        grams.append(tokens)
        for token in tokens:
            df[token] = df.get(token, 0) + 1
    lengths = [len(t) for t in texts]
    postings: dict[tuple[str, int], list[int]] = {}
    shorter: list[str] = []
    longer: list[str] = []
    pairs: list[tuple[str, str]] = []

    def compare() -> None:  # the candidates found so far, in one call
        ratio = process.cpdist(shorter, longer, scorer=fuzz.ratio, dtype=np.float64)
        pairs.extend((shorter[n], longer[n]) for n in np.flatnonzero(ratio / 100 >= TWIN_TITLE))
        shorter.clear()
        longer.clear()

    for k, text in enumerate(texts):  # shortest first: each pair is found by its longer title
        la = len(text)
        shortest, longest = -(-19 * la // 21), 21 * la // 19  # 20 |la - lb| <= la + lb
        need = min(
            max(la, lb) - _Q + 1 - _Q * ((la + lb) // 20) for lb in range(shortest, longest + 1)
        )
        tokens = sorted(grams[k], key=lambda token: (df[token], token))
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
