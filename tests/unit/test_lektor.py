"""The Lektor databag platform (scrapers/platforms/sitedata/lektor.py) and its spider pycon-de.

The parser is fed the real PyCon DE 2025 files of the golden case (tests/recordings/pycon-de-2025/,
built by ``python tools/build_sitedata_recordings.py pycon-de-2025``), unchanged or with one
nasty case edited in, without a crawl: the golden case already runs the crawl end to end.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml

from scrapers.items import Event, Talk
from scrapers.platforms.sitedata import SourceFile
from scrapers.platforms.sitedata.lektor import speaker_list, talk_description, video_url
from scrapers.tooling.httpcache import Recording
from spiders.pycon_de import PyconDeSpider
from tests.recorded import no_traceback

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "recordings" / "pycon-de-2025"
TALKS = "databags/talks-2025.json"
RECORDINGS = "databags/recordings.yaml"
TALKS_SHA = "31d32e89ca32e74e6dadd113ee8a8267161343c1"
RECORDINGS_SHA = "56ca2049b100359f9484fb193ac92c2268109ed4"
CEST = dt.timezone(dt.timedelta(hours=2))
CET = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def spider() -> PyconDeSpider:
    return PyconDeSpider(year="2025")


@pytest.fixture
def files(spider: PyconDeSpider) -> dict[str, SourceFile]:
    """The two real files, as the crawl downloads them (each at its own commit)."""
    rec = Recording.open(CASE)
    found = {}
    for path in (TALKS, RECORDINGS):
        entry = rec.get("GET", spider.raw_url(path))
        assert entry is not None, path
        found[path] = SourceFile(path, spider.raw_url(path), entry.body.decode("utf-8"))
    return found


@pytest.fixture
def talks(files: dict[str, SourceFile]) -> dict[str, dict[str, Any]]:
    """The real talks by code, to edit."""
    return {t["code"]: t for t in json.loads(files[TALKS].text)["talks"]}


def run(spider: PyconDeSpider, *files: SourceFile) -> Event:
    event = spider.new_event()
    spider.parse_files(event, list(files))
    return event


def databag(f: SourceFile, talks: dict[str, dict[str, Any]]) -> SourceFile:
    return SourceFile(f.path, f.url, json.dumps({"talks": list(talks.values())}))


def talk(event: Event, code: str) -> Talk:
    [found] = [t for t in event.talks if t.source_id == code]
    return found


def reasons(event: Event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in event.skipped:
        counts[s.reason] = counts.get(s.reason, 0) + 1
    return counts


def test_each_file_is_read_at_its_own_commit(spider: PyconDeSpider) -> None:
    base = "https://raw.githubusercontent.com/PioneersHub/pyconde-website"
    assert spider.raw_url(TALKS) == f"{base}/{TALKS_SHA}/{TALKS}"
    assert spider.raw_url(RECORDINGS) == f"{base}/{RECORDINGS_SHA}/{RECORDINGS}"


def test_real_files(spider, files, caplog) -> None:
    caplog.set_level(logging.WARNING)
    event = run(spider, *files.values())
    assert len(event.talks) == 164 - 5
    assert reasons(event) == {"do_not_record": 5}
    assert sum(1 for t in event.talks if t.video_urls) == 148
    assert {t.language for t in event.talks} == {None}  # the edition's language: eng
    assert {t.start.date() for t in event.talks} == {
        dt.date(2025, 4, 23),
        dt.date(2025, 4, 24),
        dt.date(2025, 4, 25),
    }
    kinds: dict[str, int] = {}
    for t in event.talks:
        kinds[t.kind] = kinds.get(t.kind, 0) + 1
    assert kinds == {
        "talk": 137,
        "keynote": 4,
        "tutorial": 13,
        "panel": 2,
        "lightning": 2,
        "workshop": 1,
    }
    assert caplog.records == []


def test_a_talk_with_every_field(spider, files) -> None:
    t = talk(run(spider, *files.values()), "UDDTBS")
    assert t.title == "Accuracy Is Not Enough: Building Trustworthy AI with Conformal Prediction"
    assert t.speakers == ["Chris Aivazidis"]
    assert t.start == dt.datetime(2025, 4, 24, 15, 0, tzinfo=CEST)
    assert t.start.utcoffset() == dt.timedelta(hours=2)
    assert t.raw_start == "2025-04-24T15:00"
    assert t.description_format == "markdown"
    assert t.description.startswith("Building a good scoring model is just the beginning.")
    assert "We’ll start of the presentation" in t.description
    assert t.kind == "talk"
    assert t.url == "https://pretalx.com/pyconde-pydata-2025/talk/UDDTBS/"
    assert [link["label"] for link in t.related_urls] == ["Talk Page", "Slides", "Repository"]
    assert t.video_urls == ["https://www.youtube.com/watch?v=n50E6k1h0HE"]


def test_do_not_record(spider, files, talks, caplog) -> None:
    """7CL3KS opted out (and has no video); 3CYZUH is given the flag while it has a video."""
    caplog.set_level(logging.WARNING)
    talks["3CYZUH"]["do_not_record"] = True
    event = run(spider, databag(files[TALKS], talks), files[RECORDINGS])
    assert not [t for t in event.talks if t.source_id in ("7CL3KS", "3CYZUH")]
    skipped = {s.what.split()[1]: s for s in event.skipped if s.reason == "do_not_record"}
    assert set(skipped) == {"7CL3KS", "CTUEJX", "JUAF3S", "UGTB7A", "ZHT9HW", "3CYZUH"}
    assert skipped["7CL3KS"].what.startswith("talk 7CL3KS 'Bridging the gap")
    assert f"{TALKS}: talk 3CYZUH: do_not_record: set, yet the recordings map has" in caplog.text
    # its video is neither written nor reported as a video without a talk
    assert "no talk" not in reasons(event)


def test_talk_missing_from_the_recordings_map(spider, files) -> None:
    """AGLBMF has no entry: kept without a link (a playlist could still match it)."""
    t = talk(run(spider, *files.values()), "AGLBMF")
    assert t.video_urls == []
    assert t.speakers == ["Simone Lederer", "Julius Möller"]


def test_recordings_entry_with_no_talk(spider, files, talks, caplog) -> None:
    caplog.set_level(logging.WARNING)
    del talks["3CYZUH"]
    event = run(spider, databag(files[TALKS], talks), files[RECORDINGS])
    [skip] = [s for s in event.skipped if s.reason == "no talk"]
    video = video_url(yaml.safe_load(files[RECORDINGS].text)["overrides"]["2025"]["3CYZUH"])
    assert skip.what == f"video {video}"
    assert skip.detail == f"{RECORDINGS}: code 3CYZUH"
    assert f"{RECORDINGS}: overrides.2025.3CYZUH: {video} has no talk" in caplog.text


def test_naive_times_across_the_dst_boundary(spider, files, talks) -> None:
    """Wall-clock times take the offset of their own day in Europe/Berlin."""
    talks["3CYZUH"].update(slot_date="2025-03-29", start_time="23:30")  # CET
    talks["UDDTBS"].update(slot_date="2025-03-30", start_time="03:30")  # CEST, same night
    talks["AGLBMF"].update(slot_date="2025-10-26", start_time="10:00")  # CET again
    talks["9TRFCK"].update(slot_date="2025-04-25", start_time="")  # a day only
    event = run(spider, databag(files[TALKS], talks), files[RECORDINGS])
    assert talk(event, "3CYZUH").start == dt.datetime(2025, 3, 29, 23, 30, tzinfo=CET)
    assert talk(event, "3CYZUH").start.utcoffset() == dt.timedelta(hours=1)
    assert talk(event, "UDDTBS").start == dt.datetime(2025, 3, 30, 3, 30, tzinfo=CEST)
    assert talk(event, "UDDTBS").start.utcoffset() == dt.timedelta(hours=2)
    assert talk(event, "AGLBMF").start.utcoffset() == dt.timedelta(hours=1)
    assert talk(event, "9TRFCK").start == dt.date(2025, 4, 25)


def test_several_speakers(spider, files) -> None:
    event = run(spider, *files.values())
    panel = talk(event, "9TRFCK")
    assert panel.speakers == [
        "Tereza Iofciu",
        "Jesper Dramsch",
        "Anastasia Karavdina",
        "Guadalupe Canas Herrera",
    ]
    assert panel.kind == "panel"
    assert talk(event, "TMBTYH").speakers == ["Martin Fitzner", "Alexander Hopp", "Adrian Šošić"]
    assert talk(event, "EGNBHD").kind == "keynote"
    assert talk(event, "ESD7KF").kind == "lightning"
    assert talk(event, "UH7FXA").kind == "tutorial"


def test_speaker_names_with_a_comma_follow_the_bio_headers() -> None:
    raw = {
        "speaker_names": "Jane Doe, Jr., Max Muster",
        "speakers": "\n### Jane Doe, Jr.\n\nBio.\n\n### Max Muster\n\nBio.\n",
    }
    assert speaker_list(raw) == ["Jane Doe, Jr.", "Max Muster"]
    # a bio with a heading of its own does not become a speaker
    raw = {"speaker_names": "Jane Doe", "speakers": "### Jane Doe\n\n### My projects\n"}
    assert speaker_list(raw) == ["Jane Doe"]


def test_description_keeps_the_abstract_once() -> None:
    assert talk_description({"abstract": "A.", "full_description": "B."}) == "A.\n\nB."
    assert talk_description({"abstract": "A.", "full_description": "A.\r\n\r\nB."}) == "A.\n\nB."
    assert talk_description({"abstract": "", "full_description": "B."}) == "B."


def test_several_links_in_one_field(spider, files) -> None:
    event = run(spider, *files.values())
    links = talk(event, "KCV9RS").related_urls
    assert links[1:] == [
        {"label": "Supporting Material", "url": "https://atlasgo.io"},
        {"label": "Repository", "url": "https://github.com/ariga/atlas"},
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"talks": [', "invalid JSON"),
        ('{"talks": {"3CYZUH": {}}}', "no list of talks"),
    ],
)
def test_bad_databag_names_the_file(spider, files, caplog, text, problem) -> None:
    bad = SourceFile(TALKS, files[TALKS].url, text)
    event = run(spider, bad, files[RECORDINGS])
    assert event.talks == []
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith(f"{TALKS}: {problem}")
    # every mapped video is then reported, not silently dropped
    assert reasons(event) == {"no talk": 148}
    no_traceback(caplog)


def test_bad_talks_are_named(spider, files, talks, caplog) -> None:
    talks["3CYZUH"]["title"] = ""
    talks["UDDTBS"]["start_time"] = "25:99"
    bag = json.loads(databag(files[TALKS], talks).text)
    bag["talks"].append("not a talk")
    event = run(spider, SourceFile(TALKS, files[TALKS].url, json.dumps(bag)), files[RECORDINGS])
    assert f"{TALKS}: talk 3CYZUH: title: missing; talk skipped" in caplog.text
    assert talk(event, "UDDTBS").start is None
    assert "talk UDDTBS: slot_date/start_time: unparseable date" in caplog.text
    assert f"{TALKS}: talk #164 is not an object; skipped" in caplog.text
    assert reasons(event)["invalid"] == 2
    no_traceback(caplog)


def test_bad_recordings_file(spider, files, caplog) -> None:
    bad = SourceFile(RECORDINGS, files[RECORDINGS].url, "overrides: [unclosed")
    event = run(spider, files[TALKS], bad)
    assert len(event.talks) == 159
    assert not any(t.video_urls for t in event.talks)
    assert f"{RECORDINGS}: invalid YAML" in caplog.text
    no_traceback(caplog)


def test_new_edition_needs_no_code(tmp_path: Path) -> None:
    spider = PyconDeSpider(
        year="2026",
        event="pycon-de-2026",
        title="PyCon DE 2026",
        start="2026-04-14",
        end="2026-04-17",
        timezone="Europe/Berlin",
        source=str(tmp_path),
    )
    opts = spider.edition.options
    assert opts["paths"] == ("databags/talks-2026.json", "databags/recordings.yaml")
    assert opts["recordings_key"] == "overrides.2026"
    assert opts["talk_url"] == "https://pretalx.com/pyconde-pydata-2026/talk/{code}/"
    assert "refs" not in opts and "sha" not in opts  # pinned commits stay with 2025
    assert spider.edition.url == "https://2026.pycon.de/"


def test_codes_and_ids_stay_text(spider, files, talks) -> None:
    """YAML 1.1 would read 012345 as the octal number 5349 and lose the talk's video."""
    text = files[RECORDINGS].text
    assert text.count("    3CYZUH: ") == 1
    recordings = SourceFile(RECORDINGS, "", text.replace("    3CYZUH: ", "    012345: "))
    talks["3CYZUH"]["code"] = "012345"
    event = run(spider, databag(files[TALKS], talks), recordings)
    assert talk(event, "012345").video_urls == [
        video_url(yaml.safe_load(text)["overrides"]["2025"]["3CYZUH"])
    ]
    assert "no talk" not in reasons(event)
