"""Speaker-name normalisation.

pyvideo.org finds a person's talks through one exact name string, so every source must
produce the same spelling the data tree already uses.  This module cleans raw names
(pronouns, honorifics, casing), splits multi-person strings, and maps each name onto the
spelling already present in the tree (via a fold key) or onto an explicit alias.

Rules that are data (honorifics, particles, pronouns, placeholders...) live in
``scrapers/data/names.json``; aliases (different *forms* of one person that folding cannot
see, e.g. "Glyph Lefkowitz" -> "Glyph") live in ``scrapers/data/speaker_aliases.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
RULES_PATH = DATA_DIR / "names.json"
ALIASES_PATH = DATA_DIR / "speaker_aliases.json"

# Characters that are spacing in practice but not always in str.split(): NBSP, U+3000...
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE_RE = re.compile(r"@[\w.-]+")
_OPEN = '([{（［｛「『“"«'
_CLOSE = ')]}）］｝」』”"»'
_PAIRS = dict(zip(_OPEN, _CLOSE, strict=True))
_TRAILING_PAREN_RE = re.compile(r"\s*[(\[（［]([^()\[\]（）［］]*)[)\]）］]\s*$")
_ANY_PAREN_RE = re.compile(r"\s*[(\[（［]([^()\[\]（）［］]*)[)\]）］]")
# " - Company", " | Company", " @ Company", " / Company", ", Company" (checked for markers).
_AFFIL_SEP_RE = re.compile(r"\s+[-–—|@/]\s+|\s*,\s*")
_GLUED_HONORIFIC_RE = re.compile(r"^(dr|prof|mr|mrs|ms|mx)\.(?=\w)", re.I)
_WORD_SPLIT_RE = re.compile(r"[\s,;:/]+")
_PRONOUN_SPLIT_RE = re.compile(r"[\s/,|]+")
_ANGLE_RE = re.compile(r"<[^<>]*>")
_BRACKETS_RE = re.compile(r"[()\[\]<>]")
_INITIAL_RE = re.compile(r"(^|\.)([^\W\d_])")
_ELLIPSIS_END_RE = re.compile(r"\s*(?:\.{3,}|…)$")
_LEADING_CONJUNCTION_RE = re.compile(r"^(?:and|&|und|et|y|e)\s+", re.I)
_NOT_LOWER_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The name rules from names.json, with lists turned into casefolded sets."""
    raw = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, list):
            out[key] = frozenset(v.casefold() for v in value)
        elif isinstance(value, dict):
            out[key] = {
                k.casefold() if isinstance(v, str) else k: (
                    frozenset(x.casefold() for x in v) if isinstance(v, list) else v
                )
                for k, v in value.items()
                if not k.startswith("_")
            }
    return out


def load_aliases(path: Path | None = None) -> dict[str, str]:
    """Alias -> canonical spelling (seeded from pyvideo's speaker-replacements)."""
    data = json.loads((path or ALIASES_PATH).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def normalize_space(text: str) -> str:
    """NFC, every Unicode space (NBSP, U+3000, tabs) as one ASCII space, no zero-widths."""
    if text.isascii() and text.isprintable():  # most names: nothing to normalise but spaces
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    chars = [" " if ch.isspace() or unicodedata.category(ch) in ("Zs", "Cc") else ch for ch in text]
    return " ".join("".join(chars).split())


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_SPLIT_RE.split(text.strip(" .,;:-")) if w]


def _is_pronouns(content: str) -> bool:
    """'he/him', 'she, they', 'any pronouns' -- at least two pronoun words, or 'pronouns'."""
    words = [w.strip(".") for w in _PRONOUN_SPLIT_RE.split(content.casefold()) if w]
    if not words or not all(w in rules()["pronouns"] for w in words):
        return False
    return len(words) >= 2 or words[0].startswith("pronoun")


def _is_affiliation(content: str) -> bool:
    """Org / role / degree text: safe to drop from after a name, never a name itself."""
    r = rules()
    folded = normalize_space(content).casefold().strip(" .,")
    if not folded:
        return True
    if folded in r["roles"] or folded in r["degrees"] or folded in r["organization_markers"]:
        return True
    words = _words(content)
    if any(w in r["organization_markers"] for w in words):
        return True
    if any(m in folded for m in r["organization_markers"] if " " in m):
        return True
    # Acronym organisations such as "(EDRi)", "(CERN)": one token, >= 3 capitals.
    token = content.strip()
    return " " not in token and sum(ch.isupper() for ch in token) >= 3 and token[:1].isupper()


