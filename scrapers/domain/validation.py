"""Per-record rules for pyvideo-data records, shared by the crawl's validate pipeline and
``check-data``.

Every finding has a severity (:data:`RULES`): "error" when the data repo's own ``make test``
would reject it (FORMAT.md "Checks the data repo runs", ``Problem.upstream``), "warning" for a
data problem it lets through, "style" for a matter of form, so a caller can fail hard on the
first kind and merely report the others.  Validators and data files are loaded once: the crawl
calls :func:`video_problems` for every item.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from scrapers.domain.names import fold, load_aliases, rules, split_speakers
from scrapers.domain.record import VIDEO_KEYS
from scrapers.domain.text import fast_rst_problems
from scrapers.videohosts.urls import video_id, watch_url

if TYPE_CHECKING:  # jsonschema is imported only when a record may be invalid (start-up cost)
    from jsonschema import Draft4Validator, Draft7Validator, FormatChecker

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

__all__ = [
    "Problem",
    "canonical_thumbnail",
    "canonical_youtube_url",
    "category_problems",
    "event_problems",
    "event_span",
    "fast_rst_problems",
    "video_problems",
    "youtube_ids",
]


# How much a finding matters.  "error": a rule the data repo's ``make test`` enforces (its CI
# refuses the pull request); "warning": a data problem it lets through (a duplicate video, a
# speaker spelled two ways); "style": a preference about form (serialization, whitespace).
SEVERITIES = ("error", "warning", "style")


@dataclass(frozen=True)
class Rule:
    """One rule: its severity, the FORMAT.md check of the data repo's ``make test`` that
    enforces it (``None``: not enforced there), and what it is about."""

    severity: str
    check: int | None
    doc: str

    @property
    def upstream(self) -> bool:
        return self.severity == "error"

    def __iter__(self) -> Iterator[Any]:
        """``upstream, doc = rule``: the shape the table had before severities."""
        return iter((self.upstream, self.doc))


def _error(check: int, doc: str) -> Rule:
    return Rule("error", check, doc)


def _warning(doc: str) -> Rule:
    return Rule("warning", None, doc)


def _style(doc: str) -> Rule:
    return Rule("style", None, doc)


# Every rule, and the check of FORMAT.md "Checks the data repo runs on every pull request" that
# makes it an error (a rule is an error only if that ``make test`` refuses it).  The summary table
# and ``--only`` use this; a rule not listed here is a bug.
RULES: dict[str, Rule] = {
    "json": _error(2, "file is not valid JSON (cannot be validated against its schema)"),
    "layout": _error(1, "directory shape: only category.json and videos/*.json in an event"),
    "event-slug": _error(1, "event folder name uses only ASCII letters, digits and '-'"),
    "name-length": _error(7, "file and folder names shorter than 140 bytes"),
    "schema": _error(2, "JSON schema, with the date format check (the uri one is uri-format)"),
    "duplicate-id": _error(3, "`id` unique across the repo"),
    "duplicate-slug": _error(4, "video slug unique within an event"),
    "rst": _error(5, "description/summary parse as reST without warnings"),
    "language": _error(6, "language is a code of languages.json"),
    "speaker-alias": _error(8, "speaker is a key of the speaker replacements (use the value)"),
    # Check 2's "uri" format is inert upstream (no URI validator installed there).
    "uri-format": _warning("a URL the schema marks `format: uri` is not an RFC 3986 URI"),
    "unknown-key": _warning("key outside the schema's properties (the schema allows it)"),
    "missing-key": _warning("key expected on every new record is missing or null"),
    "empty-title": _warning("title is empty"),
    "todo": _warning("placeholder (TODO/TBA/TBD...) in title, speakers or description"),
    "bad-date": _warning("`recorded` is not a real calendar date"),
    "thumbnail-url": _warning("YouTube thumbnail of another video, or not https://i.ytimg.com/vi/"),
    "duplicate-speaker": _warning("same speaker twice in one record (up to case/accents)"),
    "multi-speaker": _warning("one speaker entry names several people"),
    "category": _warning("category.json sanity (dates in order)"),
    "speaker-variant": _warning("one person spelled differently across the tree"),
    "recorded-year": _warning("`recorded` outside the event's year or dates"),
    "title-event": _warning("title contains the event's name"),
    "title-speaker": _warning("title contains one of its own speakers"),
    "duplicate-youtube": _warning("same YouTube video in several records"),
    "no-publish": _warning("id listed in NO_PUBLISH.json, or NO_PUBLISH.json unreadable"),
    "markup": _warning("a <script> or <style> element in a title or a speaker name"),
    "unsafe-link": _warning("a description link whose scheme is not http(s) or mailto"),
    # FORMAT.md 9: expected, but ``make test`` does not run it.
    "serialization": _style("canonical JSON serialization, byte for byte"),
    "whitespace": _style("whitespace at the ends of a one-line string"),
    "youtube-url": _style("YouTube video URL is not https://www.youtube.com/watch?v=<id>"),
    "tags": _style("tags lowercase, trimmed, unique"),
}


@dataclass(frozen=True, order=True)
class Problem:
    field: str  # "speakers[1]", "recorded", "videos[0].url", "(file)"
    message: str
    rule: str  # short class id: "schema", "language", "todo", "youtube-url", "rst", ...
    upstream: bool  # True when the data repo's own CI rejects it (RULES[rule].upstream)

    @property
    def severity(self) -> str:
        """One of :data:`SEVERITIES`, from :data:`RULES`."""
        return RULES[self.rule].severity


YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
CANONICAL_WATCH_RE = re.compile(r"https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})")
CANONICAL_THUMB_RE = re.compile(r"https://i\.ytimg\.com/vi/([A-Za-z0-9_-]{11})/[\w.-]+")
_THUMB_RE = re.compile(
    r"https?://(?:i[0-9]?\.ytimg\.com|img\.youtube\.com)/vi(?:_webp)?/"
    r"([A-Za-z0-9_-]{11})/([\w-]+)\.(jpg|webp)",
    re.I,
)
# Query parameters that only say where a link was shared from: dropping them is safe.  A start
# time (t=, start=) is content, so such URLs are reported but never rewritten.
_DROPPABLE_PARAMS = frozenset({"feature", "ab_channel", "si", "app", "list", "index", "pp"})
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"})

# RFC 3986 URI (absolute, ASCII only, valid percent escapes).  Written here rather than relying
# on the optional rfc3986-validator package, whose absence makes jsonschema skip "uri" silently.
_URI_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:"
    r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?\[\]#]|%[0-9A-Fa-f]{2})*"
)
_MARKUP_RE = re.compile(r"<\s*/?\s*(script|style)\b", re.IGNORECASE)
# reST link targets (`label <target>`_) and bare URIs docutils links on its own.
_RST_TARGET_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>`_")
# (the lookahead on the first letter changes no match: it lets the search skip ahead)
_BARE_URI_RE = re.compile(r"(?=[jvdf])(?<![\w\\])(javascript|vbscript|data|file):(?=[^\s\\])", re.I)
# Placeholders written in capitals anywhere in a title ("Talk TBA"); lower case "todo" is a word.
_TITLE_TODO_RE = re.compile(r"\b(TODO|TBA|TBD|TBC|FIXME|XXX)\b")
_TODO_WORDS = r"(?:todo|tba|tbd|tbc|to be announced|to be determined)"
_LINE_TODO_RE = re.compile(_TODO_WORDS + r"\W*", re.I)
_ANY_TODO_RE = re.compile(_TODO_WORDS, re.I)  # a line can only be one if the text holds one


# --------------------------------------------------------------------------- loading


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_RECORDED_DAY_RE = re.compile(r"\d{4}-\d\d-\d\d")


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI_RE.fullmatch(value))


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE_RE.fullmatch(value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


# The only formats the schemas use, checked by our own code: the same answer whichever optional
# format packages are installed, and none of them imported (one compiles a grammar at import).
FORMATS = {"uri": _is_uri, "date": _is_date}


# Optional packages jsonschema's format module imports when installed, that build a grammar at
# import time (rfc3987_syntax: ~1 s of CPU compiling lark parsers) for formats (iri...) our
# schemas do not use: FORMATS above are checked by our own code.
_GRAMMAR_FORMAT_MODULES = ("rfc3987_syntax",)


def _jsonschema() -> Any:
    """The ``jsonschema`` package, imported without :data:`_GRAMMAR_FORMAT_MODULES`.

    They are marked absent only while jsonschema loads (its format module skips a package it
    cannot import), so anything else that wants them still imports them.
    """
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    blocked = [name for name in _GRAMMAR_FORMAT_MODULES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jsonschema
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return jsonschema


@lru_cache(maxsize=2)
def _format_checker(uri: bool = True) -> FormatChecker:
    """Our format checks; ``uri=False`` is the data repo's (its "uri" check is inert)."""
    checker = _jsonschema().FormatChecker(formats=())
    for name, check in FORMATS.items():
        if uri or name != "uri":
            checker.checks(name)(check)
    return checker


