"""The curation's policy and the text patterns every stage shares.

Policy (word lists, patterns) lives in ``scrapers/data/curation.json``; given names, a
tie-breaker, in ``scrapers/data/first_names.json`` (rebuilt by ``tools/build_first_names.py``).
This module imports nothing of the curation: every stage reads it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from scrapers.domain.names import rules as name_rules

DATA_FILE = Path(__file__).parents[2] / "data" / "curation.json"


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


_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _conjunctions() -> frozenset[str]:
    """The words that join two names ("and", "und", "y", "и"...): names.json's, the speakers
    step's, one list for both."""
    conj = name_rules()["conjunctions"]
    return conj["always"] | conj["between_full_names"]


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
    # one set of name rules: honorifics and particles are names.json's, as the speakers step's
    data["honorifics"] = name_rules()["honorifics"]
    data["_particles"] = name_rules()["particles"]
    data["_filler"] = {w.casefold() for w in data["event_filler_words"]}
    data["_generic"] = {w.casefold() for w in data["generic_event_words"]}
    data["_list_sep_re"] = re.compile(
        r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:"
        + "|".join(re.escape(w) for w in sorted(_conjunctions()))
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
    # one alternation per use: a line is dropped when any pattern matches, and one scan of
    # the line costs a twelfth of twelve
    drop = [*data["session_header_line_patterns"], *data["boilerplate_line_patterns"]]
    data["_drop_line_re"] = re.compile("|".join(f"(?:{p})" for p in drop), flags)
    paras = data["boilerplate_paragraph_patterns"]
    data["_drop_para_re"] = re.compile("|".join(f"(?:{p})" for p in paras), flags)
    data["_url_rules"] = [
        (re.compile(r["pattern"], re.IGNORECASE), r["label"]) for r in data["related_url_rules"]
    ]
    data["_label_words"] = [
        (re.compile(rf"\b(?:{k})\b", re.IGNORECASE), v)
        for k, v in data["related_label_words"].items()
    ]
    return data


FIRST_NAMES_FILE = Path(__file__).parents[2] / "data" / "first_names.json"


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Given names (casefolded) from ``data/first_names.json``: a tie-breaker, never proof.

    The list is the first words of speaker names in the pyvideo-data tree (CC0), built by
    ``tools/build_first_names.py`` without the benchmark's events, so the benchmark stays unseen.
    """
    return frozenset(json.loads(FIRST_NAMES_FILE.read_text(encoding="utf-8"))["names"])


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _unquote(t: str) -> str:
    t = t.strip()
    if len(t) > 2 and t[0] in _QUOTES and t.endswith(_QUOTES[t[0]]):
        inner = t[1:-1].strip()
        if not any(q in inner for q in (t[0], _QUOTES[t[0]])):
            return inner
    return t


def _is_label(t: str) -> bool:
    return bool(_policy()["_label_re"].match(t))


def _after_first(t: str, parts: list[str], seps: list[str], k: int = 0) -> str:
    """`t` without its first `_SEP_RE` parts and separators, up to part `k`."""
    return t[sum(len(p) + len(s) for p, s in zip(parts[: k + 1], seps, strict=False)) :]


def _before_last(t: str, parts: list[str], seps: list[str]) -> str:
    """`t` without its last `_SEP_RE` part and separator."""
    return t[: len(t) - len(parts[-1]) - len(seps[-1])]
