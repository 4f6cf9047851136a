"""Speakers from the description: byline lines ("Speaker: X"), a line restating the title
with its speaker, names that open the description, and prose bylines ("a talk by X").

Used when the title names nobody; the last two only where the event's descriptions do so
consistently (`evidence._consistent`).
"""

from __future__ import annotations

import re

from scrapers.domain.curation.evidence import _consistent, _Event, _names_event, _strip_event
from scrapers.domain.curation.names import _byline_texts, _known_given, split_names
from scrapers.domain.curation.policy import _policy, _unquote, _words
from scrapers.domain.curation.titles import _title_candidates


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


def _event_bylines(descriptions: list[str], ev: _Event) -> list[list[str]]:
    """Per video, the speakers its description opens with (`_head_names`) or names in prose
    (`_prose_byline`), where the event's descriptions consistently do so; else []."""
    pol = _policy()["event_evidence"]
    heads = [_head_names(d, ev) for d in descriptions]
    prose = [_prose_byline(d) for d in descriptions]
    described = max(sum(1 for d in descriptions if d.strip()), 1)
    use_heads = _consistent(heads, pol["byline_min_share"], described)
    use_prose = _consistent(prose, pol["prose_min_share"], described)  # worded freely: rarer
    return [
        (head if use_heads and head else []) or (byline if use_prose and byline else [])
        for head, byline in zip(heads, prose, strict=True)
    ]
