"""Clean text: one-line titles and names, reStructuredText descriptions, known language codes."""

from __future__ import annotations

from scrapers.domain import policy
from scrapers.domain.text import convert_rst, plain_title, single_line
from scrapers.items import Event
from scrapers.pipeline import EventPipeline


class CleanTextPipeline(EventPipeline):
    """Trim and collapse whitespace, strip HTML, convert abstracts to reST the data repo accepts.

    A talk without a title is left out with a message naming the source and the talk: a record
    without a title is refused by the data repo, and guessing one would be worse.
    """

    def process_event(self, event: Event) -> None:
        event.title = single_line(event.title)
        kept = []
        for talk in event.talks:
            talk.title = single_line(talk.title, keep_typographic=True)
            if not talk.title:
                self.logger.warning(
                    "%s: talk %s (%s): missing title; left out",
                    event.slug,
                    talk.source_id,
                    talk.source_url,
                )
                event.skip(f"talk {talk.source_id}", "invalid", "missing title")
                self.inc("talks/missing_title")
                continue
            talk.description, talk.description_fallback = convert_rst(
                talk.description, talk.description_format
            )
            if talk.description_fallback:  # the review page flags the record
                self.inc(f"description/{talk.description_fallback}")
            talk.description_format = "rst"
            talk.speakers = [single_line(s) for s in talk.speakers if single_line(s)]
            talk.tags = sorted({single_line(t).lower() for t in talk.tags if single_line(t)})
            lang = policy.language(talk.language)
            if talk.language and lang is None:
                self.logger.warning(
                    "%s: talk %s %r: language %r is not one the data repo allows;"
                    " using the video's or the event's (%s)",
                    event.slug,
                    talk.source_id,
                    talk.title,
                    talk.language,
                    event.language,
                )
            # None when the schedule says nothing: a matched video's language may fill it,
            # else the record takes the event's (scrapers/domain/record.py)
            talk.language = lang
            kept.append(talk)
        event.talks = kept
        for rec in event.recordings:
            rec.title = plain_title(rec.title)  # as typed: see plain_title
            rec.description = (rec.description or "").replace("\r\n", "\n").strip()
            rec.language = policy.language(rec.language) or event.language
        self.inc("talks/seen", len(event.talks))
        self.inc("recordings/seen", len(event.recordings))
