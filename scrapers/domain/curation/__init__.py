"""Curation of YouTube metadata (title, speakers, description) into pyvideo records.

Reviewers want the talk title alone, the real speaker names, and a description without
boilerplate. The rules are deliberately conservative: a wrong speaker is worse than none, so
every extractor abstains unless the name is structurally unambiguous. Policy (word lists,
patterns) lives in ``scrapers/data/curation.json``.

One module per thing curated, each importing only those before it: ``policy`` (the data files,
shared patterns) <- ``names`` (is this a person's name) <- ``evidence`` (event-level: the event's
names, the vote on its title shape, its bylines' consistency) <- ``titles`` (a title taken
apart) <- ``speakers`` (names from the description's bylines); ``descriptions`` (boilerplate,
related links) needs only the name rules. `curate_event` below runs them in order.

Measure a change with ``scrapy eval-curation FILE`` (``benchmarks/curation_eval.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from scrapers.domain.curation.descriptions import _rst_ok, curate_description
from scrapers.domain.curation.evidence import _event, _event_evidence, _event_shape
from scrapers.domain.curation.names import split_names
from scrapers.domain.curation.policy import _nfc
from scrapers.domain.curation.speakers import (
    _event_bylines,
    _restated_title_speakers,
    description_speakers,
)
from scrapers.domain.curation.titles import (
    _drop_leading_name,
    _finish,
    _parse_title,
    _pick,
    curate_title,
    fuller_title,
    title_language,
)

__all__ = [
    "Curated",
    "curate_description",
    "curate_event",
    "curate_title",
    "curate_video",
    "description_speakers",
    "fuller_title",
    "split_names",
    "title_language",
]


@dataclass
class Curated:
    """Curated metadata of one video, ready for a pyvideo record."""

    title: str
    speakers: list[str]  # raw-but-clean real names, in order; [] when not found
    proposed_description: str  # boilerplate removed, links moved out: see ``description``
    related_urls: list[dict] = field(default_factory=list)  # [{"label": ..., "url": ...}]
    language: str | None = None  # ISO 639-3 from a spoken-language tag ("[RUS] ..."), if any
    original_description: str = ""  # the host's text

    @cached_property
    def description(self) -> str:
        """Plain text/reST, boilerplate removed; the original text when the removal broke reST
        that the original had right.

        Decided on first use, not when curated: a matched talk's own abstract usually wins, and
        the docutils checks behind this answer were half the curate step's cost.
        """
        new, original = self.proposed_description, self.original_description
        if new != original.strip() and not _rst_ok(new) and _rst_ok(original):
            return original.strip()
        return new


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
    return Curated(
        title=new_title,
        speakers=speakers,
        proposed_description=new_desc,
        related_urls=related,
        language=title_language(title),
        original_description=description,
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
    # one Unicode form: "Librería" typed with a combining accent in the title and precomposed in
    # the description (or the other way round) is the same word
    videos = [(_nfc(t or ""), _nfc(d or "")) for t, d in videos]
    titles = [t for t, _ in videos]
    descriptions = [d for _, d in videos]
    # 1. evidence: the event's names and the channel labels its titles repeat
    ev = _event_evidence(event_title, titles)
    # 2. titles: each taken apart into a title without event names and speaker candidates
    parses = [_parse_title(t, event_title, d, known_names, ev) for t, d in videos]
    # 3. evidence: where the event's titles put the speakers, if they agree
    shape = _event_shape([p.shapes for p in parses])
    # 4. speakers: the names the event's descriptions consistently open with or give in prose
    bylines = _event_bylines(descriptions, ev)
    out = []
    for (title, desc), parse, byline in zip(videos, parses, bylines, strict=True):
        # 5. titles: the candidate at the event's shape (or an unambiguous one)
        new_title, speakers = _finish(parse, _pick(parse, shape))
        # 6. speakers: else a byline line of the description ("Speaker: X")
        speakers = speakers or description_speakers(desc)
        from_event = not speakers  # a name line the event vouches for stays in the text
        if from_event:
            # 7. speakers: else a line restating the title with its speaker, or the event's
            speakers = _restated_title_speakers(desc, new_title, ev) or byline
        # 8. descriptions: boilerplate out, links to related_urls; the record assembled
        out.append(
            _assemble(title, desc, new_title, speakers, known_names, strip_speakers=not from_event)
        )
    return out