def _strip_contacts(text: str) -> str | None:
    """Drop emails/URLs/handles that decorate a name; None when nothing else is left."""
    text = _ANGLE_RE.sub(lambda m: "" if "@" in m[0] or "//" in m[0] else m[0], text)
    text = _URL_RE.sub(" ", text)
    text = _EMAIL_RE.sub(" ", text)
    text = _ANY_PAREN_RE.sub(lambda m: "" if _HANDLE_RE.fullmatch(m[1].strip()) else m[0], text)
    text = normalize_space(text)
    if _HANDLE_RE.fullmatch(text) or not _has_letter(_BRACKETS_RE.sub("", text)):
        return None
    return text


def _strip_decorations(text: str) -> str:
    """Remove pronouns, trailing affiliations/roles/degrees and leading honorifics."""
    r = rules()
    text = _ANY_PAREN_RE.sub(lambda m: "" if _is_pronouns(m[1]) else m[0], text)
    changed = True
    while changed:
        changed = False
        m = _TRAILING_PAREN_RE.search(text)
        if m and m.start() > 0 and (_is_affiliation(m[1]) or _is_pronouns(m[1])):
            text, changed = text[: m.start()].rstrip(), True
            continue
        parts = _AFFIL_SEP_RE.split(text)
        seps = _AFFIL_SEP_RE.findall(text)
        if len(parts) > 1 and parts[0]:
            last = parts[-1]
            if _is_pronouns(last) or (
                _is_affiliation(last) and last.casefold().strip(" .") not in r["name_suffixes"]
            ):
                text = text[: len(text) - len(last) - len(seps[-1])].rstrip(" ,")
                changed = True
                continue
        words = text.split(" ")
        if len(words) > 2 and (words[-1].casefold() in r["degrees"] or _is_pronouns(words[-1])):
            text, changed = " ".join(words[:-1]).rstrip(" ,"), True
    text = _GLUED_HONORIFIC_RE.sub(lambda m: m[0] + " ", text)
    words = text.split(" ")
    while len(words) > 1 and words[0].casefold() in r["honorifics"]:
        words = words[1:]
    return " ".join(words).strip(" ,;:")


def _case_part(part: str) -> str:
    r = rules()
    low = part.lower()
    for pre in r["apostrophe_prefixes"]:
        m = re.fullmatch(rf"({pre})(['’])(\w.*)", low)
        if m:
            return m[1].upper() + m[2] + _case_part(m[3])
    for pre in r["cap_prefixes"]:
        if low.startswith(pre) and len(low) > len(pre) + 2 and low[len(pre)].isalpha():
            return pre.capitalize() + _case_part(low[len(pre) :])
    # Upper-case the first letter and every letter after a dot ("j.r." -> "J.R.").
    return _INITIAL_RE.sub(lambda m: m[1] + m[2].upper(), low)


def _recase(text: str) -> str:
    """Case an ALL-CAPS or all-lowercase multi-word name ("VAN DER BERG" -> "van der Berg")."""
    r = rules()
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        low = word.casefold()
        if 0 < i < len(words) - 1 and low in r["particles"]:
            out.append(low)
        elif i == len(words) - 1 and i > 0 and low.strip(".") in r["name_suffixes"] - {"v"}:
            out.append(
                word.upper() if "." not in word and low not in ("jr", "sr") else word.capitalize()
            )
        else:
            out.append("-".join(_case_part(p) for p in word.split("-")))
    return " ".join(out)


def _needs_recase(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha() and ch.lower() != ch.upper()]
    if len(letters) < 2:
        return False
    words = [w for w in text.split(" ") if _has_letter(w)]
    # Single tokens are usually handles/pseudonyms ("lvh", "laike9m"); "a / b" is two
    # self-chosen forms ("mynameisnotimportant / hambacher forst"): keep both as written.
    if len(words) < 2 or "/" in text:
        return False
    return all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)


def clean_name(raw: str, *, last_first: bool = False) -> str | None:
    """One person's display name, or None when the string is not a name.

    Mixed-case names are kept verbatim (the person chose that form); only whitespace,
    pronouns, honorifics, trailing affiliations/degrees and ALL-CAPS/all-lowercase casing
    are touched.  ``last_first`` reorders "Last, First" (only when the source says so).
    """
    if not isinstance(raw, str):
        return None
    return _clean_name(raw, last_first)


# Name functions are pure (the rules are data loaded once) and a crawl or a tree check meets
# the same names again and again (every record of a speaker, every step): each distinct
# string is worked out once.  Bounded, so a long-lived process does not grow without end.
_NAME_CACHE = 1 << 16


