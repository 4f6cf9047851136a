"""DjangoCon US: the site's repository (Jekyll until 2023, 11ty since 2024), read as data.

Conference: https://djangocon.us (Durham, NC in 2023 and 2024; Chicago, IL in 2025).
Platform: ``FrontMatterSpider``; the two site generations differ only by key names.
Caveats: a panel lists only its moderator; names keep pronouns ("(he/him)") for the speakers
pipeline to remove; tutorials (online, one week before in 2023) are kept, tagged ``tutorial``;
since 2025 ``video_url`` is a bare YouTube id, made a watch URL by the edition's ``video_id_url``
template.
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata import FrontMatterSpider


class DjangoconUsSpider(FrontMatterSpider):
    # ConferenceSpider
    name = "djangocon-us"
    editions = {
        2023: Edition(
            slug="djangocon-us-2023",
            title="DjangoCon US 2023",
            start_date=dt.date(2023, 10, 8),
            end_date=dt.date(2023, 10, 20),
            timezone="America/New_York",
            url="https://2023.djangocon.us",
            options={
                "repo": "djangocon/2023.djangocon.us",
                "sha": "0acd0d6c164a2e7eb52d41db2965db74a9558fa0",
                "paths": ("_schedule/", "_presenters/"),
                "schedule_dir": "_schedule/",
                "presenters_dir": "_presenters/",
                "start_key": "date",
                "talk_page_label": "Talk Webpage",
            },
        ),
        2024: Edition(
            slug="djangocon-us-2024",
            title="DjangoCon US 2024",
            start_date=dt.date(2024, 9, 22),
            end_date=dt.date(2024, 9, 27),
            timezone="America/New_York",
            url="https://2024.djangocon.us",
            options={
                "repo": "djangocon/2024.djangocon.us",
                "sha": "2ce84ae0a59bf988a785429e2adbd05e99a45b90",
                "paths": ("src/_content/schedule/", "src/_content/presenters/"),
                "schedule_dir": "src/_content/schedule/",
                "presenters_dir": "src/_content/presenters/",
                "start_key": "start_datetime",
                "talk_page_label": "Talk Webpage",
            },
        ),
        2025: Edition(
            slug="djangocon-us-2025",
            title="DjangoCon US 2025",
            start_date=dt.date(2025, 9, 8),
            end_date=dt.date(2025, 9, 12),
            timezone="America/Chicago",
            url="https://2025.djangocon.us",
            options={
                "repo": "djangocon/2025.djangocon.us",
                "sha": "126e04aee3977d760d6b13c10e2085b5bd403e7e",
                "paths": ("src/_content/schedule/", "src/_content/presenters/"),
                "schedule_dir": "src/_content/schedule/",
                "presenters_dir": "src/_content/presenters/",
                "start_key": "start_datetime",
                "talk_page_label": "Talk Webpage",
                "video_id_url": "https://www.youtube.com/watch?v={id}",
            },
        ),
    }
