"""The pentabarf platform on the real exports: fields, timezone traps, and command-line crawls."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.platforms.pentabarf import (
    PentabarfSpider,
    break_reason,
    clean_title,
    parse_schedule_body,
)
from tests.shared import SCHEDULES, needs

FIXTURES = SCHEDULES
ROOT = Path(__file__).resolve().parents[2]
pytestmark = needs(FIXTURES)


class Generic(PentabarfSpider):
    name = "pentabarf-test"


def build(spider: PentabarfSpider, fixture: str):
    """(event, talks by id) as the spider builds them, without a crawl."""
    _kind, conference, raws = parse_schedule_body((FIXTURES / fixture).read_bytes())
    event = spider.new_event()
    spider._conference_defaults(event, conference)
    starts = spider._starts(event, raws, conference.get("day_change", ""))
    talks = [spider.build_talk(event, r, starts.get(id(r)), "x") for r in raws]
    return event, {t.source_id: t for t in talks if t is not None}


def pycon_es(year: int):
    return importlib.import_module("spiders.pycon_es").PyconEsSpider(year=str(year))


def test_pycon_es_2016_offset_trap(caplog):
    """<date> says +0100 in October (CEST): the wall clock is taken in Europe/Madrid."""
    _event, talks = build(pycon_es(2016), "pentabarf-xml/pycon-es-2016.xml")
    start = talks["1"].start
    assert start == dt.datetime(2016, 10, 7, 15, 0, tzinfo=start.tzinfo)
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert "pycon-es-2016" in caplog.text and "disagree with Europe/Madrid" in caplog.text


def test_pycon_es_2015_offset_is_right_in_november():
    """November is CET: +0100 is correct and the day is kept."""
    _event, talks = build(pycon_es(2015), "pentabarf-xml/pycon-es-2015.xml")
    assert talks["33"].start.isoformat() == "2015-11-20T15:00:00+01:00"


def test_pycon_es_fields():
    event, talks = build(pycon_es(2016), "pentabarf-xml/pycon-es-2016.xml")
    assert talks["1"].title.startswith("Introducción a Python para principiantes")  # "# " gone
    assert talks["1"].description_format == "markdown"
    skipped = {s.what: s.reason for s in event.skipped}
    assert skipped["talk 76 'CAFÉ'"] == "break"
    assert "talk 18" in skipped  # empty title
    _e15, t15 = build(pycon_es(2015), "pentabarf-xml/pycon-es-2015.xml")
    assert t15["33"].speakers == ["Francesc Alted"]
    assert any(t.title == "#!/usr/bin/python (Python para Sysadmins)" for t in t15.values())


def test_debconf17_wafer_utc_trap_and_consent(caplog):
    """wafer labels Montreal wall-clock times +00:00; released False means no consent."""
    spider = Generic(schedule_url="file:///x", event="debconf-17", timezone="America/Montreal")
    event, talks = build(spider, "wafer/debconf17.xml")
    start = talks["246"].start
    assert start.isoformat() == "2017-08-05T10:00:00-04:00"
    assert "debconf-17" in caplog.text and "says +00:00" in caplog.text
    assert talks["246"].tags == ["Open Day"]
    assert talks["246"].speakers == ["Daniel Pocock"]
    assert talks["246"].url == "https://debconf17.debconf.org/talks/204/"
    reasons = {s.reason for s in event.skipped}
    assert {"break", "meal", "no recording consent"} <= reasons


def test_trust_offsets_true_keeps_written_offsets():
    spider = Generic(
        schedule_url="file:///x", event="d", timezone="America/Montreal", trust_offsets="true"
    )
    _event, talks = build(spider, "wafer/debconf17.xml")
    assert talks["246"].start.isoformat() == "2017-08-05T06:00:00-04:00"


def test_frab_json_cccamp():
    spider = Generic(schedule_url="file:///x", event="camp-2019")
    event, talks = build(spider, "frab-json/cccamp-2019.json")
    assert event.timezone == "Europe/Berlin"  # from time_zone_name
    assert event.title == "Chaos Communication Camp 2019"
    talk = talks["10386"]
    assert talk.title == "Opening Ceremony"
    assert talk.speakers == ["jinxx", "smtw"]
    assert talk.language == "en"
    assert talk.tags == ["CCC"]
    assert talk.start.isoformat() == "2019-08-21T11:00:00+02:00"
    assert talk.related_urls[0]["url"].endswith("/events/10386.html")


@pytest.mark.parametrize(
    ("title", "reason"),
    [("Coffee Break", "break"), ("CAFÉ", "break"), ("Coffe Break", "break"), ("Comida", "meal")],
)
def test_break_titles(title, reason):
    assert break_reason(title) == reason


def test_clean_title():
    assert clean_title("# Introducción a Python") == "Introducción a Python"
    assert clean_title("Apertura\n\n**[Visitar](http://x)**") == "Apertura"


def crawl(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scrapy", "crawl", *args]
    cmd += ["-s", f"PYVIDEO_DATA_DIR={tmp}/data", "-s", f"PYVIDEO_REPORT_DIR={tmp}/reports"]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)


def test_cli_file_url(tmp_path):
    url = (FIXTURES / "wafer/debconf17.xml").as_uri()
    proc = crawl(
        "pentabarf", "-a", f"schedule_url={url}", "-a", "event=debconf-17",
        "-a", "title=DebConf17", "-a", "timezone=America/Montreal", tmp=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "talks seen:         123" in proc.stderr


def test_cli_generic_recording(tmp_path):
    proc = crawl(
        "pentabarf", "-a", "schedule_url=https://debconf17.debconf.org/schedule/pentabarf.xml",
        "-a", "event=debconf-17", "-a", "timezone=America/Montreal",
        "-s", "RECORDING_MODE=replay",
        "-s", f"RECORDING_DIR={ROOT}/tests/recordings/pentabarf-debconf17", tmp=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "'finish_reason': 'finished'" in proc.stderr
    assert "talks seen:         123" in proc.stderr


def test_cli_pycon_es_2016_talk_pages(tmp_path):
    """Talks without <persons> get speakers from their page; the others language from the index."""
    proc = crawl(
        "pycon-es", "-a", "year=2016", "-s", "RECORDING_MODE=replay",
        "-s", f"RECORDING_DIR={ROOT}/tests/recordings/pycon-es-2016",
        "-o", f"{tmp_path}/items.jsonl", tmp=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "'finish_reason': 'finished'" in proc.stderr
    assert "talks seen:         73" in proc.stderr


def test_pycon_es_hook_talk_page_and_index():
    from scrapy.http import HtmlResponse

    from scrapers.items import Talk

    spider = pycon_es(2016)
    html = FIXTURES / "html/pycon-es-2016"
    page = HtmlResponse(
        url="https://x/en/schedule/a/index.html",
        body=(html / "talks/argentina-en-python-comunidad-sueños-viajes.html").read_bytes(),
    )
    talk = spider.post_process_item(Talk("31", "Argentina en Python"), page, None)
    assert talk.speakers == ["Manuel Kaufmann"] and talk.language == "es"
    index = HtmlResponse(
        url="https://x/en/schedule/index.html", body=(html / "schedule-index.html").read_bytes()
    )
    talk = spider.post_process_item(Talk("9", "TDD Básico", speakers=["A"]), index, None)
    assert talk.speakers == ["A"] and talk.language == "es"


# -- broken exports (issue 17 item 8) ---------------------------------------------------------


def test_a_truncated_export_is_an_error_naming_the_position_not_a_short_schedule():
    body = (FIXTURES / "pentabarf-xml/pycon-es-2016.xml").read_bytes()
    _kind, _conference, whole = parse_schedule_body(body)
    assert len(whole) > 50
    with pytest.raises(ValueError, match=r"broken XML at line \d+, column \d+"):
        parse_schedule_body(body[:30000])
    with pytest.raises(ValueError, match=r"line 1 column"):  # our JSON reader: Python's own
        parse_schedule_body(b'{"schedule": {"conference": {"days": [')


def test_an_impossible_time_skips_that_talk_and_keeps_the_rest(caplog):
    import re

    from scrapers.items import Event

    text = (FIXTURES / "pentabarf-xml/pycon-es-2016.xml").read_text(encoding="utf-8")
    first = re.search(r'<event id="1".*?</event>', text, re.S)
    assert first is not None
    bad = re.sub(r"<date>[^<]*</date>", "", first[0]).replace("<start>", "<start>24:30<!--")
    bad = re.sub(r"<start>24:30<!--[^<]*</start>", "<start>24:30</start>", bad)
    _kind, _conf, raws = parse_schedule_body(
        (text[: first.start()] + bad + text[first.end() :]).encode()
    )
    spider = pycon_es(2016)
    event = Event(slug="pycon-es-2016", title="PyConES 2016", timezone="Europe/Madrid")
    talks = [spider.build_talk(event, raw, None, "file:///schedule.xml") for raw in raws]
    by_id = {t.source_id: t for t in talks if t is not None}
    assert "1" not in by_id and len(by_id) > 40
    impossible = [(s.what.split()[1], s.reason) for s in event.skipped if "impossible" in s.detail]
    assert impossible == [("1", "invalid")]
    assert "talk 1 'Introducción a Python" in caplog.text and "impossible time" in caplog.text
