"""PyCon UK: the 2017 site's django-amber repository, plus the edition's YouTube playlist.

Conference: http://2017.pyconuk.org (Cardiff City Hall, 26-30 October 2017).
Platform: ``DjangoAmberSpider``: day folders are weekday names only ("Friday 27th"), dated from
the edition's start and end.
Caveats: the "Introduction" slots are plain ``title:`` slots but were recorded, so they are
talks (``recorded_slots``); Lightning Talks' "Absolutely Anyone" is written "Various speakers";
the playlist id below is MADE UP (the real one is not in the material), as are the recordings
of it, which carry the real metadata of the event's 103 curated videos. Session files carry
``video``: those links win in matching (``-a schedule_links=no`` leaves them out for
benchmarks).
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata.djangoamber import DjangoAmberSpider


class PyconUkSpider(DjangoAmberSpider):
    name = "pycon-uk"
    editions = {
        2017: Edition(
            slug="pycon-uk-2017",
            title="PyCon UK 2017",
            start_date=dt.date(2017, 10, 26),
            end_date=dt.date(2017, 10, 30),
            timezone="Europe/London",
            url="http://2017.pyconuk.org",
            playlists=("PLs9nthet1cPyC0nUK2017xxxxxxxxxxxx",),  # made up: real id unknown
            options={
                "repo": "PyconUK/2017.pyconuk.org",
                "sha": "337a00c034a15e5b41a8ea8683dd44310e14fb9c",
                "paths": ("schedule/", "sessions/", "speakers/"),
                "schedule_dir": "schedule/",
                "sessions_dir": "sessions/",
                "speakers_dir": "speakers/",
                # the opening slot of each day was filmed ("Thursday Welcome Session" ...)
                "recorded_slots": ("Introduction",),
                # PyCon UK's pyvideo records (2015, 2017, 2018) title keynotes "Keynote: ..."
                "keynote_prefix": "Keynote: ",
                # the Lightning Talks' "speaker": anyone who signs up, not a person
                "collective_speakers": ("absolutely-anyone",),
            },
        ),
    }
