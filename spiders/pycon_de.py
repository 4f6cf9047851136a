"""PyCon DE & PyData: the pretalx programme its Lektor site keeps as a databag, read from the
site repository, with the site's own map of recordings.

Conference: https://pycon.de (PyCon DE & PyData, Darmstadt since 2025).
Platform: ``LektorDatabagSpider``.
Caveats: ``databags/talks-<year>.json`` has ``slot_date`` + ``start_time`` without offset
(Europe/Berlin wall clock) and no rooms; videos come from ``databags/recordings.yaml``
(``overrides.<year>``: pretalx code -> YouTube id), updated after the event and pinned at a
later commit than the talks (``refs``); ``do_not_record`` talks are skipped. Earlier editions
(2011-2023) are in pyvideo-data already and were not built from this repository.
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.sitedata.lektor import LektorDatabagSpider

REPO = "PioneersHub/pyconde-website"


class PyconDeSpider(LektorDatabagSpider):
    # ConferenceSpider
    name = "pycon-de"
    editions = {
        2025: Edition(
            slug="pycon-de-2025",
            title="PyCon DE 2025",
            start_date=dt.date(2025, 4, 23),
            end_date=dt.date(2025, 4, 25),
            timezone="Europe/Berlin",
            url="https://2025.pycon.de/",
            options={
                "repo": REPO,
                "sha": "31d32e89ca32e74e6dadd113ee8a8267161343c1",
                "paths": ("databags/talks-2025.json", "databags/recordings.yaml"),
                # the recordings map was filled in a year later, at another commit
                "refs": {"databags/recordings.yaml": "56ca2049b100359f9484fb193ac92c2268109ed4"},
                "recordings": "databags/recordings.yaml",
                "recordings_key": "overrides.2025",
                "talk_url": "https://pretalx.com/pyconde-pydata-2025/talk/{code}/",
                "talk_page_label": "Talk Page",
            },
        ),
    }
