"""Any Sessionize event, given by its API endpoint id on the command line.

Conference: any event on sessionize.com.
Platform: ``SessionizeSpider``.
Usage::

    scrapy crawl sessionize -a sessionize_id=<id> -a event=<slug> -a title="…" \\
        -a timezone=Europe/Vienna [-a playlist=…]

Caveats: ``-a timezone`` is required (``startsAt`` has no offset); category names differ per
event (Language/Session format are found by name, the rest become tags).
"""

from scrapers.platforms.sessionize import SessionizeSpider as SessionizeBase


class SessionizeSpider(SessionizeBase):
    name = "sessionize"
