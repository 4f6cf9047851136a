"""The symposion ``conference.json`` base on the real PyCon US 2024 export and its nasty cases."""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
from typing import Any

import pytest

from scrapers.items import Event, Talk
from scrapers.platforms.base import ConfigError
from scrapers.platforms.symposion import read_export, split_rooms
from spiders.pycon_us import PyconUsSpider
from tests.shared import SCHEDULES, needs

EXPORT = SCHEDULES / "symposion-json" / "pycon-us-2024.json"
URL = "https://us.pycon.org/2024/schedule/conference.json"
NEW_YORK_EDT = dt.timedelta(hours=-4)


def spider(**kwargs: str) -> PyconUsSpider:
    return PyconUsSpider(year="2024", **kwargs)


def crawl(slots: list[dict[str, Any]] | dict[str, Any]) -> tuple[Event, dict[str, Talk]]:
    """(event, talks by source id) as the base builds them from an export body, without a crawl."""
    body = json.dumps(slots).encode()
    s = spider()
    event = s.new_event()
    talks = s.read_talks(event, read_export(body), URL)
    return event, {t.source_id: t for t, _slot in talks}


def real() -> dict[str, Any]:
    return json.loads(EXPORT.read_text("utf-8"))


def real_slot(key: int) -> dict[str, Any]:
    return copy.deepcopy(next(s for s in real()["schedule"] if s["conf_key"] == key))


def skips(event: Event) -> dict[str, tuple[str, str]]:
    return {s.what: (s.reason, s.detail) for s in event.skipped}


@needs(EXPORT)
def test_whole_2024_export():
    event, talks = crawl(real())
    assert event.license == "CC BY"
    reasons = [s.reason for s in event.skipped]
    assert reasons.count("not a talk") == 24  # informational slots, summits, side events
    assert reasons.count("meal") == 11 and reasons.count("sprint") == 2
    assert len(talks) == 209 - 1 + 27 - len(reasons)  # the poster slot became its 27 posters
    kinds = {t.kind for t in talks.values()}
    assert kinds == {"talk", "tutorial", "keynote", "lightning", "panel", "plenary"}
    assert skips(event)["talk 341 'Hatchery - Documentation Summit'"][0] == "not a talk"
    assert skips(event)["talk 164 'Slot'"][0] == "not a talk"  # an unsold sponsor slot
    assert skips(event)["talk 303 'Registration Desk Opens'"][0] == "break"


@needs(EXPORT)
def test_talk_fields():
    _event, talks = crawl(real())
    talk = talks["61"]
    assert talk.title == "Hacking `import` for speed: how we wrote a GPU accelerator for pandas"
    assert talk.speakers == ["Bradley Dice"]
    assert talk.kind == "talk"
    assert talk.language is None  # the edition's (eng)
    assert talk.start == dt.datetime(2024, 5, 18, 10, 30, tzinfo=talk.start.tzinfo)
    assert talk.start.utcoffset() == NEW_YORK_EDT
    assert talk.url == "https://us.pycon.org/2024/schedule/presentation/44/"
    assert talk.related_urls == [{"label": "Presentation Webpage", "url": talk.url}]
    assert talk.description_format == "html" and talk.description.startswith("<p>Python’s")


@needs(EXPORT)
def test_charla_is_spanish_and_tutorial_kind():
    _event, talks = crawl(real())
    assert talks["63"].title == "Observabilidad en Python para principiantes"
    assert talks["63"].language == "spa"
    assert talks["135"].kind == "tutorial" and talks["135"].language is None


@needs(EXPORT)
def test_released_false_is_skipped_and_counted():
    slot = real_slot(63)
    slot["released"] = False
    event, talks = crawl([slot, real_slot(61)])
    assert set(talks) == {"61"}
    assert skips(event) == {
        "talk 63 'Observabilidad en Python para principiantes'": (
            "no recording consent",
            "released: false",
        )
    }


@needs(EXPORT)
def test_keynote_speaker_from_name_and_placeholder_skipped():
    named = real_slot(5)  # "Keynote - Jay Miller", a plenary without authors
    placeholder = real_slot(5)
    placeholder.update(conf_key=9005, name="Keynote")
    event, talks = crawl([named, placeholder])
    keynote = talks["5"]
    assert keynote.kind == "keynote" and keynote.speakers == ["Jay Miller"]
    assert keynote.title == "Keynote"  # the speaker's name is not part of the title
    assert keynote.description == ""  # the slot's text only restates the name
    assert keynote.url == "https://us.pycon.org/2024/about/keynote-speakers#jay-miller"
    assert skips(event)["talk 9005 'Keynote'"][0] == "placeholder"


