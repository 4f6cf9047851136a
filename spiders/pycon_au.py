"""PyCon AU: the site repository's per-session YAML (2020, 2023+), plus 2020's YouTube playlist.

Conference: https://2025.pycon.org.au (PyCon AU: 2020 online from Adelaide, +09:30; 2023
Adelaide, +09:30; 2024 and 2025 Melbourne, +11:00 in November, +10:00 in September).
Platform: ``PyconAuYamlSpider`` (sessions and people as YAML synced from pretalx; 2020
``data/Session``, 2023+ Astro ``src/content/sessions``: the same keys, other folders).
Caveats: the talk page is ``/program/<CODE>`` (the form the 2020 videos' descriptions quote);
2020's playlist id below is MADE UP (the real one is not in the material), as are the recordings
of it, which carry the real metadata of the event's 74 curated videos. Sessions carry
``youtube_slug``: those links win in matching (``-a schedule_links=no`` leaves them out for
benchmarks); 2023+ editions have no playlist, so a session without ``youtube_slug`` is "no
recording yet" (2023 has none at the pinned commit). No licence is stated for 2023+ recordings
(2020/2021 videos said CC-BY-NC-SA 4.0): ``copyright_text`` is left out until one is known.
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata.pyconau import PyconAuYamlSpider

ASTRO = {
    "paths": ("src/content/sessions/", "src/content/people/"),
    "session_dir": "src/content/sessions/",
    "person_dir": "src/content/people/",
    "talk_page_label": "Talk schedule",
    "list_lines": True,
}


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
        2023: Edition(
            slug="pycon-au-2023",
            title="PyCon AU 2023",
            start_date=dt.date(2023, 8, 18),
            end_date=dt.date(2023, 8, 20),
            timezone="Australia/Adelaide",
            url="https://2023.pycon.org.au",
            options={
                **ASTRO,
                "repo": "pyconau/2023-website",
                "sha": "b9be99fdba2c8b204aa152839442029b88783883",
                "talk_url": "https://2023.pycon.org.au/program/{code}",
            },
        ),
        2024: Edition(
            slug="pycon-au-2024",
            title="PyCon AU 2024",
            start_date=dt.date(2024, 11, 22),
            end_date=dt.date(2024, 11, 26),
            timezone="Australia/Melbourne",
            url="https://2024.pycon.org.au",
            options={
                **ASTRO,
                "repo": "pyconau/2024-website",
                "sha": "aa8495b2bc641828d18b9170bd86881b3a06604d",
                "talk_url": "https://2024.pycon.org.au/program/{code}",
            },
        ),
        2025: Edition(
            slug="pycon-au-2025",
            title="PyCon AU 2025",
            start_date=dt.date(2025, 9, 12),
            end_date=dt.date(2025, 9, 15),
            timezone="Australia/Melbourne",
            url="https://2025.pycon.org.au",
            options={
                **ASTRO,
                "repo": "pyconau/2025-website",
                "sha": "c73ea2dcd658e6bb83316dd4068ac328e5ac8fbd",
                "talk_url": "https://2025.pycon.org.au/program/{code}",
            },
        ),
    }
