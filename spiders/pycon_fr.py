"""PyCon FR: the AFPy's pretalx instance, cfp.pycon.fr (legacy API in 2024, 2025 API in 2025).

Conference: https://www.pycon.fr (Strasbourg 2024, Lyon 2025).
Platform: ``PretalxSpider``.
Caveats: lunch and the sprints are pretalx submissions (skipped as "break" and "sprint"); the
General Assembly is one too and is kept (it is recorded). Talks are in French or English
(``content_locale``). pretalx carries no video links: the recordings are on the AFPy's
PeerTube channel on indymotion.fr (``scrapers/videohosts/peertube.py``; the channel name
"pyconfr" is unverified), which holds every year: 2024 keeps the videos published before
PyCon FR 2025. The mp4 copies on dl.afpy.org are not written. The hook adds the site's
schedule page, which pyvideo cites as "Conference schedule" (``/fr/`` or ``/en/`` by the
talk's language).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrapy.http import Response

from scrapers.items import Talk
from scrapers.platforms.base import Edition
from scrapers.platforms.pretalx import PretalxSpider

# The AFPy's channel; the edition's start date opens its window (scrapers/videohosts/peertube.py).
PEERTUBE = {"instance": "https://indymotion.fr", "channel": "pyconfr"}


class PyconFrSpider(PretalxSpider):
    name = "pycon-fr"
    editions = {
        2024: Edition(
            slug="pycon-fr-2024",
            title="PyCon FR 2024",
            start_date=dt.date(2024, 10, 31),
            end_date=dt.date(2024, 11, 3),
            timezone="Europe/Paris",
            language="fra",
            url="https://www.pycon.fr/2024/",
            options={
                "pretalx_url": "https://cfp.pycon.fr",
                "pretalx_event": "pyconfr-2024",
                "api": "talks",  # pretalx 2024: legacy API
                "locale": "fr",
                "peertube": {**PEERTUBE, "until": "2025-10-29"},
            },
        ),
        2025: Edition(
            slug="pycon-fr-2025",
            title="PyCon FR 2025",
            start_date=dt.date(2025, 10, 30),
            end_date=dt.date(2025, 11, 2),
            timezone="Europe/Paris",
            language="fra",
            url="https://www.pycon.fr/2025/",
            options={
                "pretalx_url": "https://cfp.pycon.fr",
                "pretalx_event": "pyconfr-2025",
                "api": "submissions",
                "locale": "fr",
                "peertube": PEERTUBE,
            },
        ),
    }

    def post_process_item(self, talk: Talk, response: Response | None, raw: Any) -> Talk | None:
        """Add the schedule page pyvideo cites, in the talk's language."""
        year = self.edition.slug.rsplit("-", 1)[-1]
        lang = "en" if talk.language == "en" else "fr"
        url = f"https://www.pycon.fr/{year}/{lang}/schedule.html"
        talk.related_urls.append({"label": "Conference schedule", "url": url})
        return talk
