"""PyOhio: the ``talks.json`` its static site builds from pretalx, read from the repository.

Conference: https://www.pyohio.org (Columbus, OH).
Platform: ``TalksJsonSpider``.
Caveats: cancelled talks stay in the file titled "Canceled: ..." (skipped); the file's
``talk_url`` lacks the ``/program/`` part of the live pages, so the page URL is a template.
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata import TalksJsonSpider

REPO = "pyohio/pyohio-static-website"


class PyohioSpider(TalksJsonSpider):
    # ConferenceSpider
    name = "pyohio"
    editions = {
        2024: Edition(
            slug="pyohio-2024",
            title="PyOhio 2024",
            start_date=dt.date(2024, 7, 27),
            end_date=dt.date(2024, 7, 28),
            timezone="America/New_York",
            url="https://www.pyohio.org/2024/",
            options={
                "repo": REPO,
                "sha": "b7bc957c4aafe04a4d29f29e95fe9470290e7ca1",
                "paths": ("2024/src/content/json/talks.json",),
                "talk_url": "https://www.pyohio.org/2024/program/talks/{slug}",
                "talk_page_label": "Presentation Webpage",
            },
        ),
        2025: Edition(
            slug="pyohio-2025",
            title="PyOhio 2025",
            start_date=dt.date(2025, 7, 26),
            end_date=dt.date(2025, 7, 27),
            timezone="America/New_York",
            url="https://www.pyohio.org/2025/",
            options={
                "repo": REPO,
                "sha": "c2a8872729128b784565d77864ee1f55591e31eb",
                "paths": ("2025/src/content/jsonData/talks.json",),
                "talk_url": "https://www.pyohio.org/2025/program/talks/{slug}",
                "talk_page_label": "Presentation Webpage",
            },
        ),
    }
