"""Match: join the schedule's talks to the recordings, and build one record per video.

A video link in the schedule wins; then a schedule code found in the video's metadata; then
title similarity with speaker overlap, as one global one-to-one assignment
(scrapers/domain/matching.py). Talks without a recording are not written (no recording yet); videos
without a talk are written from their own curated metadata and flagged in the match report.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scrapers.domain.datatree import tree_path
from scrapers.domain.matching import match
from scrapers.domain.record import build_record, canonical_json, video_entry
from scrapers.items import Event
from scrapers.pipeline import EventPipeline


class MatchPipeline(EventPipeline):
    def process_event(self, event: Event) -> None:
        public = [r for r in event.recordings if r.status == "public"]
        for rec in event.recordings:
            if rec.status != "public":
                event.skip(f"video {rec.key} {rec.title!r}", rec.status)
                self.inc(f"recordings/{rec.status}")
        if not event.recordings and not event.playlists:
            self.logger.warning(
                "%s: no playlist known for this edition (give -a playlist=<id>); writing only the "
                "talks whose schedule links a recording",
                event.slug,
            )
        result = match(event.talks, public, event_title=event.title)
        matched = {m.talk.source_id: m for m in result.matches}
        for talk in event.talks:
            m = matched.get(talk.source_id)
            if m is not None:
                # the match may know a fuller form of a speaker's name from the video's byline
                talk_seen = replace(talk, speakers=list(m.speakers or talk.speakers))
                event.records.append(build_record(event, talk_seen, m.recording))
                continue
            links = [u for u in talk.video_urls if u]
            if links:
                # The schedule's own link, when the playlist did not contain it (or no playlist).
                event.records.append(build_record(event, talk, link=links[0]))
                for extra in links[1:]:
                    key, _ = video_entry(extra)
                    event.skip(f"talk {talk.source_id} {talk.title!r}", "extra link", key)
            else:
                event.skip(f"talk {talk.source_id} {talk.title!r}", "no recording yet")
        for rec in result.unmatched_recordings:
            event.records.append(build_record(event, recording=rec))
        self.inc("match/matched", len(result.matches))
        self.inc("match/unmatched_talks", len(result.unmatched_talks))
        self.inc("match/unmatched_recordings", len(result.unmatched_recordings))
        if event.recordings:
            report = result.report()
            report["event"] = event.slug
            report["playlists"] = list(event.playlists)
            report["skipped"] = [
                {"video": r.key, "title": r.title, "status": r.status}
                for r in event.recordings
                if r.status != "public"
            ]
            report["counts"] = {
                "playlist_items": len(event.recordings),
                "matched": len(result.matches),
                "unmatched_videos": len(result.unmatched_recordings),
                "skipped_videos": len(report["skipped"]),
                "talks": len(event.talks),
                "unmatched_talks": len(result.unmatched_talks),
            }
            event.match_report = report
            self.write_report(event)

    def write_report(self, event: Event) -> None:
        """The JSON report beside the data tree (never inside an event folder)."""
        folder = Path(self.settings.get("PYVIDEO_REPORT_DIR") or "reports")
        folder.mkdir(parents=True, exist_ok=True)
        path = tree_path(folder, f"{event.slug}.match.json")  # a slug never leaves the folder
        text = canonical_json(event.match_report)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        self.logger.info("%s: match report written to %s", event.slug, path)
