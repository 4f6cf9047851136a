"""Name rules of the curation: is this text one or more people's names?

Structural tests only (capitalised words, initials, particles, honorifics, given names the
first-name list knows): every other stage asks them before it calls a part of a title or a
description line speakers. A wrong speaker is worse than none, so they abstain when unsure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

from scrapers.domain.curation.policy import _QUOTES, _first_names, _policy


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
        out.append(toks.pop(0))  # kept as typed: the speakers step decides what a name keeps
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
    found = _split_names_once(raw, lone_ok)
    return (list(found[0]), found[1]) if found else None


@lru_cache(maxsize=1 << 14)
def _split_names_once(raw: str, lone_ok: bool) -> tuple[tuple[str, ...], bool] | None:
    """:func:`_split_names` once per distinct text: the title and byline searches try the same
    runs of words again and again (four times each over a 1,000-video event)."""
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
    return (tuple(names), strong) if names else None


def split_names(raw: str) -> list[str] | None:
    """Split "A, B & C" into clean names; None unless every part is a full name (never guess).

    "et al." lists and initial-only given names are refused: the curated records list every
    co-author with full names, which YouTube titles hide. A trailing single-word part after a
    comma is an affiliation ("Andrej Karpathy, Tesla").
    """
    res = _split_names(raw)
    return res[0] if res and res[1] else None


def _lower_name(raw: str) -> bool:
    """Two or three lower-case words, none a common word: a name typed without capitals."""
    toks = raw.split()
    non_name = _policy()["_non_name"]
    return 2 <= len(toks) <= 3 and all(
        t.isalpha() and t.islower() and t not in non_name and len(t) > 1 for t in toks
    )


def _uncased_name(seg: str) -> bool:
    """A short segment in a script without letter case (이창희, 長谷場 潤也): probably a name we
    cannot validate, so the title is left for a human."""
    seg = seg.strip()
    letters = [c for c in seg if c.isalpha()]
    return bool(letters) and len(seg) <= 8 and not any(c.isupper() or c.islower() for c in letters)


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


def _byline_texts(description: str) -> Iterator[str]:
    """The names part of each byline line of the description ("Speaker: X", "By X")."""
    for line in description.splitlines():
        m = _policy()["_desc_speaker_re"].match(line.strip(" *-•"))
        if m:
            yield m.group("names")


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
