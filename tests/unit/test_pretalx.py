"""pretalx platform: per-field parsing of real API objects and frab exports, and replayed crawls.

Inputs are the real objects of shared/fixtures/schedules (PyCon FR 2024 legacy API, 2025 API,
rC3 2020 frab export), served by the recordings tools/build_pretalx_recordings.py builds. Where a
case has no real example (``do_not_record: true`` in the API, a frab talk after midnight), a
copy of a real object is changed in that one field, and the test says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scrapers.domain.policy import kind_tags
from scrapers.items import Event, Talk
from scrapers.platforms.base import ConfigError
from scrapers.platforms.pretalx import i18n, later_pages, named, not_talk_reason, talk_kind
from scrapers.tooling.httpcache import Recording
from spiders.pretalx import GenericPretalxSpider
from spiders.pycon_fr import PyconFrSpider

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = ROOT / "tests" / "recordings"
PARIS = dt.timezone(dt.timedelta(hours=1))


def pyconfr(year: int) -> Any:
    return PyconFrSpider(year=str(year))


def rc3_spider() -> Any:
    return GenericPretalxSpider(
        pretalx_url="https://pretalx.rc3.studio",
        pretalx_event="rc3-channels-2020",
        event="rc3-channels-2020",
        title="rC3 Channels",
    )


def api_results(spider: Any, folder: str) -> list[tuple[dict[str, Any], str]]:
    """Every submission of the recorded API pages, following ``next``."""
    rec = Recording.open(RECORDINGS / folder)
    url = spider.endpoint_url(spider.edition.opt("api"))
    out = []
    while url:
        entry = rec.get("GET", url)
        assert entry is not None, url
        page = json.loads(entry.body)
        out += [(r, url) for r in page["results"]]
        url = page["next"]
    return out


def parse_api(year: int, only: set[str] | None = None, change: Any = None) -> Event:
    spider = pyconfr(year)
    results = api_results(spider, f"pycon-fr-{year}")
    if only is not None:
        results = [(copy.deepcopy(r), u) for r, u in results if r["code"] in only]
    if change:
        for raw, _ in results:
            change(raw)
    event = spider.new_event()
    spider.parse_submissions(event, results, None)
    return event


def rc3_export() -> dict[str, Any]:
    rec = Recording.open(RECORDINGS / "pretalx-rc3-2020")
    url = "https://pretalx.rc3.studio/rc3-channels-2020/schedule/export/schedule.json"
    entry = rec.get("GET", url)
    assert entry is not None
    return json.loads(entry.body)


class FakeResponse:
    url = "https://pretalx.rc3.studio/rc3-channels-2020/schedule/export/schedule.json"


def parse_rc3(data: dict[str, Any] | None = None) -> Event:
    spider = rc3_spider()
    event = spider.new_event()
    spider.parse_export(event, data or rc3_export(), FakeResponse())
    return event


def talk(event: Event, code: str) -> Talk:
    return next(t for t in event.talks if t.source_id == code)


# -- helpers ------------------------------------------------------------------------------------


def test_i18n_prefers_event_locale_then_en_then_first() -> None:
    value = {"en": "Workshop", "fr": "Atelier"}
    assert i18n(value, "fr") == "Atelier"
    assert i18n(value, "de") == "Workshop"
    assert i18n({"de": "Vortrag", "it": "Talk"}, "fr") == "Vortrag"
    assert i18n("Plain", "fr") == "Plain" and i18n(None) == ""


def test_named_reads_expanded_objects_and_ignores_ids() -> None:
    assert named({"id": 12, "name": {"en": "Short talk", "fr": "Conférence courte"}}) == (
        "Short talk"
    )
    assert named({"en": "Plenary", "fr": "Plénière"}, "fr") == "Plénière"
    assert named(12) == ""


@pytest.mark.parametrize(
    ("type_name", "title", "kind"),
    [
        ("Workshop", "Apprendre à utiliser Open Telemetry", "workshop"),
        ("Lightning Talk", "Lightning talks", "lightning"),
        ("Plenary", "Accueil", "plenary"),
        ("Short talk", "Keynote: x", "keynote"),
        ("Talk 30 min + 10min Q&A", "Der faule Admin", "talk"),
        ("LightningTalk 15min 10min Q&A", "x", "lightning"),
    ],
)
def test_talk_kind(type_name: str, title: str, kind: str) -> None:
    assert talk_kind(type_name, title) == kind


def test_not_talk_reason() -> None:
    assert not_talk_reason(["Lunch", "Déjeuner"]) == "meal"
    assert not_talk_reason(["Sprint"]) == "sprint"
    assert not_talk_reason(["General Assembly", "Assemblée générale"]) is None


def test_spiders_fail_fast_on_missing_configuration() -> None:
    with pytest.raises(ConfigError):
        GenericPretalxSpider(event="x", title="X")
    with pytest.raises(ConfigError):
        GenericPretalxSpider(
            pretalx_url="https://pretalx.com", pretalx_event="x", event="x", api="nope"
        )


# -- legacy API (PyCon FR 2024) ----------------------------------------------------------------


def test_legacy_api_fields_of_a_real_workshop() -> None:
    t = talk(parse_api(2024), "GRRZX9")
    assert t.title == "Apprendre à utiliser Open Telemetry"
    assert t.speakers == ["Adrien Montagu"]
    assert t.start == dt.datetime(2024, 11, 2, 10, 30, tzinfo=PARIS)
    assert t.start.utcoffset() == dt.timedelta(hours=1)
    assert t.raw_start == "2024-11-02T10:30:00+01:00"
    assert t.kind == "workshop"
    assert t.language == "fr"
    assert t.description_format == "markdown" and t.description
    assert t.url == "https://cfp.pycon.fr/pyconfr-2024/talk/GRRZX9/"
    assert t.related_urls == [
        {"label": "Talk page", "url": "https://cfp.pycon.fr/pyconfr-2024/talk/GRRZX9/"},
        {
            "label": "slide",
            "url": "https://cfp.pycon.fr/media/pyconfr-2024/submissions/GRRZX9/resources/"
            "Open_telemetry_atelier_HJuFpI2.pptx",
        },
        {"label": "Conference schedule", "url": "https://www.pycon.fr/2024/fr/schedule.html"},
    ]


def test_legacy_api_skips_lunch_and_sprints_keeps_general_assembly() -> None:
    event = parse_api(2024)
    reasons = [s.reason for s in event.skipped]
    assert reasons.count("meal") == 1 and reasons.count("sprint") == 8
    assert any("Lunch" in s.detail for s in event.skipped if s.reason == "meal")
    assert any("Assemblée générale" in t.title for t in event.talks)
    assert len(event.talks) == 67
    assert {t.language for t in event.talks} == {"fr", "en"}


def test_lightning_talk_gets_its_tag() -> None:
    event = parse_api(2024)
    lightning = [t for t in event.talks if t.kind == "lightning"]
    assert len(lightning) == 1 and "lightning talks" in kind_tags(lightning[0].kind)


# -- 2025 API (PyCon FR 2025) ------------------------------------------------------------------


def test_new_api_fields_of_a_real_talk() -> None:
    t = talk(parse_api(2025), "87KRHE")
    assert t.title == "Tout ce dont votre package a besoin"
    assert t.speakers == ["Joseph Barbier"]
    assert t.start == dt.datetime(2025, 11, 1, 10, 30, tzinfo=PARIS)
    assert t.kind == "talk" and t.language == "fr"
    # resources are unexpanded ids in the fixture: only the talk page and the schedule remain
    assert [u["label"] for u in t.related_urls] == ["Talk page", "Conference schedule"]


def test_new_api_keeps_accepted_talks_and_follows_next() -> None:
    event = parse_api(2025)
    assert len(event.talks) == 74  # 71 confirmed + 4 accepted - lunch
    assert talk(event, "T9AG3X").title == "How to solve a Python mystery"  # state "accepted"
    assert sum(s.reason == "sprint" for s in event.skipped) == 9


def test_other_states_and_do_not_record_are_skipped() -> None:
    # Copies of a real object, changed in the one field under test.
    event = parse_api(2025, {"87KRHE"}, lambda raw: raw.update(state="withdrawn"))
    assert not event.talks and event.skipped[0].reason == "cancelled"
    event = parse_api(2025, {"87KRHE"}, lambda raw: raw.update(do_not_record=True))
    assert not event.talks and event.skipped[0].reason == "do_not_record"


def test_expanded_resources_of_the_2025_api() -> None:
    # The 2025 API expands a resource to {id, resource, description, link}; copy changed so.
    res = {"id": 66, "resource": None, "description": "Slides", "link": "https://ex.org/s"}
    event = parse_api(2025, {"87KRHE"}, lambda raw: raw.update(resources=[res]))
    assert {"label": "Slides", "url": "https://ex.org/s"} in event.talks[0].related_urls


# -- frab export (rC3 2020) --------------------------------------------------------------------


def test_later_pages_of_a_real_first_page() -> None:
    # PyCon FR 2025: 84 submissions, 50 on the first page; its ``next`` is the only later page
    spider = pyconfr(2025)
    rec = Recording.open(RECORDINGS / "pycon-fr-2025")
    first = json.loads(rec.get("GET", spider.endpoint_url("submissions")).body)
    assert later_pages(first) == [first["next"]]
    assert first["next"].endswith("&limit=50&offset=50")


def test_later_pages_step_offset_or_page_up_to_count() -> None:
    base = "https://cfp.example.org/api/events/e/submissions/?expand=slots"
    first = {"count": 201, "results": [{}] * 50, "next": f"{base}&limit=50&offset=50"}
    assert later_pages(first) == [f"{base}&limit=50&offset={n}" for n in (50, 100, 150, 200)]
    paged = {"count": 120, "results": [{}] * 50, "next": f"{base}&page=2"}
    assert later_pages(paged) == [f"{base}&page=2", f"{base}&page=3"]
    # nothing to step, or no count: the pages are found one ``next`` at a time
    assert later_pages({"count": 120, "results": [{}], "next": f"{base}&cursor=cD0y"}) == []
    assert later_pages({"results": [{}] * 50, "next": f"{base}&limit=50&offset=50"}) == []
    assert later_pages({"count": 50, "results": [{}] * 50, "next": None}) == []


def test_frab_export_fields() -> None:
    event = parse_rc3()
    assert event.start_date == dt.date(2020, 12, 27) and event.end_date == dt.date(2020, 12, 30)
    t = talk(event, "MJA8QY")
    assert t.title == "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    assert t.speakers == ["Chris Fiege", "Kasa"]
    assert t.start == dt.datetime(2020, 12, 27, 11, 30, tzinfo=PARIS)
    assert t.start.isoformat() == "2020-12-27T11:30:00+01:00"
    assert t.language == "de"
    assert t.url == "https://pretalx.rc3.studio/rc3-channels-2020/talk/MJA8QY/"
    assert "MON r3s Rhein VHS" in t.tags
    assert len(event.talks) == 45
    assert [s.reason for s in event.skipped] == ["do_not_record"] * 3
    assert {t.language for t in event.talks} == {"de", "en"}


def test_frab_talk_keeps_its_own_date_across_midnight() -> None:
    data = rc3_export()
    day1 = data["schedule"]["conference"]["days"][0]
    assert day1["day_end"].startswith("2020-12-28T03:59")  # the frab day spans midnight
    late = max((e for es in day1["rooms"].values() for e in es), key=lambda e: e["date"])
    assert talk(parse_rc3(data), late["slug"]).start.date() == dt.date(2020, 12, 27)
    # No real rC3 talk starts after midnight: move that one to 00:30, still inside day 1.
    late["date"] = "2020-12-28T00:30:00+01:00"
    moved = talk(parse_rc3(data), late["slug"])
    assert moved.start == dt.datetime(2020, 12, 28, 0, 30, tzinfo=PARIS)


# -- replayed crawls ---------------------------------------------------------------------------


def crawl(tmp_path: Path, spider: str, folder: str, *args: str) -> str:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, *args]
    for key, value in {
        "RECORDING_MODE": "replay",
        "RECORDING_DIR": str(RECORDINGS / folder),
        "PYVIDEO_DATA_DIR": str(tmp_path / "data"),
        "PYVIDEO_REPORT_DIR": str(tmp_path / "reports"),
        "LOG_LEVEL": "INFO",
    }.items():
        cmd += ["-s", f"{key}={value}"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    out = done.stdout + done.stderr
    assert "'finish_reason': 'finished'" in out, out[-3000:]
    assert "not recorded: GET" not in out
    return out


def test_crawl_falls_back_to_the_export(tmp_path: Path) -> None:
    out = crawl(
        tmp_path,
        "pretalx",
        "pretalx-rc3-2020",
        *("-a", "pretalx_url=https://pretalx.rc3.studio", "-a", "pretalx_event=rc3-channels-2020"),
        *("-a", "event=rc3-channels-2020", "-a", "title=rC3 Channels"),
    )
    assert "HTTP 404; trying the talks endpoint" in out
    assert "HTTP 404; trying the export endpoint" in out
    assert "talks seen:         45" in out


@pytest.mark.parametrize(("year", "talks"), [(2024, 67), (2025, 74)])
def test_pycon_fr_crawls_replay(tmp_path: Path, year: int, talks: int) -> None:
    out = crawl(tmp_path, "pycon-fr", f"pycon-fr-{year}", "-a", f"year={year}")
    assert f"talks seen:         {talks}" in out
