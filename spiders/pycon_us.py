"""PyCon US: the symposion fork's ``conference.json`` export, plus the edition's YouTube playlist.

Conference: https://us.pycon.org (2024: Pittsburgh, David L. Lawrence Convention Center).
Platform: ``SymposionSpider`` (one JSON export of every slot; no video links in it).
Caveats: the export has no recordings, so they come from the playlist; the 2024 playlist id
below is MADE UP (the real one is not in the material), as are the recordings of it, which carry
the real YouTube ids, titles and speakers of the event's curated videos. Times carry ``-04:00``
(2015 wrote naive local times): both are read in America/New_York. Keynotes are plenaries named
"Keynote - <Name>" without authors (the name becomes the speaker); other plenaries (Welcome,
panels, lightning talks) have no authors either, so their speakers are only the video's.
Posters, summits and sponsor workshops are in the export too: only the recorded ones are
written. Another year: ``-a year=2025 -a event=pycon-us-2025 -a title="PyCon US 2025" -a start=…
-a end=… -a timezone=America/New_York [-a playlist=…]`` (the export URL follows the year, or
``-a schedule_url=``).
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.symposion import SymposionSpider


class PyconUsSpider(SymposionSpider):
    name = "pycon-us"
    editions = {
        2024: Edition(
            slug="pycon-us-2024",
            title="PyCon US 2024",
            start_date=dt.date(2024, 5, 15),
            end_date=dt.date(2024, 5, 23),
            timezone="America/New_York",
            url="https://us.pycon.org/2024/",
            playlists=("PLmadeUpPyConUS2024xxxxxxxxxxxxxxx",),  # made up: real id unknown
            options={"schedule_url": "https://us.pycon.org/2024/schedule/conference.json"},
        ),
    }
