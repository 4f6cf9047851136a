"""Join the talks of one event to its recordings: one-to-one, global, and never a guess.

Evidence is ranked. A schedule link to the video wins outright; a schedule code found in the
video's title or description (pretalx ``SEZQAL`` in ``.../program/SEZQAL``) comes next; only then
similarity: rapidfuzz over the cleaned titles, plus speaker names found in the video's text, plus
the talk's day when the video names one ("Sunday Lightning Talks") or carries a recording date.

All pairs are scored in one matrix and solved with ``scipy.optimize.linear_sum_assignment``,
because the first hit above a threshold steals the video of a better-matching talk. A solved pair
is kept only if its score clears a threshold AND beats the runner-up in its row and column by a
margin: an unmatched talk costs a volunteer one lookup, a wrong match publishes a wrong video.

Twins are handled explicitly: talks with the same title (a "Lightning Talks" slot every day) that
nothing tells apart are paired with their videos in chronological / playlist order only when both
sides have the same count; a second upload of an already matched talk (same title, same evidence)
is reported as its likely duplicate instead of being matched or silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
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
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


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


def _name_in(name: str, text: str) -> bool:
    """Is this speaker named in the folded text (full name, or a distinctive surname)?

    Folded text is lower-case ASCII words separated by single spaces, so a whole-word match is
    a substring match with a space on each side (much faster than a regex per pair).
    """
    folded = _fold(name)
    if not folded:
        return False
    padded = f" {text} "
    if f" {folded} " in padded:
        return True
    tokens = folded.split()
    return len(tokens) > 1 and len(tokens[-1]) >= 4 and f" {tokens[-1]} " in padded


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


def _code_pattern(talk: Talk) -> re.Pattern[str] | None:
    """A regex for the talk's schedule code when it is distinctive enough to be evidence."""
    code = talk.source_id.strip().rstrip("/").split("/")[-1]
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


def _score(talk: Talk, info: _RecInfo, code: re.Pattern[str] | None) -> _Cell:
    title = _title_similarity(talk.title, info.variants)
    if {_video_ref(u) for u in talk.video_urls} & info.refs:
        return _Cell(LINK_SCORE + title, 1.0, "schedule link", title, "link")
    if code is not None and (hit := code.search(info.raw)):
        where = "title" if hit.start() < len(info.rec.title) else "description"
        evidence = f"code {hit.group().strip('/')} in {where}"
        return _Cell(CODE_SCORE + title, 1.0, evidence, title, "code")
    if talk.url and len(talk.url) > 20 and talk.url.rstrip("/") in info.raw:
        return _Cell(CODE_SCORE + title, 1.0, "talk page URL in description", title, "code")

    score = TITLE_WEIGHT * title
    parts = [f"title {title:.2f}"]
    named = [s for s in talk.speakers if _name_in(s, info.text)]
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


# Pairs scored exactly, per talk and per video: every pair of an event of up to this many
# talks and videos; beyond, only each talk's and each video's best candidates by a quick title
# score (the other pairs keep that quick score, which can only be lower than a candidate's).
CANDIDATES = 128


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

    def __getitem__(self, i: int) -> _Row:
        return _Row(self, i)


@dataclass
class _Row:
    cells: _Cells
    i: int

    def __getitem__(self, j: int) -> _Cell:
        return self.cells.cell(self.i, j)


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
    """Every pair's score: exact for each talk's and each video's best candidates, for every
    schedule link and code; the quick title score for the rest (never a match on its own)."""
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
        # where a code can be: a whole run of letters and digits ("SEZQAL"), or a whole
        # URL path segment ("/my-talk-slug"), exactly what _code_pattern's regexes accept
        words: dict[str, list[int]] = {}
        for j, info in enumerate(infos):
            for ref in info.refs:
                refs.setdefault(ref, []).append(j)
            runs = set(_ALNUM_RUNS.findall(info.raw)) | set(_PATH_RUNS.findall(info.raw))
            for word in runs:
                words.setdefault(word, []).append(j)
        for i, talk in enumerate(talks):
            for url in talk.video_urls:
                pairs.update((i, j) for j in refs.get(_video_ref(url), []))
            code = cells.codes[i]
            if code is not None:
                # a code can only occur in a recording whose text has it inside one word run
                key = talk.source_id.strip().rstrip("/").split("/")[-1]
                hits = words.get(key, [])
                pairs.update((i, j) for j in hits if code.search(infos[j].raw))
            if talk.url and len(talk.url) > 20:
                needle = talk.url.rstrip("/")
                pairs.update((i, j) for j, info in enumerate(infos) if needle in info.raw)
    for i, j in pairs:
        base[i, j] = cells.cell(i, j).score
    return base


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
    from scipy.optimize import linear_sum_assignment

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
    base = _base_matrix(talks, infos, cells)

    # twins: talks sharing a title; recordings sharing a title (re-uploads or repeated slots)
    talk_titles = [_fold(t.title) for t in talks]
    event_words = set(_fold(event_title).split())
    rec_titles = [
        " ".join(w for w in _fold(r.curated_title or r.title).split() if w not in event_words)
        for r in recs
    ]
    talk_twins = _groups(talk_titles, words=False)
    rec_twins = _groups(rec_titles, words=True)

    # a tiny tie-break (far below MARGIN): twin talks take twin videos in chronological order
    talk_rank = np.array(_ranks(talk_twins, lambda i: _talk_order_key(i, talks[i])), dtype=float)
    rec_rank = np.array(_ranks(rec_twins, lambda j: _order_key(recs[j])), dtype=float)
    columns = np.arange(len(recs), dtype=float)
    tie = -1e-4 * np.abs(talk_rank[:, None] - rec_rank[None, :]) - 1e-6 * columns[None, :]
    rows, cols = linear_sum_assignment(base + tie, maximize=True)

    assigned = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    matched_rec: dict[int, int] = {}
    for i, j in sorted(assigned.items()):
        cell = cells[i][j]
        ok, why, order_used = _accept(i, j, base, cells, talk_twins, rec_twins, assigned)
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
                j = int(np.argmax(base[i]))
                owner = owners.get(j)
                if base[i, j] >= THRESHOLD and cells[i][j].title >= MIN_TITLE and owner is not None:
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
        dup = _duplicate_of(j, base, cells, matched_rec, rec_titles)
        if dup is not None:
            i, j0 = dup
            result.duplicates[r.key] = talks[i].source_id
            result.reasons[r.key] = (
                f"likely duplicate of {recs[j0].video_id} ({talks[i].source_id})"
            )
        else:
            i = int(np.argmax(base[:, j]))
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


