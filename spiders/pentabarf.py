"""Any frab/pentabarf schedule export (XML or frab JSON), given on the command line.

Conference: any (frab, pretalx, wafer, PyConES...).
Platform: ``PentabarfSpider``.
Usage::

    scrapy crawl pentabarf -a schedule_url=https://…/schedule.xml -a event=<slug> \\
        -a title="…" [-a timezone=Europe/Madrid] [-a trust_offsets=false] [-a playlist=…]

``schedule_url`` may be ``file:///path/schedule.xml``.
Caveats: without ``-a timezone`` the export's offsets are kept as written (frab JSON names its
zone in ``time_zone_name``, which is used).
"""

from scrapers.platforms.pentabarf import PentabarfSpider as PentabarfBase


class PentabarfSpider(PentabarfBase):
    name = "pentabarf"