@lru_cache(maxsize=_NAME_CACHE)
def _clean_name(raw: str, last_first: bool) -> str | None:
    r = rules()
    text = normalize_space(raw)
    if not text:
        return None
    if len(text) >= 2 and text[0] in _PAIRS and text[-1] == _PAIRS[text[0]]:
        text = normalize_space(text[1:-1])
    text = _strip_contacts(text)
    if text is None:
        return None
    if last_first and text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        tail = first.casefold().strip(".")
        if last and first and tail not in r["name_suffixes"] and tail not in r["degrees"]:
            text = f"{first} {last}"
    text = _strip_decorations(text)
    text = _ELLIPSIS_END_RE.sub("", text)  # truncated lists: "Hassan Sami Adnan ..."
    folded = text.casefold().strip(" .")
    if folded in r["collective"]:
        return r["collective"][folded]
    if not folded or folded in r["placeholders"] or not _has_letter(text):
        return None
    if _needs_recase(text):
        text = _recase(text)
    return normalize_space(text).strip(" ,;:") or None


def _split_top(text: str, seps: str) -> list[str]:
    """Split on any char of ``seps`` outside brackets/quotes ("蘇嘉冠 (Jia-Kuan, Su)")."""
    parts, buf, stack = [], [], []
    for ch in text:
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in _PAIRS and not (ch == '"' and stack and stack[-1] == '"'):
            stack.append(_PAIRS[ch])
        elif not stack and ch in seps:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts]


def _split_conjunctions(text: str) -> list[str]:
    conj = rules()["conjunctions"]
    words = text.split(" ")
    depth = 0
    for i, word in enumerate(words):
        depth += sum(word.count(c) for c in "([（") - sum(word.count(c) for c in ")]）")
        if depth or i == 0 or i == len(words) - 1:
            continue
        low = word.casefold()
        left, right = words[:i], words[i + 1 :]
        if low in conj["always"] or (
            low in conj["between_full_names"]
            and len(left) >= 2
            and len(right) >= 2
            and left[0][:1].isupper()
            and right[0][:1].isupper()
        ):
            return [" ".join(left), *_split_conjunctions(" ".join(right))]
    return [text]


def split_speakers(raw: str, *, commas: bool = True) -> list[str]:
    """One entry per person, in source order, deduplicated; entries are not cleaned.

    Commas split only when ``commas`` (off for "Last, First" sources); a comma piece that
    is a suffix ("Jr."), degree ("PhD") or organisation stays attached to the previous one.
    "/" never splits: it joins two forms of one person ("加藤皓也/Hiroya Kato").
    """
    if not isinstance(raw, str):
        return []
    return list(_split_speakers(raw, commas))


def _attaches(piece: str) -> bool:
    """A comma piece that belongs to the name before it: a suffix, a degree, an organisation."""
    r = rules()
    low = piece.casefold().strip(" .")
    return (
        low in r["name_suffixes"]
        or low in r["degrees"]
        or low.replace(" ", "") in r["degrees"]
        or (_is_affiliation(piece) and not low.startswith(("and ", "& ")))
    )


@lru_cache(maxsize=_NAME_CACHE)
def _split_speakers(raw: str, commas: bool) -> tuple[str, ...]:
    text = normalize_space(raw).replace("＆", " & ").replace("&", " & ")
    text = normalize_space(text)
    out: list[str] = []
    for chunk in _split_top(text, ";；、\n"):
        pieces = _split_top(chunk, ",，") if commas else [chunk]
        merged: list[str] = []
        for piece in pieces:
            if merged and piece and _attaches(piece):
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        for piece in merged:
            piece = _LEADING_CONJUNCTION_RE.sub("", piece)
            out.extend(p.strip() for p in _split_conjunctions(piece))
    seen: set[str] = set()
    result = []
    for p in out:
        if p and p not in seen:
            seen.add(p)
            result.append(p)
    return tuple(result)


