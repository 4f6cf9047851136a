"""PyCon AU: the 2020 site repository's per-session YAML, plus the edition's YouTube playlist.

Conference: https://2020.pycon.org.au (PyConline AU 2020, online, Adelaide time +09:30).
Platform: ``PyconAuYamlSpider`` (sessions and people as YAML, synced from a pretalx now gone).
Caveats: the talk page is ``/program/<CODE>`` (the form the videos' descriptions quote); the
playlist id below is MADE UP (the real one is not in the material), as are the recordings of it,
which carry the real metadata of the event's 74 curated videos. Sessions carry ``youtube_slug``:
those links win in matching (``-a schedule_links=no`` leaves them out for benchmarks).
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.pyconau import PyconAuYamlSpider


class PyconAuSpider(PyconAuYamlSpider):
    name = "pycon-au"
    editions = {
        2020: Edition(
            slug="pycon-au-2020",
            title="PyCon AU 2020",
            start_date=dt.date(2020, 9, 4),
            end_date=dt.date(2020, 9, 6),
            timezone="Australia/Adelaide",
            url="https://2020.pycon.org.au",
            playlists=("PLs9nthet1cPyC0nAU2020xxxxxxxxxxxx",),  # made up: real id unknown
            options={
                "repo": "pyconau/2020-website",
                "sha": "281a0c179acab2ec76a0c3c5fbe6a9ae7de4fd25",
                "paths": ("data/Session/", "data/Person/"),
                "session_dir": "data/Session/",
                "person_dir": "data/Person/",
                "talk_url": "https://2020.pycon.org.au/program/{code}",
            },
        ),
    }
