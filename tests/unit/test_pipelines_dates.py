"""Dates: the talk's local day, never UTC's; publish dates clamped into the event."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from scrapy.utils.test import get_crawler

from pipelines.dates import DatesPipeline, clamp, event_year, format_recorded, local_start
from scrapers.items import Event, Recording, Talk

ADELAIDE = dt.timezone(dt.timedelta(hours=9, minutes=30))


def run(event: Event, **settings) -> Event:
    DatesPipeline.from_crawler(get_crawler(settings_dict=settings)).process_item(event)
    return event


def test_pycon_au_2020_early_slot_keeps_its_local_day():
    # PyCon AU 2020 (pyconau-yaml): "start: 2020-09-05 09:10:00+09:30"; in UTC that is 4 September.
    start = dt.datetime(2020, 9, 5, 9, 10, tzinfo=ADELAIDE)
    assert local_start(start, "Australia/Adelaide").date() == dt.date(2020, 9, 5)
    assert format_recorded(start, with_time=False) == "2020-09-05"
    assert format_recorded(start, with_time=True) == "2020-09-05T09:10:00+09:30"


def test_naive_local_time_takes_the_event_zone():
    # Sessionize startsAt has no offset: "2024-04-20T09:00:00" in Europe/Vienna.
    start = local_start(dt.datetime(2024, 4, 20, 9, 0), "Europe/Vienna")
    assert start.utcoffset() == dt.timedelta(hours=2)


def test_wrong_offset_converted_to_event_zone():
    # PyConES 2016 says +0100 in October (CEST): converting keeps the local day in the zone.
    start = dt.datetime(2016, 10, 8, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert local_start(start, "Europe/Madrid") == start.astimezone(ZoneInfo("Europe/Madrid"))


def test_clamp_and_year():
    start, end = dt.date(2024, 7, 27), dt.date(2024, 7, 28)
    assert clamp(dt.date(2024, 8, 30), start, end) == end
    assert clamp(dt.date(2024, 7, 1), start, end) == start
    assert clamp(dt.date(2024, 7, 27), None, None) == dt.date(2024, 7, 27)
    assert event_year(Event(slug="pycon-israel-2019-06-03", title="")) == 2019


def test_pipeline_fills_recorded_and_warns_on_bad_dates(caplog):
    event = Event(
        slug="pyohio-2025",
        title="PyOhio 2025",
        timezone="America/New_York",
        start_date=dt.date(2025, 7, 26),
        end_date=dt.date(2025, 7, 27),
        talks=[
            Talk("A", "Good", start=dt.datetime(2025, 7, 26, 23, 30, tzinfo=dt.UTC)),
            Talk("B", "Bad", raw_start="Saturday-ish"),
        ],
        recordings=[
            Recording("youtube", "v1", "u", "t", published=dt.date(2025, 9, 1)),
            Recording("youtube", "v2", "u", "t", published=dt.date(2023, 1, 1)),
        ],
    )
    run(event)
    assert event.talks[0].recorded == "2025-07-26"  # 19:30 in Columbus, not the UTC day
    assert event.talks[1].recorded == ""
    assert "start 'Saturday-ish' is not a date" in caplog.text
    assert event.recordings[0].recorded == dt.date(2025, 7, 27)
    assert event.recordings[1].recorded == dt.date(2025, 7, 26)