@lru_cache(maxsize=_NAME_CACHE)
def fold(name: str) -> str:
    """Folding key: equal keys mean "same spelling up to form".

    Ignores case, accents (NFKD minus combining marks, plus ø/ł/æ...), and every
    non-alphanumeric character: spaces, hyphens, dots, apostrophes.  Hence
    "J. R. Smith" == "J R Smith" == "JR Smith" == "J.R. Smith": dropping spaces is needed
    anyway ("Keith Magee"/"Keith-Magee", "rhyselsmore"/"Rhys Elsmore"), and initials then
    fold alike.  A missing initial or middle name is NOT folded away: that can be another
    person, so it needs an alias.  CJK is only NFC-recomposed, never transliterated.
    """
    if name.isascii():  # the same steps, for ASCII: lower case, letters and digits only
        return _NOT_LOWER_ALNUM_RE.sub("", name.lower())
    text = unicodedata.normalize("NFKD", normalize_space(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_FOLD_EXTRA)
    text = "".join(ch for ch in text if ch.isalnum())
    return unicodedata.normalize("NFC", text)


def match_key(name: str) -> str:
    """fold() of the cleaned name, so "Dr. Greg Wilson" and "Greg Wilson (he/him)" group too.

    Cleaning only removes decorations (honorifics, pronouns, roles, degrees), never a part of
    the name, so this cannot merge two people that fold() keeps apart.
    """
    return fold(clean_name(name) or name)


def _spelling_rank(name: str, count: int) -> tuple:
    """Sort key: most used first; ties go to the best-formed, accented, then alphabetical."""
    accents = sum(1 for ch in unicodedata.normalize("NFD", name) if unicodedata.combining(ch))
    return (-count, -accents, -name.count("-"), name)


class NameIndex:
    """Spellings of every speaker in a data tree, grouped by fold key, plus aliases."""

    def __init__(
        self,
        counts: Mapping[str, int],
        aliases: Mapping[str, str] | None = None,
        cleaned: Mapping[str, str | None] | None = None,
    ):
        """``cleaned``: ``clean_name`` of names already worked out (check-data's workers do it
        in parallel for the whole tree); the others are cleaned here."""
        self.counts: Counter[str] = Counter(counts)
        self.aliases: dict[str, str] = dict(load_aliases() if aliases is None else aliases)
        self._alias_fold = {fold(k): v for k, v in self.aliases.items()}
        self._groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
        known = cleaned or {}
        cleaned = {n: known[n] if n in known else clean_name(n) for n in self.counts}
        for name, count in self.counts.items():
            self._groups[fold(cleaned[name] or name)].append((name, count))
        self._best: dict[str, str] = {}
        for key, group in self._groups.items():
            if len(group) > 1:
                group.sort(key=lambda item: _spelling_rank(*item))
            # Never hand out a malformed spelling (trailing space, ALL CAPS, "Dr. ...").
            clean = [n for n, _ in group if cleaned[n] == n and n not in self.aliases]
            if clean:
                self._best[key] = clean[0]

    @classmethod
    def from_tree(cls, path: Path, aliases_path: Path | None = None) -> NameIndex:
        """Read the speakers of every ``*/videos/*.json`` under ``path`` (a pyvideo-data tree)."""
        counts: Counter[str] = Counter()
        for file in Path(path).glob("*/videos/*.json"):
            if file.name.startswith("."):  # a crawl's leftover temp file is no record
                continue
            try:
                record = json.loads(file.read_bytes())
            except (OSError, ValueError):
                continue
            speakers = record.get("speakers") if isinstance(record, dict) else None
            if isinstance(speakers, list):
                counts.update(s for s in speakers if isinstance(s, str))
        return cls(counts, load_aliases(aliases_path))

    def __contains__(self, name: object) -> bool:
        return name in self.counts

    def canonical(self, name: str) -> str:
        """Alias target, else the tree's preferred spelling of the same fold, else ``name``."""
        if name in self.aliases:
            return self.aliases[name]
        if fold(name) in self._alias_fold:
            return self._alias_fold[fold(name)]
        return self._best.get(match_key(name), name)

    def variants(self) -> list[list[tuple[str, int]]]:
        """Groups of >= 2 distinct tree spellings sharing a fold key, most used first."""
        groups = [list(g) for _, g in sorted(self._groups.items()) if len(g) > 1]
        return groups


def normalize_speakers(
    raw: Iterable[str],
    *,
    index: NameIndex | None = None,
    aliases: Mapping[str, str] | None = None,
    last_first: bool = False,
) -> list[str]:
    """Source speaker strings -> pyvideo ``speakers``: split, clean, alias, canonical, dedupe.

    ``aliases=None`` means the project alias file (pyvideo refuses the replaced spellings);
    pass ``{}`` to disable.  Dedupe is on the fold key, keeping the first occurrence.
    """
    if isinstance(raw, str):
        raw = [raw]
    alias_map = load_aliases() if aliases is None else dict(aliases)
    alias_fold = {fold(k): v for k, v in alias_map.items()}
    out: list[str] = []
    seen: set[str] = set()
    for entry in raw or []:
        for part in split_speakers(entry, commas=not last_first):
            name = clean_name(part, last_first=last_first)
            if name is None:
                continue
            name = alias_map.get(name) or alias_fold.get(fold(name)) or name
            if index is not None:
                name = index.canonical(name)
            key = fold(name) or name
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out
