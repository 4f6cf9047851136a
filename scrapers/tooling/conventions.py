"""The conventions every spider module follows, checked in one place.

Run by ``scrapy conventions [FILE ...]`` (and the pre-commit hook of that name) and by
``tests/test_conventions.py``, so a contributor learns about a slip before a reviewer does.
One line per problem: ``<file>: <rule>: <message>``. The rules (CONTRIBUTING.md explains them):

- ``import``: the module imports (a platform's ``__init_subclass__`` check runs here);
- ``one-spider``: exactly one spider class is defined in the module;
- ``name``: ``name`` is the file name with ``_`` written ``-`` (``spiders/pycon_fr.py`` is
  ``pycon-fr``): lowercase words joined by ``-``;
- ``class-name``: ``PyconFrSpider`` for ``pycon-fr`` (``Generic`` prefix allowed for a spider
  without editions, which would otherwise shadow its platform base class);
- ``docstring``: the module docstring has ``Conference:``, ``Platform:`` and ``Caveats:`` lines,
  in that order, each starting a line with text after the colon; ``Platform:`` names a base
  class in double backticks;
- ``todo``: no ``TODO`` left (``scrapy newspider`` writes them where a human must decide);
- ``edition``: event slug and title, dates, timezone, language, and the options the platform
  declares (``options_type``: no unknown key, every required one, each of its type);
- ``recording``: each edition has a golden case ``tests/recordings/<case>/case.json`` naming the
  spider and year, with an ``index.json`` recording and an ``expected/`` tree.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.utils.spider import iter_spider_classes

from scrapers.platforms.base import ConferenceSpider, Edition
from scrapers.tooling.golden import RECORDINGS, Case, cases

NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{3}$")  # ISO 639-3, as pyvideo-data writes it
SECTIONS = ("Conference", "Platform", "Caveats")
SECTION_RE = re.compile(r"^(Conference|Platform|Caveats):[ \t]*(\S.*)?$", re.M)
BASE_RE = re.compile(r"``(?:[\w.]+\.)?(\w+)``")
NEEDS_TIMEZONE = ("SessionizeSpider",)  # times without offsets
NEEDS_PLAYLIST = ("YoutubeSpider",)


@dataclass(frozen=True)
class Problem:
    """One broken convention, printed as ``<where>: <rule>: <message>``."""

    where: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.message}"


def module_for(name: str) -> str:
    """The module a spider name lives in: ``pycon-fr`` -> ``pycon_fr`` (an importable name)."""
    return name.replace("-", "_")


def class_name_for(name: str) -> str:
    """The class name a spider name implies: ``pycon-fr`` -> ``PyconFrSpider``."""
    return "".join(part.capitalize() for part in name.split("-")) + "Spider"


def mro_names(cls: type) -> list[str]:
    """Names of the spider's base classes (itself excluded)."""
    return [c.__name__ for c in cls.__mro__[1:]]


def docstring_problems(doc: str | None, cls: type) -> list[str]:
    """What the module docstring lacks (see the module docstring for the format)."""
    if not doc or not doc.strip():
        return ["no module docstring (first line, then Conference: / Platform: / Caveats:)"]
    matches = list(SECTION_RE.finditer(doc))
    names = [m.group(1) for m in matches]
    out = [f"no line starting with {s + ':'!r}" for s in SECTIONS if s not in names]
    out += [f"{s + ':'!r} appears {names.count(s)} times" for s in SECTIONS if names.count(s) > 1]
    if not out and names != list(SECTIONS):
        out.append(f"sections in the order {', '.join(SECTIONS)} (found {', '.join(names)})")
    out += [f"{m.group(1) + ':'!r} has no text on its line" for m in matches if not m.group(2)]
    for i, m in enumerate(matches):
        if m.group(1) != "Platform":
            continue
        end = matches[i + 1].start() if i + 1 < len(matches) else len(doc)
        text = doc[m.start(2) : end].split("\n\n", 1)[0]
        if not set(BASE_RE.findall(text)) & set(mro_names(cls)):
            bases = " or ".join(f"``{n}``" for n in mro_names(cls)[:2])
            out.append(f"'Platform:' names no base class of {cls.__name__} (e.g. {bases})")
    return out


