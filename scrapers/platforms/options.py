"""Typed edition options: each platform base declares, as a dataclass, what its editions may say.

A conference spider writes its editions as data, ``Edition(..., options={"repo": ..., ...})``.
The platform base declares what that dict may hold (``options_type``, a frozen dataclass
subclassing ``Options``): each field is an option, its annotation the accepted type, its default
what an edition that leaves it out gets. ``ConferenceSpider`` checks every edition against the
declaration once, when the spider class is defined, so a misspelt key, a missing repository or a
string where a tuple belongs is one error naming the spider, the year and the key, instead of a
crawl that quietly reads nothing. The conventions check and ``scrapy newspider`` read the same
declaration; the base reads typed values (``self.options.repo``).

Two marks a field may carry (``option(...)``): ``required``, every edition of the spider's table
gives it (an edition built from arguments may still lack it: the base then names the argument
that supplies it, e.g. ``-a source=`` instead of a repository); ``edition_only``, the value belongs
to its edition and is not carried over to a year given by arguments (a pinned commit).

No Scrapy import: the declarations are plain data, readable by tools that load no spider.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

REQUIRED = "required"
EDITION_ONLY = "edition_only"

OptionsT = TypeVar("OptionsT", bound="Options")


def option(
    default: Any = None,
    *,
    required: bool = False,
    edition_only: bool = False,
    default_factory: Callable[[], Any] | None = None,
) -> Any:
    """A declared option with its marks (see the module docstring)."""
    metadata = {REQUIRED: required, EDITION_ONLY: edition_only}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class Options:
    """The options every platform reads (``ConferenceSpider``); a base's declaration extends it.

    ``__post_init__`` of a subclass may raise ``ValueError`` for a rule types cannot say (a
    ``fields`` map without ``title``); the message is reported like a type error.
    """

    # the PeerTube source of the recordings, "<instance>/c/<channel>" or {instance, channel, ...}
    # (scrapers/videohosts: parse_spec); -a peertube=... replaces it
    peertube: str | Mapping[str, str] | None = None


class OptionsError(ValueError):
    """The options of one edition break the declaration; ``problems`` says how, one per key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@cache
def declared(options_type: type[Options]) -> dict[str, Any]:
    """Option name -> its resolved type annotation."""
    hints = get_type_hints(options_type)
    return {f.name: hints[f.name] for f in fields(options_type)}


def required_options(options_type: type[Options]) -> tuple[str, ...]:
    """The options every edition of a spider's table must give."""
    return tuple(f.name for f in fields(options_type) if f.metadata.get(REQUIRED))


def edition_only_options(options_type: type[Options]) -> tuple[str, ...]:
    """The options never carried over to an edition given by arguments."""
    return tuple(f.name for f in fields(options_type) if f.metadata.get(EDITION_ONLY))


def default_of(options_type: type[Options], name: str) -> Any:
    """The declared default of an option."""
    found = next(f for f in fields(options_type) if f.name == name)
    if found.default_factory is not MISSING:
        return found.default_factory()
    return found.default


def is_given(value: Any) -> bool:
    """Whether a value counts as given for a required option (None, "" and () do not)."""
    return value is not None and value != "" and value != () and value != {}


def describe(hint: Any) -> str:
    """A type annotation as a reader writes it: ``tuple[str, ...]``, ``str or None``."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in get_args(hint))
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(hint))
    if hint is type(None):
        return "None"
    if origin is not None:
        args = ", ".join("..." if a is Ellipsis else describe(a) for a in get_args(hint))
        return f"{origin.__name__}[{args}]"
    return getattr(hint, "__name__", str(hint))


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` has the annotated type (the shapes options use: scalars, unions,
    ``Literal``, ``tuple[T, ...]``, ``dict[K, V]``, ``Any``)."""
    if hint is Any:
        return True
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        return any(conforms(value, a) for a in args)
    if origin is Literal:
        return value in args
    if hint is type(None):
        return value is None
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(conforms(v, args[0]) for v in value)
        return len(value) == len(args) and all(
            conforms(v, a) for v, a in zip(value, args, strict=True)
        )
    if origin in (dict, Mapping):
        key, item = args or (Any, Any)
        return isinstance(value, dict) and all(
            conforms(k, key) and conforms(v, item) for k, v in value.items()
        )
    if hint is int or hint is float:  # a bool is no number here; an int is a float
        numbers = (int, float) if hint is float else (int,)
        return isinstance(value, numbers) and not isinstance(value, bool)
    return isinstance(value, hint)


def option_problems(
    options_type: type[Options], values: Mapping[str, Any], *, complete: bool = True
) -> list[str]:
    """What is wrong with an edition's options, one line per key (empty when nothing is).

    ``complete``: the edition is one of the spider's table, so every required option is due.
    """
    known = declared(options_type)
    problems = []
    for key in values:
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
            problems.append(f"unknown option {key!r} ({hint})")
    if complete:
        missing = [k for k in required_options(options_type) if not is_given(values.get(k))]
        if missing:
            problems.append(f"lacks options {missing}")
    for key, value in values.items():
        if key in known and not conforms(value, known[key]):
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            problems.append(f"option {key!r}: {shown} is not {describe(known[key])}")
    if not problems:
        try:
            options_type(**values)
        except ValueError as exc:  # a rule of the declaration's __post_init__
            problems.append(str(exc))
    return problems


def read_options(
    options_type: type[OptionsT], values: Mapping[str, Any], *, complete: bool = True
) -> OptionsT:
    """The typed options of ``values``; ``OptionsError`` listing every problem otherwise."""
    problems = option_problems(options_type, values, complete=complete)
    if problems:
        raise OptionsError(problems)
    return options_type(**values)
