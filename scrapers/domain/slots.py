"""What a schedule slot is: a talk (of which kind) or not (and why). One module, one data file.

Every platform base asks these functions instead of keeping a table of its own, so "is this a
break?" has one answer across platforms; the rules are data in ``scrapers/data/slots.json``.
A base sets ``Talk.kind`` only: the tags a kind earns (``keynote``, ``lightning talks``) are
added once, when the record is built (``scrapers/data/tags.json``, ``policy.kind_tags``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from scrapers.domain.policy import load


@cache
def _rules() -> dict[str, Any]:
    data = load("slots.json")
    return {
        "titles": tuple((reason, re.compile(rx, re.I)) for reason, rx in data["not_talk_titles"]),
        "categories": dict(data["not_talk_categories"]),
        "kinds": tuple((re.compile(rx), kind) for rx, kind in data["kinds"]),
        "cancelled": re.compile(data["cancelled"], re.I),
        "placeholder": re.compile(data["placeholder"], re.I),
    }


def not_talk_reason(title: str, category: str | None = None) -> str | None:
    """Why a slot is not a talk ("break", "meal", "sprint", ...), or None for a talk.

    The title is checked first, then the source's own category or type word.
    """
    rules = _rules()
    for reason, pattern in rules["titles"]:
        if pattern.search(title):
            return reason
    return rules["categories"].get((category or "").strip().lower())


def not_talk_type(type_name: str) -> str | None:
    """Why a source's type name says a slot is not a talk ("Lunch", "Coffee break", "Sprint").

    For sources that type every slot (pretalx submission types): the name is read with the
    title rules, then as a category word. The slot's own title is not judged: a talk may well be
    called "Sprinting to 1.0".
    """
    return not_talk_reason(type_name, type_name)


def is_never_talk_category(category: str | None) -> bool:
    """Whether a source's category word always means "not a talk" (a break, a meal, a sprint)."""
    return (category or "").strip().lower() in _rules()["categories"]


def talk_kind(title: str, hint: str = "") -> str:
    """The kind of a talk ("keynote", "tutorial", "lightning", "panel", "plenary" or "talk").

    ``hint`` is the source's type or category word ("Keynote", "tutorials", "30 Minute Talk").
    """
    words = f"{hint} {title}".lower()
    for pattern, kind in _rules()["kinds"]:
        if pattern.search(words):
            return kind
    return "talk"


def cancelled_prefix(title: str) -> re.Match[str] | None:
    """The "Cancelled:" prefix of a title that marks a cancelled talk, if any."""
    return _rules()["cancelled"].match(title)


def is_placeholder_title(title: str) -> bool:
    """A slot name that says nothing of the talk ("Keynote", "Keynote Speaker", "Keynote TBA")."""
    return bool(_rules()["placeholder"].match(title))
