"""Curate recordings from their host's metadata alone: the talk title, speakers, description, links.

Every public recording is curated, matched or not: the match step compares curated titles, and a
video that matches no talk is written from its curated fields. The event's videos are curated
together, because an event's titles share one shape ("Speaker: Title" everywhere) and that shape
is better evidence than any single title. The curated description is made (reST-checked and
converted) when the record that uses it is built: a matched talk's own abstract usually wins.
"""

from __future__ import annotations

from functools import partial

from scrapers.domain.curation import Curated, curate_event
from scrapers.domain.text import to_rst
from scrapers.items import Event
from scrapers.pipeline import EventPipeline


class CuratePipeline(EventPipeline):
    def process_event(self, event: Event) -> None:
        public = [r for r in event.recordings if r.status == "public"]
        curated = curate_event([(r.title, r.description) for r in public], event.title)
        for rec, cur in zip(public, curated, strict=True):
            rec.curated_title = cur.title or rec.title
            rec.curated_speakers = list(cur.speakers)
            rec.curated_description = partial(_description_rst, cur)  # made when first read
            rec.curated_related_urls = list(cur.related_urls)
            if cur.language:  # "[RUS]" in the title outranks the channel's default audio language
                rec.language = cur.language


def _description_rst(curated: Curated) -> str:
    return to_rst(curated.description, "text")
