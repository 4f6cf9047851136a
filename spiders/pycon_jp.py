"""PyCon JP: the Nuxt site's ``assets/sessions.json`` (2019), read from the site repository.

Conference: https://pycon.jp (Tokyo 2019: conference days 16 and 17 September).
Platform: ``CustomJsonSpider``.
Caveats: sessions give a day ordinal ("1", "2") and a slot ordinal, no date: day 1 is the
edition's start date. About half also carry ``hours`` ("11:25 - 12:10"), which gives the clock
time; keynotes and lightning-talk blocks do not. ``name`` joins several speakers with "; " and
Japanese names hold a full-width space (made one ASCII space). ``lang_of_talk`` says "jp"
(mapped to jpn by ``clean``). ``youtube`` is the recording link, ``presentation`` the slides;
descriptions are Markdown. Posters (``pt_i``, ``pt_c``) and the job fair are not recorded
talks. Each day's lightning talks are one video, linked from the block ("ライトニングトーク", no
speaker) and from each talk of it (day 1's talks wrongly link day 2's video): the hook leaves
the link to the block.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrapy.http import Response

from scrapers.items import Talk
from scrapers.platforms.base import Edition
from scrapers.platforms.customjson import CustomJsonSpider

REPO = "https://raw.githubusercontent.com/pyconjp/pycon.jp.2019"


class PyconJpSpider(CustomJsonSpider):
    name = "pycon-jp"
    editions = {
        2019: Edition(
            slug="pycon-jp-2019",
            title="PyCon JP 2019",
            start_date=dt.date(2019, 9, 16),
            end_date=dt.date(2019, 9, 17),
            timezone="Asia/Tokyo",
            language="jpn",
            url="https://pycon.jp/2019/",
            options={
                "sessions_url": f"{REPO}/e75bfa268e2b68800cca4afad158419c815b32c1/"
                "assets/sessions.json",
                "fields": {
                    "id": "id",
                    "title": "title",
                    "speakers": "name",
                    "description": "description",
                    "abstract": "abstract",
                    "day": "day",
                    "slot": "no",
                    "time": "hours",
                    "language": "lang_of_talk",
                    "video": "youtube",
                    "slides": "presentation",
                    "kind": "talk_format",
                    "tags": "tags",
                },
                "description_format": "markdown",  # papercall proposals
                "speaker_separator": r"\s*;\s*",
                "skip_kinds": {"pt_i": "poster", "pt_c": "poster", "job_fair": "not a talk"},
            },
        ),
    }

    def post_process_item(self, talk: Talk, response: Response | None, raw: Any) -> Talk | None:
        """A lightning talk with a speaker is part of its block's video: the block links it."""
        if raw.get("talk_format") == "lt" and talk.speakers:
            talk.video_urls = []
        return talk
