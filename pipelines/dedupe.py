"""Dedupe: one record per talk and per video, in this crawl and across the whole data tree."""

from __future__ import annotations

from scrapers.domain.datatree import TreeError
from scrapers.extensions import data_tree
from scrapers.items import Event
from scrapers.pipeline import EventPipeline


class DedupePipeline(EventPipeline):
    """Leave out a record whose video is already written elsewhere, or blocked by NO_PUBLISH.

    A video already in *this* event's folder is kept: the writer merges into that file, filling
    what is empty and never overwriting what volunteers fixed.

    A ``NO_PUBLISH.json`` that cannot be read fails closed: no record is written (each is
    counted as not written) and the crawl is marked failed with the file to fix.
    """

    def process_event(self, event: Event) -> None:
        # what the crawl saw up to here, for the summary's sum (scrapers/summary.py)
        self.inc("records/built", len(event.records))
        self.inc("skipped/before_records", len(event.skipped))
        try:
            tree = data_tree(self.crawler).index
        except TreeError as exc:
            self.logger.error("%s: %s", event.slug, exc)
            if self.stats is not None:
                self.stats.set_value("pyvideo/failed", str(exc))
            for record in event.records:
                event.skip(record.label, "not written", "the data tree needs a fix (see above)")
            event.records = []
            return
        own_folder = (tree.root / event.slug).resolve()
        seen_videos: dict[str, str] = {}
        seen_talks: dict[str, str] = {}
        kept = []
        for record in event.records:
            reason = detail = ""
            where = tree.where(record.video_key)
            if record.video_key in tree.blocked:
                reason, detail = "NO_PUBLISH", "its id is in NO_PUBLISH.json"
            elif record.video_key in seen_videos:
                reason, detail = "duplicate", f"same video as {seen_videos[record.video_key]}"
            elif record.talk_id and record.talk_id in seen_talks:
                reason, detail = "duplicate", f"talk listed twice ({seen_talks[record.talk_id]})"
            elif where is not None and where.parent.parent.resolve() != own_folder:
                rel = where.relative_to(tree.root)
                reason, detail = "duplicate", f"video already in the data tree at {rel}"
            if reason:
                self.logger.warning(
                    "%s: %s: %s (%s); not written", event.slug, record.label, reason, detail
                )
                event.skip(record.label, reason, detail)
                self.inc(f"skipped/{reason}")
                continue
            seen_videos[record.video_key] = record.label
            if record.talk_id:
                seen_talks[record.talk_id] = record.label
            kept.append(record)
        event.records = kept
