"""PyConES: the pentabarf XML its Django site exported, read from the static mirror on GitHub.

Conference: https://es.pycon.org (Valencia 2015, Almería 2016).
Platform: ``PentabarfSpider``.
Caveats: ``<date>`` says ``+0100`` for October 2016 (CEST, really ``+0200``): the wall-clock time
is taken in Europe/Madrid (``trust_offsets = False``). Descriptions are Markdown whose newlines
were stripped on export. Breaks ("Coffee Break", "CAFÉ", "Comida") have no persons (skipped).
2016 lists no persons for some talks and no language at all: the hook reads them from the talk
page (fetched only when persons are missing) or else from the schedule index, whose entries
carry the speakers and an "es"/"en" marker.
"""

import datetime as dt
import re
from typing import Any

from scrapy.http import Response

from scrapers.items import Talk
from scrapers.platforms.base import Edition
from scrapers.platforms.pentabarf import PentabarfSpider, norm_title

RAW = "https://raw.githubusercontent.com/python-spain"


class PyconEsSpider(PentabarfSpider):
    name = "pycon-es"
    # PentabarfSpider
    trust_offsets = False
    editions = {
        2015: Edition(
            slug="pycon-es-2015",
            title="PyCon ES 2015",
            start_date=dt.date(2015, 11, 20),
            end_date=dt.date(2015, 11, 22),
            timezone="Europe/Madrid",
            language="spa",
            url="http://2015.es.pycon.org",
            options={
                "schedule_url": f"{RAW}/PyConES-2015-static/"
                "35e000036258f3e1977f7d4ee23e7d2938c8144d/schedule/pentabarf.xml",
            },
        ),
        2016: Edition(
            slug="pycon-es-2016",
            title="PyCon ES 2016",
            start_date=dt.date(2016, 10, 7),
            end_date=dt.date(2016, 10, 9),
            timezone="Europe/Madrid",
            language="spa",
            url="http://2016.es.pycon.org",
            options={
                "schedule_url": f"{RAW}/PyConES-2016-static/"
                "8fd2f9835f220f623ecc906296464cfb45117d6c/schedule/pentabarf.xml",
                "talk_pages_index": f"{RAW}/PyConES-2016-static/"
                "72563d61384af0d56e4bd0f6c869cb0b12759013/en/schedule/index.html",
            },
        ),
    }

    def post_process_item(self, talk: Talk, response: Response | None, raw: Any) -> Talk | None:
        """Speakers and language from the 2016 talk page, or from the talk's index entry."""
        if response is None:
            return talk
        page = response.css("div.slot-details")
        if page:  # the talk's own page
            speakers = page.css("h2 small::text").getall()
            language = page.xpath(".//li[contains(., 'Idioma')]//span/text()").get()
        else:  # the schedule index: <h3><a>Title <small>es</small></a></h3><p><strong>names
            speakers, language = [], None
            wanted = norm_title(talk.title)
            for anchor in response.css("h3 > a"):
                text = " ".join(anchor.xpath("./text()").getall())
                if norm_title(text) == wanted:
                    language = anchor.css("small::text").get()
                    names = anchor.xpath("../following-sibling::p[1]/strong/text()").get()
                    speakers = re.split(r"\s*,\s*|\s+y\s+", names or "")
                    break
        if not talk.speakers:
            talk.speakers = [" ".join(s.split()) for s in speakers if s.strip()]
        if language and language.strip() and not talk.language:
            talk.language = language.strip().lower()
        return talk
