"""Validate: the data repo's schemas and rules, plus stricter ones; invalid records are left out."""

from __future__ import annotations

from scrapers.domain.validation import category_problems, video_problems
from scrapers.items import Event
from scrapers.pipeline import EventPipeline


class ValidatePipeline(EventPipeline):
    """One log line per invalid record, naming the event, the talk and every failing field.

    A record whose only fault is a missing ``recorded`` is written, with a warning: the dates
    step leaves it empty only when no date can be trusted, and losing the talk is worse.

    Counted in the stats as ``pyvideo/invalid`` and ``pyvideo/invalid/<rule>``. When more than
    ``PYVIDEO_MAX_INVALID_RATIO`` of an event's records are invalid the crawl is marked failed
    (``scrapy crawl`` exits 1): something upstream changed and a human should look.
    """

    def process_event(self, event: Event) -> None:
        kept = []
        for record in event.records:
            problems = video_problems(record.data, new=True)
            if [(p.field, p.rule) for p in problems] == [("recorded", "missing-key")]:
                # the dates step left it empty on purpose and said why (an upload before the
                # event's year, a start that is no date): the talk is kept undated, since a
                # wrong date is worse and a re-crawl with -a start/-a end fills it in
                self.logger.warning(
                    "%s: %s: written without `recorded` (no trustworthy date); give the event's "
                    "dates with -a start=YYYY-MM-DD -a end=YYYY-MM-DD to fill it in",
                    event.slug,
                    record.label,
                )
                self.inc("undated")
                kept.append(record)
                continue
            if not problems:
                kept.append(record)
                continue
            fields = "; ".join(f"{p.field}: {p.message} [{p.rule}]" for p in problems)
            self.logger.error(
                "%s: %s: invalid record left out: %s", event.slug, record.label, fields
            )
            event.skip(record.label, "invalid", fields)
            self.inc("invalid")
            for rule in sorted({p.rule for p in problems}):
                self.inc(f"invalid/{rule}")
        total = len(event.records)
        if total and (total - len(kept)) / total > self.settings.getfloat(
            "PYVIDEO_MAX_INVALID_RATIO", 0.2
        ):
            self.logger.error(
                "%s: %d of %d records are invalid; the crawl is marked failed",
                event.slug,
                total - len(kept),
                total,
            )
            self.stats.set_value("pyvideo/failed", "too many invalid records")
        event.records = kept
        for problem in category_problems({"title": event.title}):
            self.logger.error(
                "%s: category.json: %s: %s", event.slug, problem.field, problem.message
            )
            self.stats.set_value("pyvideo/failed", "invalid category")
