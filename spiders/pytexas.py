"""PyTexas: the talk, keynote and tutorial pages of its MkDocs site repository, read as data.

Conference: https://www.pytexas.org (Austin, TX; tutorials on Friday, talks Saturday and Sunday
in April).
Platform: ``MkDocsSpider`` (talks are ``##`` sections of ``docs/schedule/talks.md``, keynotes
``##`` sections headed by the speaker, tutorials ``###`` sections; times from the grid page).
Caveats: the grid has no timezone (America/Chicago) and no dates, only weekday columns or
headings; one 2025 cell says "11:55 PM" for 11:55 AM (read by the grid's order); talk pages and
grid spell some titles differently (joined by the cell's link, else by title); 2025 keynotes,
lightning talks and the virtual-only talk have no iframe, so no recording (a playlist given with
``-a playlist=`` can supply them); the 2024 keynote iframes are titled "Day N Keynote (Name)".
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata.mkdocs import MkDocsSpider

# the recordings are on the PyTexas YouTube channel under CC BY (as pyvideo-data records them)
LICENCE = "Creative Commons Attribution license (reuse allowed)"


class PytexasSpider(MkDocsSpider):
    # ConferenceSpider
    name = "pytexas"
    editions = {
        2024: Edition(
            slug="pytexas-2024",
            title="PyTexas 2024",
            start_date=dt.date(2024, 4, 19),
            end_date=dt.date(2024, 4, 21),
            timezone="America/Chicago",
            url="https://www.pytexas.org/2024/",
            options={
                "repo": "pytexas/2024",
                "sha": "ce457df4a29bcd87b31a2f124117018fd1d01d9c",
                "paths": (
                    "docs/schedule/full_schedule.md",
                    "docs/schedule/talks.md",
                    "docs/schedule/keynotes.md",
                    "docs/schedule/tutorials.md",
                ),
                "talk_pages": {
                    "docs/schedule/talks.md": {"level": 2},
                    "docs/schedule/keynotes.md": {"level": 2, "heading": "speaker"},
                    "docs/schedule/tutorials.md": {"level": 3},
                },
                "schedule_pages": (
                    "docs/schedule/full_schedule.md",
                    "docs/schedule/tutorials.md",
                ),
                "talk_page_label": "Talk Webpage",
                "copyright_text": LICENCE,
            },
        ),
        2025: Edition(
            slug="pytexas-2025",
            title="PyTexas 2025",
            start_date=dt.date(2025, 4, 11),
            end_date=dt.date(2025, 4, 13),
            timezone="America/Chicago",
            url="https://www.pytexas.org/2025/",
            options={
                "repo": "pytexas/2025",
                "sha": "15f337cc98d7a39c1bca61a1bc0e0aaf65ebc76e",
                "paths": (
                    "docs/schedule/index.md",
                    "docs/schedule/talks.md",
                    "docs/schedule/keynotes.md",
                    "docs/schedule/tutorials.md",
                ),
                "talk_pages": {
                    "docs/schedule/talks.md": {"level": 2},
                    "docs/schedule/keynotes.md": {"level": 2, "heading": "speaker"},
                    "docs/schedule/tutorials.md": {"level": 3},
                },
                "schedule_pages": ("docs/schedule/index.md",),
                "talk_page_label": "Talk Webpage",
                "copyright_text": LICENCE,
            },
        ),
    }
