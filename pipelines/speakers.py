"""Speakers: one entry per person, clean, with the spelling the data tree already uses."""

from __future__ import annotations

from scrapers.domain.names import load_aliases, normalize_speakers
from scrapers.extensions import data_tree
from scrapers.items import Event
from scrapers.pipeline import EventPipeline


class SpeakersPipeline(EventPipeline):
    """Split "A & B", drop honorifics and pronouns, apply aliases and the tree's spelling.

    The alias file (scrapers/data/speaker_aliases.json) is data: the data repo's replacements
    plus people known under two forms. Names the tree already has keep their spelling, so a
    speaker page on pyvideo.org stays one page.
    """

    def process_event(self, event: Event) -> None:
        index = data_tree(self.crawler).names
        aliases = load_aliases()
        for talk in event.talks:
            talk.speakers = normalize_speakers(
                talk.speakers, index=index, aliases=aliases, last_first=talk.speakers_last_first
            )
        for rec in event.recordings:
            rec.curated_speakers = normalize_speakers(
                rec.curated_speakers, index=index, aliases=aliases
            )
