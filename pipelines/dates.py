"""Dates: ``recorded`` is the day the talk was given, in the event's own timezone."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from scrapers.items import Event
from scrapers.pipeline import EventPipeline


def event_year(event: Event) -> int | None:
    """The event's year: from its dates, else from a year in its folder name."""
    if event.start_date:
        return event.start_date.year
    found = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", event.slug)
    return int(found[-1]) if found else None


def local_start(start: dt.datetime | dt.date, tz: str | None) -> dt.datetime | dt.date:
    """The start in the event's zone: naive times are local already; aware ones are converted.

    Never convert to UTC first: a talk at 09:00+09:30 would move to the previous day.
    """
    if not isinstance(start, dt.datetime) or not tz:
        return start
    zone = ZoneInfo(tz)
    if start.tzinfo is None:
        return start.replace(tzinfo=zone)
    return start.astimezone(zone)


def format_recorded(start: dt.datetime | dt.date, with_time: bool) -> str:
    """ISO date, or date-time with offset (``2017-10-29T10:30:00+01:00``) when asked and known."""
    if isinstance(start, dt.datetime):
        if with_time and start.tzinfo is not None:
            return start.replace(microsecond=0).isoformat()
        return start.date().isoformat()
    return start.isoformat()


def clamp(day: dt.date, start: dt.date | None, end: dt.date | None) -> dt.date:
    """A publish date moved into the event's dates: uploads come after the talk, never before."""
    if start and day < start:
        return start
    if end and day > end:
        return end
    return day


class DatesPipeline(EventPipeline):
    """Talks get their slot's local date; recordings their publish date clamped into the event.

    ``PYVIDEO_RECORDED_TIME`` (default False) writes date-times with offset when the slot has one.
    """

    def process_event(self, event: Event) -> None:
        with_time = self.settings.getbool("PYVIDEO_RECORDED_TIME", False)
        for talk in event.talks:
            if talk.start is None:
                if talk.raw_start:
                    self.logger.warning(
                        "%s: talk %s %r: start %r is not a date; recorded left empty",
                        event.slug,
                        talk.source_id,
                        talk.title,
                        talk.raw_start,
                    )
                    self.inc("talks/bad_date")
                continue
            talk.start = local_start(talk.start, event.timezone)
            talk.recorded = format_recorded(talk.start, with_time)
        year = event_year(event)
        for rec in event.recordings:
            if rec.published is None:
                continue
            day = clamp(rec.published, event.start_date, event.end_date)
            if day != rec.published:
                self.logger.warning(
                    "%s: video %s published %s, outside the event's dates; recorded %s",
                    event.slug,
                    rec.video_id,
                    rec.published,
                    day,
                )
            if year and day.year < year:
                self.logger.warning(
                    "%s: video %s published %s, before the event's year %d; recorded left empty",
                    event.slug,
                    rec.video_id,
                    rec.published,
                    year,
                )
                continue
            rec.recorded = day