@needs(EXPORT)
def test_repeated_plenary_names_get_their_start():
    _event, talks = crawl(real())
    titles = sorted(t.title for t in talks.values() if t.title.startswith("Lightning Talks"))
    assert titles == [
        "Lightning Talks - May 17, 6pm",
        "Lightning Talks - May 18, 5:45pm",
        "Lightning Talks - May 18, 8am",
        "Lightning Talks - May 19, 8am",
    ]
    assert talks["3"].title == "Welcome"  # a name used once is kept as it is


@needs(EXPORT)
def test_posters_read_with_the_slots_hard_coded_time():
    poster_slot = real_slot(178)
    _event, talks = crawl([poster_slot])
    assert len(talks) == len(poster_slot["sessions"]) == 27
    first = talks["178-1"]
    assert first.title.startswith("Breaking Barriers in Research Projects: BeagleTM")
    assert first.speakers == ["Oliver Bonham-Carter"]
    assert first.start.isoformat() == "2024-05-19T10:00:00-04:00"  # inside the edition: kept
    # a fork that hard-codes a poster time outside the conference (here a year off)
    poster_slot["start"] = "2023-05-19T10:00:00"
    _event, talks = crawl([poster_slot])
    assert talks["178-1"].start is None  # recorded then comes from the video


def test_naive_and_offset_times_are_new_york():
    slots = [
        # 2015's record shape (PLATFORMS.md §6.1): naive local time
        {
            "name": "Naive",
            "kind": "talk",
            "conf_key": 1,
            "authors": ["A B"],
            "start": "2024-05-17T09:00:00",
        },
        {
            "name": "Offset",
            "kind": "talk",
            "conf_key": 2,
            "authors": ["C D"],
            "start": "2024-05-17T13:00:00+00:00",
        },
    ]
    _event, talks = crawl(slots)
    assert talks["1"].start.isoformat() == "2024-05-17T09:00:00-04:00"
    assert talks["2"].start.isoformat() == "2024-05-17T09:00:00-04:00"
    assert talks["1"].raw_start == "2024-05-17T09:00:00"


def test_comma_joined_rooms():
    assert split_rooms({"room": "Room 512EA, Room 512BF"}) == ["Room 512EA", "Room 512BF"]
    assert split_rooms({"room": "Room 310/311", "rooms": ["Room 310/311"]}) == ["Room 310/311"]
    assert split_rooms({}) == []


def test_bad_items_are_skipped_with_a_message(caplog):
    slots = [
        {"kind": "talk", "conf_key": 7, "authors": ["A B"], "start": "2024-05-17T09:00:00"},
        {
            "name": "Good title",
            "kind": "talk",
            "conf_key": 8,
            "authors": ["A B"],
            "start": "Friday morning",
        },
        {"name": "No start", "kind": "talk", "conf_key": 9, "authors": ["A B"]},
    ]
    with caplog.at_level(logging.WARNING):
        event, talks = crawl(slots)
    assert talks == {}
    found = skips(event)
    assert found["talk 7"][0] == "invalid" and "no name" in found["talk 7"][1]
    reason, detail = found["talk 8 'Good title'"]
    assert reason == "invalid" and "'Friday morning'" in detail and URL in detail
    assert found["talk 9 'No start'"] == ("invalid", f"{URL}: no start")
    assert "talk 8 'Good title'" in caplog.text and "slot 7" in caplog.text


def test_cancelled_and_bare_list_export():
    slots = [
        {"name": "Gone", "kind": "talk", "conf_key": 1, "authors": ["A B"], "cancelled": True},
        {"name": "Kept", "kind": "talk", "conf_key": 2, "authors": ["A B"], "start": "2024-05-17"},
    ]
    event, talks = crawl(slots)  # the 2015 export is a bare list
    assert list(talks) == ["2"]
    assert skips(event)["talk 1 'Gone'"][0] == "cancelled"


@pytest.mark.parametrize("body", [b'{"conference": {}}', b"[1, 2]", b"not json"])
def test_not_an_export(body: bytes):
    with pytest.raises(ValueError):
        read_export(body)


def test_new_edition_needs_no_code():
    args = {
        "event": "pycon-us-2025",
        "title": "PyCon US 2025",
        "start": "2025-05-14",
        "end": "2025-05-22",
        "timezone": "America/New_York",
    }
    s = PyconUsSpider(year="2025", **args)
    assert s.schedule_url == "https://us.pycon.org/2025/schedule/conference.json"
    s = PyconUsSpider(year="2025", schedule_url="file:///tmp/conference.json", **args)
    assert s.schedule_url == "file:///tmp/conference.json"
    with pytest.raises(ConfigError):
        PyconUsSpider(year="2024", timezone="Mars/Olympus")
