"""EuroPython: the website repository's Astro content (sessions, speakers, day grids), read as data.

Conference: https://ep2024.europython.eu (Prague, 8-14 July 2024: tutorials and summits 8-9,
talks 10-12, sprints 13-14).
Platform: ``AstroMdxSpider`` (``EuroPython/website`` ``src/content/``, written there from pretalx
by ``EuroPython/programapi``); a session's ``youtube_url`` is its recording.
Caveats: tutorials, summits, posters and the morning announcements have no ``youtube_url`` (skipped
as "no recording yet" unless a playlist is given); lightning talks, the opening and closing
sessions and the sponsors' recruitment fair list no speakers; the repository holds the site of the
current year (later commits replace the content), so an edition is pinned by ``sha`` or read from
a checkout of its own commit (``-a source=``)."""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata.astromdx import AstroMdxSpider


class EuropythonSpider(AstroMdxSpider):
    # ConferenceSpider
    name = "europython"
    # AstroMdxSpider
    repo = "EuroPython/website"
    editions = {
        2024: Edition(
            slug="europython-2024",
            title="EuroPython 2024",
            start_date=dt.date(2024, 7, 8),
            end_date=dt.date(2024, 7, 14),
            timezone="Europe/Prague",
            url="https://ep2024.europython.eu/",
            options={"sha": "141c08e4ff0f8d83836681222cd2d799c2ba2769"},
        ),
    }