def _groups(titles: list[str], *, words: bool) -> list[set[int]]:
    """For each index, the indexes whose title is (nearly) the same, itself included.

    ``_same_title`` for every pair at once (one rapidfuzz matrix); with ``words``, also
    ``_same_video_title``'s "same words plus a few" rule, found through an index of words
    instead of comparing every pair (a 1,000-video playlist is half a million pairs).
    """
    n = len(titles)
    groups: list[set[int]] = [{i} for i in range(n)]
    if n < 2:
        return groups
    similar = process.cdist(titles, titles, scorer=fuzz.ratio, dtype=np.float64, workers=-1)
    empty = np.array([not t for t in titles])
    hits = (similar / 100 >= TWIN_TITLE) & ~empty[:, None]
    hits = hits | hits.T  # _same_title(a, b) is asked with a first: either order counts
    for a, b in zip(*np.nonzero(np.triu(hits, 1)), strict=True):
        groups[a].add(int(b))
        groups[b].add(int(a))
    if words:
        sets = [set(t.split()) for t in titles]
        postings: dict[str, set[int]] = {}
        for i, ws in enumerate(sets):
            for w in ws:
                postings.setdefault(w, set()).add(i)
        for a, small in enumerate(sets):
            if len(small) < 2:
                continue
            for b in set.intersection(*(postings[w] for w in small)) - {a}:
                if len(sets[b]) >= len(small) and len(small) >= 0.6 * len(sets[b]):
                    groups[a].add(b)
                    groups[b].add(a)
    return groups


def _ranks(groups: list[set[int]], key: Any) -> list[int]:
    """Rank of each index among its twins, in chronological (or playlist) order."""
    return [sorted(g, key=key).index(i) for i, g in enumerate(groups)]


def _accept(
    i: int,
    j: int,
    base: np.ndarray,
    cells: _Cells,
    talk_twins: list[set[int]],
    rec_twins: list[set[int]],
    assigned: dict[int, int],
) -> tuple[bool, str, bool]:
    """Keep a solved pair only if strong and unambiguous; returns (ok, reason, order used)."""
    cell = cells[i][j]
    if cell.kind in ("link", "code"):
        return True, "", False
    score = base[i, j]
    if score < THRESHOLD or cell.title < MIN_TITLE:
        return (
            False,
            f"weak: {cell.shown:.2f} ({cell.evidence}) with {{video[{j}].video_id}}",
            False,
        )
    order_used = False
    # row: another video as good for this talk, unless it is a re-upload of the same video
    for j2 in np.argsort(-base[i]).tolist():
        if j2 == j or base[i, j2] < score - MARGIN:
            continue
        if j2 in rec_twins[j] and j2 not in assigned.values():
            continue  # a re-upload: reported as a duplicate afterwards
        if j2 in rec_twins[j] and _order_resolves(i, j, talk_twins, rec_twins, assigned):
            order_used = True
            continue
        why = f"ambiguous: {{video[{j}].video_id}} {cell.shown:.2f} ({cell.evidence})"
        return False, f"{why} vs {{video[{j2}].video_id}} {cells[i][j2].shown:.2f}", False
    # column: another talk as good for this video, unless twins that order tells apart
    for i2 in np.argsort(-base[:, j]).tolist():
        if i2 == i or base[i2, j] < score - MARGIN:
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
    base: np.ndarray,
    cells: _Cells,
    matched_rec: dict[int, int],
    rec_titles: list[str],
) -> tuple[int, int] | None:
    """(talk, matched video) this unmatched video most likely re-uploads, if any."""
    best: tuple[float, int, int] | None = None
    for j0, i in matched_rec.items():
        if not _same_video_title(rec_titles[j], rec_titles[j0]):
            continue  # cheap test first: most videos are nothing like each other
        cell = cells[i][j]
        strong = (base[i, j] >= THRESHOLD and cell.title >= MIN_TITLE) or cell.kind != "fuzzy"
        if strong and (best is None or base[i, j] > best[0]):
            best = (base[i, j], i, j0)
    return None if best is None else (best[1], best[2])