def _load(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def video_validator(uri: bool = True) -> Draft7Validator:
    """The video schema (draft-07, as its ``$schema`` says), compiled once."""
    return _jsonschema().Draft7Validator(
        _load("schemas/video.json"), format_checker=_format_checker(uri)
    )


@lru_cache(maxsize=2)
def category_validator(uri: bool = True) -> Draft4Validator:
    """The category schema (draft-04), compiled once."""
    return _jsonschema().Draft4Validator(
        _load("schemas/category.json"), format_checker=_format_checker(uri)
    )


@lru_cache(maxsize=1)
def languages() -> frozenset[str]:
    return frozenset(k for k in _load("languages.json") if not k.startswith("_"))


@lru_cache(maxsize=1)
def speaker_aliases() -> dict[str, str]:
    return load_aliases()


@lru_cache(maxsize=1)
def _placeholders() -> frozenset[str]:
    return frozenset(rules().get("placeholders", ())) | {"tbd", "tba", "todo", "fixme"}


def warm() -> None:
    """Load everything now (before forking workers, so each child does not redo it)."""
    video_validator()
    category_validator()
    languages()
    speaker_aliases()
    _placeholders()
    _fast_valid("video")
    _fast_valid("category")
    fast_rst_problems("warm *up*")


# --------------------------------------------------------------------------- youtube


@lru_cache(maxsize=1 << 15)
def _youtube_id(url: str) -> str | None:
    """The 11-character id of a YouTube URL (any form), else None (asked twice per video)."""
    vid = video_id(url)
    return vid if vid and YOUTUBE_ID_RE.fullmatch(vid) else None


def youtube_ids(record: dict) -> list[str]:
    """YouTube ids of a record's videos, whatever the URL form (watch?v=, youtu.be/, embed/)."""
    out = []
    for video in record.get("videos") or []:
        if isinstance(video, dict) and isinstance(video.get("url"), str):
            vid = _youtube_id(video["url"])
            if vid and vid not in out:
                out.append(vid)
    return out


def canonical_youtube_url(url: str) -> str | None:
    """``https://www.youtube.com/watch?v=<id>`` for a URL that only differs in form, else None.

    None when the URL carries content beyond the id (a start time, an unknown parameter), as
    rewriting it would change what the viewer sees.
    """
    url = url.strip()
    vid = _youtube_id(url)
    if not vid:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in _YOUTUBE_HOSTS or parts.fragment:
        return None
    params = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if k != "v"]
    if any(k not in _DROPPABLE_PARAMS for k in params):
        return None
    return watch_url(vid)


