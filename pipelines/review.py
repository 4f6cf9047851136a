"""Review: the event's review page, ``PYVIDEO_REPORT_DIR/<event>.html`` (scrapers/review.py).

Runs after validate and before write, because two flags need the tree as it was before this
crawl: a record the event folder already holds (only its empty fields get filled) and a speaker
name new to the tree. The page itself is written once the event has gone through every
pipeline (``item_scraped``), so its summary is the crawl summary, counts included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from pipelines.write import merge
from scrapers.domain.datatree import TreeError, WriteError, tree_path, write_text
from scrapers.domain.record import canonical_json
from scrapers.extensions import data_tree
from scrapers.items import Event
from scrapers.pipeline import EventPipeline
from scrapers.review import Row, event_page, event_rows, rows_to_json
from scrapers.summary import summarize


class ReviewPipeline(EventPipeline):
    """Flags each record while the tree is as it was; writes the page after the last pipeline."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.pending: dict[int, tuple[Event, list[Row], Any]] = {}
        if crawler.signals is not None:
            crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    def process_event(self, event: Event) -> None:
        tree = data_tree(self.crawler)
        names = tree.names
        update = set(self.settings.getlist("PYVIDEO_UPDATE_FIELDS"))
        existing = {}
        try:
            index = tree.index
        except TreeError:  # dedupe already said so and left no record
            index = None
        for record in event.records:
            path = index.where(record.video_key) if index is not None else None
            if path is None:
                continue
            try:
                old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # the writer refuses the folder and says why
            if isinstance(old, dict):
                rel = f"videos/{path.name}"
                existing[record.video_key] = (old, merge(old, record.data, update), rel)
        rows = event_rows(event, names=names, existing=existing)
        self.pending[id(event)] = (event, rows, names)

    def item_scraped(self, item: Any, **kwargs: Any) -> None:
        entry = self.pending.pop(id(item), None)
        if entry is None:
            return
        event, rows, names = entry
        stats = self.stats.get_stats() if self.stats is not None else {}
        page = event_page(event, rows, summarize(event, stats), names)
        folder = Path(self.settings.get("PYVIDEO_REPORT_DIR") or "reports")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = tree_path(folder, f"{event.slug}.html")  # a slug never leaves the folder
            write_text(path, page)
        except (OSError, TreeError, WriteError) as exc:  # a review page never fails the crawl
            self.logger.warning("%s: review page not written: %s", event.slug, exc)
            return
        if self.settings.getbool("PYVIDEO_REVIEW_ROWS"):  # scrapy publish's body reads them
            rows_path = tree_path(folder, f"{event.slug}.review.json")
            try:
                write_text(rows_path, canonical_json(rows_to_json(rows)))
            except (OSError, WriteError) as exc:
                self.logger.warning("%s: review rows not written: %s", event.slug, exc)
        self.logger.info(
            "%s: review page written to %s (%d rows, %d flagged)",
            event.slug,
            path,
            len(rows),
            sum(1 for r in rows if r.flags),
        )
