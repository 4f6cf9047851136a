"""PyOhio: the static site's repository, read as data (pretalx-derived pages since 2026).

Conference: https://www.pyohio.org (Columbus, OH until 2025; Cleveland, OH in 2026).
Platform: ``RockgardenSpider`` since 2026 (one Markdown page per talk); 2024 and 2025 are read
by ``TalksJsonSpider`` from the ``talks.json`` the earlier site built (``PyohioTalksJsonSpider``).
Caveats: cancelled talks stay in ``talks.json`` titled "Canceled: ..." (skipped); its
``talk_url`` lacks the ``/program/`` part of the live pages, so the page URL is a template;
2026 keynote pages are titled only "Keynote"; the 2026 site has no video links yet.
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata import TalksJsonSpider
from scrapers.platforms.sitedata.rockgarden import RockgardenSpider

REPO = "pyohio/pyohio-static-website"


class PyohioTalksJsonSpider(TalksJsonSpider):
    """PyOhio 2024-2025 (``talks.json``); nameless: ``PyohioSpider`` serves these years."""

    # ConferenceSpider
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


class PyohioSpider(RockgardenSpider):
    # ConferenceSpider
    name = "pyohio"
    generations = (PyohioTalksJsonSpider,)
    editions = {
        2026: Edition(
            slug="pyohio-2026",
            title="PyOhio 2026",
            start_date=dt.date(2026, 7, 25),
            end_date=dt.date(2026, 7, 26),
            timezone="America/New_York",
            url="https://www.pyohio.org/2026/",
            options={
                "repo": REPO,
                "sha": "d93fb70ea09c27354e0f3016ada13f4327502868",
                "paths": ("2026/content/program/",),
                "talk_url": "https://www.pyohio.org/2026/program/talks/{slug}/",
                "talk_page_label": "Presentation Webpage",
            },
        ),
    }