def canonical_thumbnail(url: str) -> str | None:
    """``https://i.ytimg.com/vi/<id>/<name>.jpg`` for other hosts/schemes of the same image."""
    m = _THUMB_RE.fullmatch(url.strip())
    if not m or m.group(3).lower() != "jpg":
        return None
    return f"https://i.ytimg.com/vi/{m.group(1)}/{m.group(2)}.jpg"


# --------------------------------------------------------------------------- reST


# --------------------------------------------------------------------------- helpers


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(file)"


class _Uncompilable(Exception):
    pass


_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    # jsonschema (draft 4+) counts 1.0 as an integer; other floats are left to it ("not sure").
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}
_IGNORED = frozenset({"$schema", "description", "title"})


def _plain_json(value: Any) -> bool:
    """No floats or booleans inside: then json.dumps equality is jsonschema's equality."""
    if isinstance(value, dict):
        return all(_plain_json(v) for v in value.values())
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    return not isinstance(value, (bool, float))


def _any(preds: list[Any]) -> Any:
    """True when one of ``preds`` is (the predicate itself when there is one)."""
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:  # anyOf [null, string]: most properties
        first, second = preds
        return lambda v: first(v) or second(v)
    return lambda v: any(pred(v) for pred in preds)


def _every(preds: list[Any]) -> Any:
    """True when all of ``preds`` are (plain closures: this runs ~40 times per record)."""
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        first, second = preds
        return lambda v: first(v) and second(v)
    return lambda v: all(pred(v) for pred in preds)