def all_editions(cls: type) -> dict[Any, Any]:
    """The editions the spider name serves, its ``generations``' included (earlier sites)."""
    found: dict[Any, Any] = {}
    for owner in (*getattr(cls, "generations", ()), cls):
        found.update(getattr(owner, "editions", {}) or {})
    return found


def edition_problems(cls: type) -> list[str]:
    """What is wrong with the spider's editions (empty for a generic spider).

    The editions of ``generations`` are checked against their own class's platform.
    """
    out: list[str] = []
    for owner in (*getattr(cls, "generations", ()), cls):
        out += _owned_edition_problems(owner)
    return out


def _owned_edition_problems(cls: type) -> list[str]:
    editions: dict[Any, Any] = getattr(cls, "editions", {}) or {}
    out: list[str] = []
    bases = [*mro_names(cls), cls.__name__]
    for year, ed in editions.items():
        where = f"edition {year!r}"
        if not isinstance(year, int) or not 1990 <= year <= 2100:
            out.append(f"{where}: the key must be the year as an int")
        if not isinstance(ed, Edition):
            out.append(f"{where}: not an Edition")
            continue
        out += [f"{where}: {p}" for p in _edition_fields(year, ed)]
        if isinstance(cls, type) and issubclass(cls, ConferenceSpider):
            # the platform's own declaration, as its class definition checked it
            declared = cls.options_type.__name__
            out += [f"{where}: {p} ({declared})" for p in cls.check_options(ed)]
        if any(b in bases for b in NEEDS_TIMEZONE) and not ed.timezone:
            out.append(f"{where}: this platform's times have no offset: set timezone")
        if any(b in bases for b in NEEDS_PLAYLIST) and not ed.playlists:
            out.append(f"{where}: set playlists (the YouTube playlist ids)")
    return out


