"""``scrapy newspider <platform> <name> --year Y --url URL --event SLUG --title TITLE``.

Adding a conference should be one command, a few lines of edits and one test run. Scrapy's
``genspider`` only knows ``name`` and ``domain``; a conference spider needs an edition (year,
event slug, title, platform options parsed from the URL) and a golden case with a recording, so
this command writes all three:

- ``spiders/<name>.py`` from ``scrapers/templates/<platform>.py.tmpl`` (or, when the spider
  exists, the new edition inserted into its ``editions``);
- ``tests/recordings/<name>-<year>/case.json``, the golden case of the edition;
- its recording: ``--from-file PATH`` serves a local export as the answer to the spider's first
  request (a folder for site-data platforms: the repository's files at their paths); otherwise
  the crawl is run once in record mode (needs the network).

The case has no ``expected/`` yet, so the tests fail, naming ``scrapy golden --update <case>``;
the ``TODO`` lines of the spider fail ``scrapy conventions`` until a human fills them in.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import datetime as dt
import hashlib
import importlib
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from scrapers.platforms.options import Options, conforms, declared, describe
from scrapers.platforms.pentabarf import PentabarfOptions
from scrapers.platforms.pretalx import PretalxOptions
from scrapers.platforms.sessionize import SessionizeOptions
from scrapers.platforms.sitedata import FrontMatterOptions, TalksJsonOptions
from scrapers.tooling.conventions import NAME_RE, SLUG_RE, class_name_for, module_for
from scrapers.tooling.crawlcmd import crawl_command, tree_settings
from scrapers.tooling.golden import PROJECT, RECORDINGS
from scrapers.tooling.httpcache import Recording

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# each platform's declaration of Edition.options (its base's ``options_type``): --option KEY
PLATFORM_OPTIONS: dict[str, type[Options]] = {
    "pretalx": PretalxOptions,
    "pentabarf": PentabarfOptions,
    "sessionize": SessionizeOptions,
    "frontmatter": FrontMatterOptions,
    "talksjson": TalksJsonOptions,
    "youtube": Options,
}
PLATFORMS = tuple(PLATFORM_OPTIONS)
YES_NO = {"true": True, "yes": True, "false": False, "no": False}
GITHUB_RE = re.compile(
    r"^https://(?:github\.com/(?P<repo>[^/]+/[^/]+)/(?P<kind>blob|tree)/"
    r"|raw\.githubusercontent\.com/(?P<raw>[^/]+/[^/]+)/)(?P<sha>[^/]+)(?:/(?P<path>.*))?$"
)
SESSIONIZE_RE = re.compile(r"sessionize\.com/api/v2/(?P<id>[\w-]+)")


@dataclass
class Spec:
    """Everything the generated edition says, collected from the arguments and the file."""

    platform: str
    name: str
    year: int
    slug: str
    title: str
    urls: list[str]
    site: str | None = None
    timezone: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    language: str = "eng"
    playlists: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


# -- the platform options, from the URL ---------------------------------------------------------


def platform_options(platform: str, urls: list[str]) -> tuple[dict[str, Any], list[str]]:
    """``Edition.options`` for the platform from ``--url``, and any playlist ids found."""
    url = urls[0]
    if platform == "pretalx":
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if segments[:2] == ["api", "events"]:
            segments = segments[2:]
        if not parts.scheme or not segments:
            raise UsageError(f"--url {url}: give the event's page, https://<instance>/<event>/")
        return {"pretalx_url": f"{parts.scheme}://{parts.netloc}", "pretalx_event": segments[0]}, []
    if platform == "pentabarf":
        return {"schedule_url": url}, []
    if platform == "sessionize":
        m = SESSIONIZE_RE.search(url)
        return {"sessionize_id": m["id"] if m else url.strip("/")}, []
    if platform == "youtube":
        ids = [i for u in urls for i in parse_qs(urlsplit(u).query).get("list", [])]
        if not ids:
            raise UsageError("--url: give playlist URLs, https://www.youtube.com/playlist?list=…")
        return {}, ids
    # site data: GitHub URLs of the files (talksjson) or folders (frontmatter) at a commit
    found = [GITHUB_RE.match(u) for u in urls]
    if not all(found):
        raise UsageError(
            "--url: give GitHub URLs at a commit, https://github.com/<owner>/<repo>/"
            "(blob|tree)/<sha>/<path> (repeat --url for several paths)"
        )
    repo = {m["repo"] or m["raw"] for m in found if m}
    sha = {m["sha"] for m in found if m}
    if len(repo) != 1 or len(sha) != 1:
        raise UsageError("--url: every path must be in the same repository at the same commit")
    paths = []
    for m in found:
        assert m is not None
        path = (m["path"] or "").strip("/")
        paths.append(f"{path}/" if platform == "frontmatter" else path)
    options: dict[str, Any] = {"repo": repo.pop(), "sha": sha.pop(), "paths": tuple(paths)}
    if platform == "frontmatter":
        options["schedule_dir"] = paths[0]
        options["presenters_dir"] = paths[1] if len(paths) > 1 else "TODO/"
    return options, []


def option_value(platform: str, key: str, text: str) -> Any:
    """``--option KEY=VALUE`` as the platform declares the option: text, yes/no or a comma list.

    An option the platform does not declare, or a value of another type (a mapping is written
    in the spider file), is a usage error before any file is written.
    """
    hints = declared(PLATFORM_OPTIONS[platform])
    if key not in hints:
        raise UsageError(f"--option {key}: {platform} has no such option ({', '.join(hints)})")
    commas = tuple(p.strip() for p in text.split(",") if p.strip())
    for value in (text, YES_NO.get(text.lower()), commas):
        if value is not None and conforms(value, hints[key]):
            return value
    raise UsageError(f"--option {key}={text!r}: {platform} wants {describe(hints[key])}")


def sniff_pretalx(data: Any) -> str:
    """Which pretalx endpoint a local export answers: export, submissions or talks."""
    if isinstance(data, dict) and "schedule" in data:
        return "export"
    results = data.get("results") if isinstance(data, dict) else data
    sample = next((r for r in results or [] if isinstance(r, dict)), {})
    return "submissions" if "slots" in sample else "talks"


def frab_conference(data: Any) -> dict[str, Any]:
    """The ``conference`` object of a frab JSON export (empty for anything else)."""
    try:
        return dict(data["schedule"]["conference"])
    except (KeyError, TypeError, ValueError):
        return {}


# -- writing the spider ------------------------------------------------------------------------


def py(value: Any) -> str:
    """A Python literal in ruff-format style (double quotes)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple):
        return "(" + ", ".join(py(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def edition_block(spec: Spec, indent: str = " " * 8) -> str:
    """The ``year: Edition(...)`` entry; unknown values are placeholders marked TODO."""
    y = spec.year

    def date(value: dt.date | None, what: str) -> str:
        if value is None:
            return f"dt.date({y}, 1, 1),  # TODO {what} day"
        return f"dt.date({value.year}, {value.month}, {value.day}),"

    lines = [
        f"{y}: Edition(",
        f"    slug={py(spec.slug)},",
        f"    title={py(spec.title)},",
        f"    start_date={date(spec.start, 'first')}",
        f"    end_date={date(spec.end, 'last')}",
        f"    timezone={py(spec.timezone)},"
        if spec.timezone
        else '    timezone="UTC",  # TODO the venue\'s zone, e.g. "Europe/Paris"',
    ]
    if spec.language != "eng":
        lines.append(f"    language={py(spec.language)},")
    lines.append(
        f"    url={py(spec.site)}," if spec.site else "    url=None,  # TODO the conference website"
    )
    if spec.playlists:
        lines.append(f"    playlists={py(tuple(spec.playlists))},")
    if spec.options:
        lines.append("    options={")
        for key, value in spec.options.items():
            todo = "  # TODO" if "TODO" in str(value) else ""
            lines.append(f"        {py(key)}: {py(value)},{todo}")
        lines.append("    },")
    lines.append("),")
    return "\n".join(indent + line if line else line for line in lines)


def render_spider(spec: Spec) -> str:
    """The module text of a new spider from its platform template."""
    host = urlsplit(spec.urls[0]).netloc or spec.urls[0]
    conference = re.sub(rf"\s*{spec.year}\s*", " ", spec.title).strip() or spec.title
    template = Template((TEMPLATES / f"{spec.platform}.py.tmpl").read_text(encoding="utf-8"))
    return template.substitute(
        conference=conference,
        host=host,
        site=spec.site or "TODO the website",
        classname=class_name_for(spec.name),
        name=spec.name,
        edition=edition_block(spec),
    )


def insert_edition(source: str, spec: Spec) -> str:
    """The spider module with the new edition added at the end of its ``editions`` dict."""
    tree = ast.parse(source)
    # the named spider's class (a module may also hold nameless classes of earlier generations)
    named = [
        cls
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        and any(
            isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "name" for t in n.targets)
            and isinstance(n.value, ast.Constant)
            and n.value.value == spec.name
            for n in cls.body
        )
    ]
    for node in [n for cls in named or [tree] for n in ast.walk(cls)]:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "editions" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            years = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            if spec.year in years:
                raise UsageError(f"{spec.name} already has an edition {spec.year}")
            lines = source.splitlines(keepends=True)
            closing = node.value.end_lineno or 0  # the line of the closing brace
            if lines[closing - 1].strip() != "}":
                break
            indent = re.match(r"\s*", lines[closing - 1])[0] + " " * 4  # type: ignore[index]
            block = edition_block(spec, indent) + "\n"
            return "".join([*lines[: closing - 1], block, *lines[closing - 1 :]])
    raise UsageError(
        "could not find `editions = {...}` ending with a lone '}' line; add it by hand"
    )


# -- the recording -----------------------------------------------------------------------------


def load_spider_class(name: str) -> type[scrapy.Spider]:
    """The spider class of ``spiders/<name>.py``, freshly imported."""
    importlib.invalidate_caches()
    module_name = f"spiders.{module_for(name)}"
    sys.modules.pop(module_name, None)
    module = importlib.import_module(module_name)
    return next(
        v
        for v in vars(module).values()
        if isinstance(v, type) and v.__module__ == module_name and getattr(v, "name", "") == name
    )


def first_request(cls: type[scrapy.Spider], settings: Settings, year: int) -> scrapy.Request:
    """The first request the spider's ``start()`` yields for the edition."""
    spider = cls.from_crawler(Crawler(cls, settings), year=str(year))

    async def first() -> scrapy.Request:
        async for item in spider.start():
            if isinstance(item, scrapy.Request):
                return item
        raise UsageError(f"{cls.name}: start() yielded no request")

    return asyncio.run(first())


def content_type(path: Path) -> str:
    return {
        ".json": "application/json",
        ".xml": "application/xml",
        ".html": "text/html; charset=utf-8",
    }.get(path.suffix.lower(), "text/plain; charset=utf-8")


def tree_listing(repo: str, files: dict[str, bytes]) -> bytes:
    """A GitHub ``git/trees/<sha>?recursive=1`` answer listing ``files`` (path -> content)."""
    api = f"https://api.github.com/repos/{repo}/git"
    entries = []
    for path, body in sorted(files.items()):
        sha = hashlib.sha1(f"blob {len(body)}\0".encode() + body).hexdigest()
        entries.append(
            {"path": path, "mode": "100644", "type": "blob", "sha": sha, "size": len(body)}
            | {"url": f"{api}/blobs/{sha}"}
        )
    return json.dumps({"tree": entries, "truncated": False}, indent=2).encode() + b"\n"


def record_from_file(
    cls: type[scrapy.Spider], settings: Settings, spec: Spec, source: Path, folder: Path
) -> int:
    """Build the recording of the edition from a local file (or repository folder)."""
    rec = Recording.open(folder)
    request = first_request(cls, settings, spec.year)
    if source.is_dir():
        if spec.platform not in ("frontmatter", "talksjson"):
            raise UsageError(f"--from-file {source}: a folder only serves site-data platforms")
        spider = cls.from_crawler(Crawler(cls, settings), year=str(spec.year))
        wanted = tuple(spec.options["paths"])
        files = {
            p.relative_to(source).as_posix(): p.read_bytes()
            for p in sorted(source.rglob("*"))
            if p.is_file() and p.relative_to(source).as_posix().startswith(wanted)
        }
        if not files:
            raise UsageError(f"--from-file {source}: no file under {', '.join(wanted)}")
        if any(p.endswith("/") for p in wanted):
            rec.add(spider.tree_url(), tree_listing(spec.options["repo"], files))  # type: ignore[attr-defined]
        for path, body in files.items():
            rec.add(spider.raw_url(path), body, content_type="text/plain; charset=utf-8")  # type: ignore[attr-defined]
    else:
        body = source.read_bytes()
        if spec.platform == "pretalx" and spec.options.get("api") != "export":
            data = json.loads(body)
            if isinstance(data, list):  # a bare list of submissions: one API page
                page = {"count": len(data), "next": None, "previous": None, "results": data}
                body = json.dumps(page, ensure_ascii=False, indent=1).encode()
        rec.add(request.url, body, content_type=content_type(source), method=request.method)
    rec.save()
    return len(rec)


def record_live(spec: Spec, folder: Path, settings: dict[str, str]) -> bool:
    """Run the crawl once in record mode (network needed); False when nothing was recorded."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = crawl_command(
            spec.name,
            {"year": spec.year},
            {**tree_settings(Path(tmp), folder, mode="record"), **settings},
        )
        proc = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, check=False)
    index = folder / "index.json"
    entries = json.loads(index.read_text("utf-8")).get("entries", []) if index.exists() else []
    ok = proc.returncode == 0 and any(e.get("status") == 200 for e in entries)
    if not ok:
        print(proc.stderr[-2000:])
    return ok


# -- the command -------------------------------------------------------------------------------


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # no spider loader: a broken spider must not stop us
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return (
            "<platform> <name> --year YYYY --url URL --event SLUG --title TITLE [--from-file PATH]"
        )

    def short_desc(self) -> str:
        return "Write a conference spider (or a new edition), its golden case and its recording"

    def long_desc(self) -> str:
        return (
            f"Platforms: {', '.join(PLATFORMS)}. --url is the pretalx event page, the "
            "schedule export, the Sessionize API URL, GitHub URLs at a commit (site data: "
            "files for talksjson, folders for frontmatter) or playlist URLs (youtube). "
            "See CONTRIBUTING.md."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--url", action="append", required=True, help="repeatable")
        parser.add_argument("--event", required=True, help="event folder slug, <name>-<year>")
        parser.add_argument("--title", required=True, help='category.json title, "PyCon X 2025"')
        parser.add_argument("--from-file", type=Path, help="local export to record from")
        parser.add_argument("--site", help="the conference website")
        parser.add_argument("--timezone", help="Olson name of the venue, e.g. Europe/Paris")
        parser.add_argument("--start", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD")
        parser.add_argument("--language", default="eng", help="ISO 639-3 code (default eng)")
        parser.add_argument("--playlist", action="append", default=[], help="YouTube id")
        parser.add_argument(
            "--option", action="append", default=[], metavar="KEY=VALUE", help="Edition option"
        )
        parser.add_argument("--no-record", action="store_true", help="skip the live recording")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2:
            raise UsageError("give <platform> <name>")
        platform, name = args
        if platform not in PLATFORMS:
            raise UsageError(f"platform {platform!r}: one of {', '.join(PLATFORMS)}")
        if not NAME_RE.match(name):
            raise UsageError(f"name {name!r}: lowercase words joined by '-', e.g. pycon-fr")
        if not SLUG_RE.match(opts.event) or str(opts.year) not in opts.event:
            raise UsageError(f"--event {opts.event!r}: lowercase slug with the year, {name}-YYYY")
        spec = self.spec(platform, name, opts)
        spider_file = PROJECT / "spiders" / f"{module_for(name)}.py"
        case_name = f"{name}-{spec.year}"
        folder = RECORDINGS / case_name
        if (folder / "case.json").exists():
            raise UsageError(f"{folder}/case.json exists already")
        if spider_file.exists():
            spider_file.write_text(insert_edition(spider_file.read_text("utf-8"), spec), "utf-8")
            print(f"added edition {spec.year} to {spider_file.relative_to(PROJECT)}")
        else:
            spider_file.write_text(render_spider(spec), encoding="utf-8")
            print(f"wrote {spider_file.relative_to(PROJECT)}")
        case_settings = {"YOUTUBE_API_KEY": "replay-key"} if spec.playlists else {}
        case = {"spider": name, "args": {"year": str(spec.year)}}
        if case_settings:
            case["settings"] = case_settings
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(case, indent=2, sort_keys=True) + "\n"
        (folder / "case.json").write_text(text, encoding="utf-8")
        print(f"wrote {(folder / 'case.json').relative_to(PROJECT)}")
        rel = folder.relative_to(PROJECT)
        assert self.settings is not None
        if opts.from_file:
            cls = load_spider_class(name)
            count = record_from_file(cls, self.settings, spec, opts.from_file, folder)
            print(f"recorded {rel}/ from {opts.from_file} ({count} entries)")
        elif opts.no_record or not record_live(spec, folder, case_settings):
            print(
                f"NOT RECORDED: run, with network,\n  scrapy crawl {name} -a year={spec.year} "
                f"-s RECORDING_MODE=record -s RECORDING_DIR={rel}"
            )
        else:
            print(f"recorded {rel}/ from the live site")
        print(
            "Next:\n"
            f"  1. fill in the TODO lines of spiders/{module_for(name)}.py"
            " (scrapy conventions lists them)\n"
            f"  2. scrapy golden --update {case_name}   # writes {rel}/expected/: review it\n"
            f"  3. python -m pytest -k {name}"
        )

    def spec(self, platform: str, name: str, opts: argparse.Namespace) -> Spec:
        """The edition to write, from the arguments and (when given) the local export."""
        options, playlists = platform_options(platform, opts.url)
        spec = Spec(
            platform=platform,
            name=name,
            year=opts.year,
            slug=opts.event,
            title=" ".join(opts.title.split()),
            urls=opts.url,
            site=opts.site,
            timezone=opts.timezone,
            start=opts.start,
            end=opts.end,
            language=opts.language,
            playlists=[*playlists, *opts.playlist],
            options=options,
        )
        if opts.from_file and opts.from_file.is_file() and opts.from_file.suffix == ".json":
            data = json.loads(opts.from_file.read_bytes())
            if platform == "pretalx":
                spec.options["api"] = sniff_pretalx(data)
            conference = frab_conference(data)  # frab JSON knows the dates and the zone
            spec.timezone = spec.timezone or conference.get("time_zone_name")
            for attr in ("start", "end"):
                value = str(conference.get(attr) or "")[:10]
                if getattr(spec, attr) is None and re.match(r"\d{4}-\d\d-\d\d$", value):
                    setattr(spec, attr, dt.date.fromisoformat(value))
        if platform == "youtube" and opts.from_file:
            raise UsageError("youtube: record live (several API calls), not --from-file")
        if platform == "sessionize" and not spec.timezone:
            raise UsageError("sessionize: times have no offset; give --timezone <Olson name>")
        for item in opts.option:
            key, sep, value = item.partition("=")
            if not sep:
                raise UsageError(f"--option {item!r}: KEY=VALUE")
            spec.options[key] = option_value(platform, key, value)
        return spec