_SORTED_JSON = json.JSONEncoder(sort_keys=True)


def _unique(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    if all(isinstance(x, str) for x in v):  # speakers, tags: JSON equality is str equality
        return len(set(v)) == len(v)
    if not _plain_json(v):
        return False
    keys = {_SORTED_JSON.encode(x) for x in v}  # json.dumps(x, sort_keys=True), one encoder
    return len(keys) == len(v)


def _compile_schema(schema: dict) -> Any:
    """A predicate that is True only if jsonschema would report no error (False = not sure).

    jsonschema walks ~40 nested validators per record (~1 ms); this closure tree does the same
    subset of keywords in a few microseconds, and jsonschema still words every real error.
    Any keyword outside the subset makes this raise, and jsonschema then does all the work.
    """
    unknown = set(schema) - _IGNORED - {
        "type", "anyOf", "properties", "required", "items", "uniqueItems", "minItems",
        "minLength", "pattern", "format", "additionalProperties",
    }  # fmt: skip
    if unknown or schema.get("additionalProperties", False) is not False:
        raise _Uncompilable(sorted(unknown))
    checks: list[Any] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        checks.append(_any([_TYPES[t] for t in types]))
    if "anyOf" in schema:
        checks.append(_any([_compile_schema(s) for s in schema["anyOf"]]))
    if "format" in schema:
        if schema["format"] not in FORMATS:
            raise _Uncompilable([f"format {schema['format']}"])
        checks.append(FORMATS[schema["format"]])
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search
        checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
    if "minLength" in schema:
        n = schema["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= n)
    props = {k: _compile_schema(s) for k, s in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    closed = "additionalProperties" in schema
    if props or required or closed:

        def _object(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for k in required:
                if k not in v:
                    return False
            for k, value in v.items():
                pred = props.get(k)
                if pred is None:
                    if closed:
                        return False
                elif not pred(value):
                    return False
            return True

        checks.append(_object)
    if "items" in schema:
        item = _compile_schema(schema["items"])

        def _items(v: Any) -> bool:
            if isinstance(v, list):
                for x in v:
                    if not item(x):
                        return False
            return True

        checks.append(_items)
    if "minItems" in schema:
        n_items = schema["minItems"]
        checks.append(lambda v: not isinstance(v, list) or len(v) >= n_items)
    if schema.get("uniqueItems"):
        checks.append(_unique)
    if not checks:
        return lambda v: True
    return _every(checks)


@lru_cache(maxsize=2)
def _fast_valid(name: str) -> Any:
    try:
        return _compile_schema(_load(f"schemas/{name}.json"))
    except (_Uncompilable, KeyError):
        return lambda v: False  # unknown construct: always ask jsonschema


def schema_is_surely_valid(obj: Any, name: str = "video") -> bool:
    """Fast pre-check: True means jsonschema finds nothing (tested against it on the corpus)."""
    return bool(_fast_valid(name)(obj))


def _schema_problems(validator: Callable[..., Any], obj: Any, name: str) -> Iterator[Problem]:
    """jsonschema's wording of each error, asked only when the fast check is not sure."""
    if schema_is_surely_valid(obj, name):
        return
    # An error the data repo's validator (no "uri" format check) also finds is "schema"; one
    # only ours finds is "uri-format" (not upstream).
    upstream = {(tuple(e.absolute_path), e.validator) for e in validator(False).iter_errors(obj)}
    for err in validator().iter_errors(obj):
        field = _path(err.absolute_path)
        if err.validator == "required" and isinstance(err.instance, dict):
            missing = [k for k in err.validator_value if k not in err.instance]
            field = missing[0] if missing else field
        message = err.message if len(err.message) <= 160 else err.message[:157] + "..."
        rule = "schema" if (tuple(err.absolute_path), err.validator) in upstream else "uri-format"
        yield Problem(field, message, rule, RULES[rule].upstream)


def _strip_problem(field: str, value: Any) -> Problem | None:
    if isinstance(value, str) and value != value.strip():
        return Problem(field, f"whitespace at the ends of {value!r}", "whitespace", False)
    return None


def _is_placeholder(value: str) -> bool:
    return value.strip().casefold() in _placeholders()


# Fields a NEW record should carry (FORMAT.md "Expected on every record"); old records in the
# data repo lack many of them, so only the crawl asks for these.
EXPECTED_KEYS = ("description", "speakers", "recorded", "language", "thumbnail_url")


# --------------------------------------------------------------------------- records


def video_problems(record: dict, *, new: bool = False, rst: bool = True) -> list[Problem]:
    """All problems of one video record: schema (upstream) plus our stricter rules.

    ``new=True`` (the crawl) also asks for the keys every new record is expected to carry;
    ``rst=False`` skips docutils (the slow part) when a caller does not want that rule.
    Sorted, so output is deterministic.
    """
    if not isinstance(record, dict):
        return [Problem("(file)", "a video record must be a JSON object", "schema", True)]
    out: list[Problem] = list(_schema_problems(video_validator, record, "video"))

    for key in record:
        if key not in VIDEO_KEYS:
            out.append(Problem(key, f"unknown key {key!r}", "unknown-key", False))
    if new:
        for key in EXPECTED_KEYS:
            if record.get(key) is None:
                out.append(Problem(key, "missing (expected on every record)", "missing-key", False))

    title = record.get("title")
    if isinstance(title, str):
        if not title.strip():
            out.append(Problem("title", "title is empty", "empty-title", False))
        elif _is_placeholder(title) or _TITLE_TODO_RE.search(title):
            out.append(Problem("title", f"placeholder in title {title!r}", "todo", False))
        if _MARKUP_RE.search(title):
            out.append(Problem("title", f"script or style markup in {title!r}", "markup", False))

    lang = record.get("language")
    if isinstance(lang, str) and lang not in languages():
        out.append(
            Problem("language", f"{lang!r} is not a code of languages.json", "language", True)
        )

    recorded = record.get("recorded")
    if isinstance(recorded, str) and _RECORDED_DAY_RE.match(recorded):
        try:
            datetime.fromisoformat(recorded[:19])
        except ValueError:
            out.append(Problem("recorded", f"{recorded!r} is not a real date", "bad-date", False))

    for key in ("description", "summary"):
        text = record.get(key)
        if not isinstance(text, str):
            continue
        for msg in fast_rst_problems(text) if rst else ():
            out.append(Problem(key, msg, "rst", True))
        if key == "description":
            out.extend(_unsafe_links(key, text))
            lines = text.splitlines() if _ANY_TODO_RE.search(text) else ()
            for n, line in enumerate(lines, 1):
                if _LINE_TODO_RE.fullmatch(line.strip()):
                    out.append(
                        Problem(key, f"line {n}: placeholder {line.strip()!r}", "todo", False)
                    )

    out.extend(_speaker_problems(record.get("speakers")))
    out.extend(_tag_problems(record.get("tags")))
    out.extend(_url_problems(record))

    for key in ("title", "language", "slug", "recorded", "copyright_text", "thumbnail_url"):
        p = _strip_problem(key, record.get(key))
        if p:
            out.append(p)
    for i, item in enumerate(record.get("related_urls") or []):
        if isinstance(item, dict):
            for k in ("label", "url"):
                p = _strip_problem(f"related_urls[{i}].{k}", item.get(k))
                if p:
                    out.append(p)
    return sorted(set(out))


def _unsafe_links(key: str, text: str) -> Iterator[Problem]:
    """Links of a description that a record must not carry (``javascript:``, ``data:``...)."""
    if ">`_" not in text and not _BARE_URI_RE.search(text):
        return  # no line can hold one (the usual case): not worth splitting into lines
    for n, line in enumerate(text.splitlines(), 1):
        targets = [m[1] for m in _RST_TARGET_RE.finditer(line)]
        schemes = {t.split(":", 1)[0].lower() for t in targets}
        schemes = {s for s in schemes if s not in ("http", "https", "mailto")}
        schemes |= {m[1].lower() for m in _BARE_URI_RE.finditer(line)}
        for scheme in sorted(schemes):
            yield Problem(key, f"line {n}: a {scheme}: link", "unsafe-link", False)


def _speaker_problems(speakers: Any) -> Iterator[Problem]:
    if not isinstance(speakers, list):
        return
    aliases = speaker_aliases()
    seen: dict[str, int] = {}
    for i, name in enumerate(speakers):
        if not isinstance(name, str):
            continue
        field = f"speakers[{i}]"
        p = _strip_problem(field, name)
        if p:
            yield p
        if _is_placeholder(name):
            yield Problem(field, f"placeholder speaker {name!r}", "todo", False)
        if _MARKUP_RE.search(name):
            yield Problem(field, f"script or style markup in {name!r}", "markup", False)
            continue
        if name in aliases:
            yield Problem(
                field, f"{name!r} is refused: use {aliases[name]!r}", "speaker-alias", True
            )
        parts = split_speakers(name, commas=False)
        if len(parts) > 1:
            yield Problem(field, f"{name!r} names several people: {parts}", "multi-speaker", False)
        key = fold(name)
        if key in seen and speakers[seen[key]] != name:  # exact repeats are a schema error
            yield Problem(
                field,
                f"{name!r} repeats speakers[{seen[key]}] {speakers[seen[key]]!r}",
                "duplicate-speaker",
                False,
            )
        seen.setdefault(key, i)


def _tag_problems(tags: Any) -> Iterator[Problem]:
    if not isinstance(tags, list):
        return
    seen: set[str] = set()
    for i, tag in enumerate(tags):
        if not isinstance(tag, str):
            continue
        field = f"tags[{i}]"
        p = _strip_problem(field, tag)
        if p:
            yield p
        if tag != tag.lower():
            yield Problem(field, f"tag {tag!r} is not lower case", "tags", False)
        key = " ".join(tag.lower().split())
        if key in seen and tag not in tags[:i]:
            yield Problem(field, f"tag {tag!r} repeats another tag", "tags", False)
        seen.add(key)


def _url_problems(record: dict) -> Iterator[Problem]:
    videos = record.get("videos")
    ids: list[str] = []
    if isinstance(videos, list):
        for i, video in enumerate(videos):
            if not isinstance(video, dict) or not isinstance(video.get("url"), str):
                continue
            url = video["url"]
            field = f"videos[{i}].url"
            p = _strip_problem(field, url)
            if p:
                yield p
            vid = _youtube_id(url)
            if vid:
                ids.append(vid)
            if video.get("type") == "youtube" and not CANONICAL_WATCH_RE.fullmatch(url):
                fix = canonical_youtube_url(url)
                how = f"use {fix}" if fix else "not rewritable safely"
                yield Problem(
                    field, f"non-canonical YouTube URL {url!r} ({how})", "youtube-url", False
                )
    thumb = record.get("thumbnail_url")
    if isinstance(thumb, str) and ids:
        m = CANONICAL_THUMB_RE.fullmatch(thumb)
        if m and m.group(1) not in ids:
            yield Problem(
                "thumbnail_url", f"thumbnail of another video {thumb!r}", "thumbnail-url", False
            )
        elif not m and _THUMB_RE.fullmatch(thumb.strip()):
            fix = canonical_thumbnail(thumb)
            how = f"use {fix}" if fix else "not rewritable safely"
            yield Problem(
                "thumbnail_url",
                f"non-canonical thumbnail {thumb!r} ({how})",
                "thumbnail-url",
                False,
            )


def category_problems(category: dict) -> list[Problem]:
    """Problems of one category.json: schema (upstream), empty title, whitespace, date order."""
    if not isinstance(category, dict):
        return [Problem("(file)", "category.json must be a JSON object", "schema", True)]
    out = list(_schema_problems(category_validator, category, "category"))
    title = category.get("title")
    if isinstance(title, str) and not title.strip():
        out.append(Problem("title", "title is empty", "empty-title", False))
    for key in ("title", "url", "start_date", "end_date"):
        p = _strip_problem(key, category.get(key))
        if p:
            out.append(p)
    start, end = _as_date(category.get("start_date")), _as_date(category.get("end_date"))
    if start and end and end < start:
        out.append(
            Problem("end_date", f"end_date {end} before start_date {start}", "category", False)
        )
    return sorted(set(out))


# --------------------------------------------------------------------------- event rules


_EVENT_YEAR_RE = re.compile(r"(?<![0-9])(19[89][0-9]|20[0-9]{2})(?![0-9])")


def event_span(slug: str, category: dict) -> tuple[date, date] | None:
    """The span a talk of this event may be recorded in: both category dates, else the year of
    the one date given, else the year(s) in the event slug."""
    start, end = _as_date(category.get("start_date")), _as_date(category.get("end_date"))
    if start and end:
        return start, end
    if start or end:
        year = (start or end).year
        return date(year, 1, 1), date(year, 12, 31)
    years = sorted({int(y) for y in _EVENT_YEAR_RE.findall(slug)})
    if not years:
        return None
    return date(years[0], 1, 1), date(years[-1], 12, 31)


def _contains(haystack: str, needle: str) -> bool:
    return needle in haystack and bool(_word_re(needle).search(haystack))


@lru_cache(maxsize=1 << 14)
def _word_re(needle: str) -> re.Pattern[str]:
    """``needle`` as a whole word; one compiled pattern per event title or speaker name."""
    return re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")


def _event_title_forms(title: str) -> list[str]:
    """The event's full name (casefolded) as it would appear in a title; too short = none."""
    title = " ".join(title.split()).casefold()
    return [title] if len(title) >= 4 else []


def event_problems(record: dict, span: tuple[date, date] | None, event_title: str) -> list[Problem]:
    """The rules that need the record's event: ``recorded-year``, ``title-event`` and
    ``title-speaker``; shared by check-data and the crawl's review page (one copy of each)."""
    out: list[Problem] = []
    if not isinstance(record, dict):
        return out
    recorded = record.get("recorded")
    if span and isinstance(recorded, str):
        try:
            day = date.fromisoformat(recorded[:10])
        except ValueError:
            day = None
        if day and not span[0] <= day <= span[1]:
            whole_years = (span[0].month, span[0].day, span[1].month, span[1].day) == (1, 1, 12, 31)
            if not whole_years:
                when = f"dates {span[0]}..{span[1]}"
            elif span[0].year == span[1].year:
                when = f"year {span[0].year}"
            else:
                when = f"years {span[0].year}-{span[1].year}"
            msg = f"recorded {recorded} is outside the event's {when}"
            out.append(Problem("recorded", msg, "recorded-year", False))
    title = record.get("title") if isinstance(record.get("title"), str) else ""
    low = " ".join(title.split()).casefold()
    if any(_contains(low, form) for form in _event_title_forms(event_title)):
        msg = f"title contains the event name {event_title!r}"
        out.append(Problem("title", msg, "title-event", False))
    speakers = [s for s in record.get("speakers") or [] if isinstance(s, str)]
    for i, name in enumerate(speakers):
        clean = " ".join(name.split())
        if len(clean.split()) >= 2 and _contains(low, clean.casefold()):
            msg = f"title contains speakers[{i}] {clean!r}"
            out.append(Problem("title", msg, "title-speaker", False))
    return out


def _as_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
