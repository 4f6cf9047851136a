"""Rules that are data: language codes, tag policy. Loaded once from scrapers/data/."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """A JSON data file shipped in scrapers/data/."""
    return json.loads(resources.files("scrapers").joinpath("data", name).read_text("utf-8"))


def language(code: str | None) -> str | None:
    """ISO 639-3 code allowed by the data repo for a source's code ("en", "en-US", "jp", "eng")."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    allowed = load("languages.json")
    if code in allowed:
        return code
    return load("language_map.json").get(code.split("-")[0])


def kind_tags(kind: str) -> list[str]:
    """Tags a talk kind earns (``keynote``, ``tutorial``, ``lightning talks``), per tags.json."""
    return list(load("tags.json")["kinds"].get(kind.lower(), []))
