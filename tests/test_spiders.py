"""Offline smoke test over every spider of ``scrapy list``: a new spider is covered for free.

Each spider loads, its editions are valid, ``start()`` yields a request for every edition (or,
for a generic spider, for the sample arguments below), and that request is in the edition's
golden-case recording, so the replayed crawl can begin. Nothing here touches the network.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler, get_reactor_settings

from scrapers.tooling.conventions import (
    all_editions,
    case_for,
    edition_problems,
    recording_problems,
)
from scrapers.tooling.golden import RECORDINGS, Case, cases
from scrapers.tooling.httpcache import Recording

SETTINGS = get_project_settings()
LOADER = SpiderLoader.from_settings(SETTINGS)
CASES = cases()

# Spiders without editions take their edition on the command line: arguments that make
# start() work, and the recording (under tests/recordings/) that holds the first request.
SAMPLE_ARGS: dict[str, tuple[dict[str, str], str]] = {
    "pretalx": (
        {
            "pretalx_url": "https://pretalx.rc3.studio",
            "pretalx_event": "rc3-channels-2020",
            "api": "export",
            "event": "rc3-channels-2020",
            "title": "rC3 Channels 2020",
        },
        "pretalx-rc3-2020",
    ),
    "pentabarf": (
        {
            "schedule_url": "https://debconf17.debconf.org/schedule/pentabarf.xml",
            "event": "debconf-17",
            "title": "DebConf 17",
        },
        "pentabarf-debconf17",
    ),
    "sessionize": (
        {
            "sessionize_id": "gaa2024",
            "timezone": "Europe/Vienna",
            "event": "global-azure-austria-2024",
            "title": "Global Azure Austria 2024",
        },
        "sessionize-global-azure-austria-2024",
    ),
    "youtube": (
        {"playlist": "PLoumn5BIsUDeGF1vy5Nylf_RJKn5aL_nr", "event": "pycon-x-2024"},
        "youtube/keyless-legacy",
    ),
}
# Editions whose golden case another change is adding (tests/recordings/<case> holds the
# recording, case.json and expected/ are missing). Strict: delete the entry once it is there.
KNOWN_GAPS: set[tuple[str, int]] = set()


def targets() -> list[Any]:
    """(spider, year) for every edition, (spider, None) for a generic spider."""
    found = []
    for name in LOADER.list():
        editions = all_editions(LOADER.load(name))  # earlier generations' years included
        found += [pytest.param(name, year, id=f"{name}-{year}") for year in sorted(editions)]
        if not editions:
            found.append(pytest.param(name, None, id=f"{name}-generic"))
    return found


def first_request(cls: type[scrapy.Spider], settings: dict[str, Any], **kwargs: str) -> Any:
    """The first item of ``start()``, the spider built through a crawler as in a crawl."""
    # start() needs no reactor, and installs none: the crawler takes the reactor settings of
    # this process (reactorless, or the asyncio reactor the in-process golden crawls run).
    merged = {**SETTINGS.copy_to_dict(), **settings, **get_reactor_settings()}
    spider = cls.from_crawler(get_crawler(cls, settings_dict=merged), **kwargs)

    async def first() -> Any:
        async for item in spider.start():
            return item
        return None

    return asyncio.run(first())


def smoke_problems(
    loader: SpiderLoader, name: str, year: int | None, known: list[Case], root: Path = RECORDINGS
) -> list[str]:
    """Why the spider (at this edition, or with its sample arguments) cannot start a replay."""
    try:
        cls = loader.load(name)
    except Exception as exc:
        return [f"does not load: {exc!r}"]
    mine = f"edition {year}:"
    problems = [p for p in edition_problems(cls) if year is None or p.startswith(mine)]
    if cls.name != name:
        problems.append(f"loaded as {name!r} but named {cls.name!r}")
    if year is None:
        if name not in SAMPLE_ARGS:
            return [*problems, "generic spider: add its sample arguments to SAMPLE_ARGS"]
        kwargs, folder = SAMPLE_ARGS[name]
        settings: dict[str, Any] = {}
    else:
        case = case_for(name, year, known)
        if case is None:
            return [*problems, f"edition {year} has no golden case"]
        kwargs, folder, settings = {"year": str(year)}, case.name, case.settings
    try:
        request = first_request(cls, settings, **kwargs)
    except Exception as exc:
        return [*problems, f"start() failed: {exc!r}"]
    if not isinstance(request, scrapy.Request):
        return [*problems, f"start() yielded {request!r}, not a Request"]
    if not Recording.open(root / folder).get(request.method, request.url, request.body):
        problems.append(
            f"the first request {request.url} is not in tests/recordings/{folder}: record it "
            "again (CONTRIBUTING.md, 'Recording a fixture')"
        )
    return problems


def test_spiders_are_listed():
    assert len(LOADER.list()) >= 10


@pytest.mark.parametrize(("name", "year"), targets())
def test_spider_starts_from_its_recording(
    name: str, year: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("YOUTUBE_API_KEY", raising=False)  # recordings hold keyless URLs
    if year is not None and case_for(name, year, CASES) is None:
        pytest.skip("no golden case: test_edition_has_golden_case says what to do")
    assert smoke_problems(LOADER, name, year, CASES) == []


@pytest.mark.parametrize(("name", "year"), [p for p in targets() if p.values[1] is not None])
def test_edition_has_golden_case(name: str, year: int, request: pytest.FixtureRequest) -> None:
    if (name, year) in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="golden case being added"))
    problems = recording_problems(LOADER.load(name), CASES)
    assert [p for p in problems if p.startswith(f"edition {year}:")] == []
