"""Curate recordings from their host's metadata alone: the talk title, speakers, description, links.

Every recording is curated, matched or not: the match step compares curated titles, and a video
that matches no talk is written from its curated fields.
"""

from __future__ import annotations

from scrapers.curation import curate_video
from scrapers.items import Event
from scrapers.pipeline import EventPipeline
from scrapers.text import to_rst


class CuratePipeline(EventPipeline):
    def process_event(self, event: Event) -> None:
        for rec in event.recordings:
            if rec.status != "public":
                continue
            curated = curate_video(rec.title, rec.description, event.title)
            rec.curated_title = curated.title or rec.title
            rec.curated_speakers = list(curated.speakers)
            rec.curated_description = to_rst(curated.description, "text")
            rec.curated_related_urls = list(curated.related_urls)