def _edition_fields(year: Any, ed: Edition) -> list[str]:
    out: list[str] = []
    if not SLUG_RE.match(ed.slug or ""):
        out.append(f"event slug {ed.slug!r}: lowercase letters, digits and single '-'")
    elif str(year) not in ed.slug:
        out.append(f"event slug {ed.slug!r} does not contain the year {year}")
    if not ed.title or ed.title != " ".join(ed.title.split()):
        out.append(f"title {ed.title!r}: one line, no surrounding spaces")
    dates = [d for d in (ed.start_date, ed.end_date) if d is not None]
    if any(not isinstance(d, dt.date) for d in dates):
        out.append("start_date/end_date must be datetime.date")
    elif len(dates) == 2 and dates[0] > dates[1]:
        out.append(f"start_date {dates[0]} is after end_date {dates[1]}")
    elif isinstance(year, int) and dates and all(d.year != year for d in dates):
        out.append(f"dates {', '.join(map(str, dates))} are not in {year}")
    if ed.timezone:
        try:
            ZoneInfo(ed.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            out.append(f"timezone {ed.timezone!r} is not an IANA zone (e.g. Europe/Paris)")
    if not LANGUAGE_RE.match(ed.language or ""):
        out.append(f"language {ed.language!r}: an ISO 639-3 code such as 'eng'")
    if isinstance(ed.playlists, str) or not all(isinstance(p, str) for p in ed.playlists):
        out.append("playlists must be a tuple of playlist id strings")
    return out


def case_for(spider: str, year: int, known: Iterable[Case]) -> Case | None:
    """The golden case that replays this spider's edition, if any."""
    for case in known:
        if case.spider == spider and case.args.get("year") == str(year):
            return case
    return None


def recording_problems(cls: type, known: list[Case], root: Path = RECORDINGS) -> list[str]:
    """Editions without a golden case, a recording or expectations (what to run is named)."""
    out: list[str] = []
    for year in sorted(all_editions(cls)):
        case = case_for(cls.name, year, known)
        hint = f"tests/recordings/{cls.name}-{year}"
        if case is None and (root / f"{cls.name}-{year}" / "index.json").exists():
            out.append(
                f"edition {year}: {hint} holds a recording but no case.json: add "
                f'{{"spider": "{cls.name}", "args": {{"year": "{year}"}}}} there, then run '
                f"`scrapy golden --update {cls.name}-{year}` and review the expected/ tree"
            )
        elif case is None:
            out.append(
                f"edition {year}: no golden case (a {hint}/case.json with "
                f'"spider": "{cls.name}", "args": {{"year": "{year}"}}; `scrapy newspider` '
                "writes one)"
            )
        elif not (case.folder / "index.json").exists():
            out.append(
                f"edition {year}: case {case.name} has no recording: scrapy crawl {cls.name} "
                f"-a year={year} -s RECORDING_MODE=record -s RECORDING_DIR={hint}"
            )
        elif not case.expected.is_dir():
            out.append(
                f"edition {year}: case {case.name} has no expectations: run "
                f"`scrapy golden --update {case.name}` and review tests/recordings/"
                f"{case.name}/expected/ (git diff) before committing; if it writes 0 files, "
                "the crawl found no recording: give the edition its playlists"
            )
    return out


def spider_problems(
    module: ModuleType, file: Path, known: list[Case] | None = None, root: Path = RECORDINGS
) -> list[Problem]:
    """Every convention the spider module ``module`` (loaded from ``file``) breaks."""
    where = relative(file)
    found = [c for c in iter_spider_classes(module) if c.__module__ == module.__name__]
    if len(found) != 1:
        names = ", ".join(c.__name__ for c in found) or "none"
        return [Problem(where, "one-spider", f"one spider class per module (found {names})")]
    cls = found[0]
    out: list[tuple[str, str]] = []
    if module_for(cls.name) != file.stem:
        out.append(
            ("name", f"name {cls.name!r} differs from the file name {file.stem!r} (use _ for -)")
        )
    if not NAME_RE.match(cls.name):
        out.append(("name", f"name {cls.name!r}: lowercase words joined by '-'"))
    wanted = class_name_for(cls.name)
    allowed = {wanted} | ({"Generic" + wanted} if not getattr(cls, "editions", None) else set())
    if cls.__name__ not in allowed:
        out.append(("class-name", f"class {cls.__name__} should be {wanted}"))
    out += [("docstring", p) for p in docstring_problems(module.__doc__, cls)]
    source = file.read_text(encoding="utf-8") if file.exists() else ""
    for number, line in enumerate(source.splitlines(), 1):
        if "TODO" in line:
            out.append(("todo", f"line {number}: {line.strip()}"))
    out += [("edition", p) for p in edition_problems(cls)]
    known = cases(root) if known is None else known
    out += [("recording", p) for p in recording_problems(cls, known, root)]
    return [Problem(where, rule, message) for rule, message in out]


def spider_files(packages: Iterable[str]) -> list[tuple[str, Path]]:
    """(module name, file) of every module in the SPIDER_MODULES packages."""
    found = []
    for package in packages:
        pkg = importlib.import_module(package)
        for info in pkgutil.iter_modules(pkg.__path__):
            module = f"{package}.{info.name}"
            path = Path(pkg.__path__[0]) / f"{info.name}.py"
            found.append((module, path))
    return sorted(found)


def check(
    packages: Iterable[str], files: Iterable[str | Path] | None = None, root: Path = RECORDINGS
) -> list[Problem]:
    """Check every spider module of ``packages`` (only ``files`` when given)."""
    wanted = {Path(f).resolve() for f in files} if files is not None else None
    known = cases(root)
    problems: list[Problem] = []
    for module_name, path in spider_files(packages):
        if wanted is not None and path.resolve() not in wanted:
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # any import error is the finding
            problems.append(Problem(relative(path), "import", f"{type(exc).__name__}: {exc}"))
            continue
        problems += spider_problems(module, path, known, root)
    return problems


def relative(path: Path) -> str:
    """A path relative to the current folder when it is below it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
