"""The review page: one static HTML file per event, so a crawl is reviewed by looking at it.

One row per record (thumbnail, title, speakers, ``recorded``, language, duration, the schedule's
and the video's titles when they differ, the match evidence and score) and one per talk left
without a video; rows with something to look at first come first. Flags reuse the functions the
pipelines and ``check-data`` use (``scrapers.domain.validation.event_problems``: ``recorded-year``,
``title-event``, ``title-speaker``; ``scrapers.domain.matching.THRESHOLD``; the tree's
``scrapers.domain.names.NameIndex``), so a rule has one copy.

The page is one file with inline CSS: no script, no font, nothing fetched but the thumbnails.
Every string from a source is escaped, and only http(s) URLs become links or images.

Written by ``pipelines.review.ReviewPipeline`` after every crawl (``PYVIDEO_REPORT_DIR``/
``<event>.html``, beside the match report), and by ``scrapy review <event-dir>`` for an event
folder of any data tree (no match evidence then: a pull request made by hand).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from scrapers.domain.datatree import is_record_file
from scrapers.domain.matching import THRESHOLD
from scrapers.domain.names import NameIndex
from scrapers.domain.validation import event_problems, event_span, video_problems
from scrapers.items import Event, Record

__all__ = [
    "FLAGS",
    "Flag",
    "Row",
    "event_rows",
    "folder_page",
    "folder_rows",
    "nearest_names",
    "render_page",
    "tree_names",
]

# Every flag, in the order a reviewer should look at them (rows sort by their first flag):
# what will be published and may be wrong first, what is missing last.
FLAGS: dict[str, str] = {
    "problem": "the record breaks a rule of check-data",
    "low-margin": "matched on title similarity close to the threshold",
    "unmatched-video": "a video matched no talk: written from its own metadata",
    "recorded-year": "`recorded` outside the event's dates",
    "title-speaker": "the title still contains a speaker's name",
    "title-event": "the title still contains the event's name",
    "new-speaker": "a speaker name the data tree does not have yet",
    "description-fallback": "the description was converted with a fallback (escaped or literal)",
    "gap-filled": "an existing record: only its empty fields were filled",
    "unmatched-talk": "a talk of the schedule got no video (nothing written: is one missing?)",
}
# A title-similarity match scoring less than this over the threshold is worth a look; links
# and schedule codes are never low-margin (the matcher trusts them outright).
LOW_MARGIN = 0.15


@dataclass(frozen=True)
class Flag:
    code: str  # a key of FLAGS
    text: str  # what exactly, for this row


@dataclass
class Row:
    """One line of the page: a record (or a talk without one) and what to look at."""

    key: str  # "youtube:<id>" for a record, "talk:<source_id>" for a talk without a video
    title: str
    speakers: list[str] = field(default_factory=list)
    recorded: str = ""
    language: str = ""
    duration: int | None = None
    thumbnail: str = ""
    video_url: str = ""
    schedule_title: str = ""  # the talk's title in the schedule
    video_title: str = ""  # the video's own title on its host
    evidence: str = ""
    score: float | None = None
    file: str = ""  # videos/<name>.json when known
    flags: list[Flag] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.flags]


def rows_to_json(rows: list[Row]) -> list[dict[str, Any]]:
    """The rows as JSON (the crawl hands them to ``scrapy publish``: every flag the page has)."""
    return [asdict(row) for row in rows]


def rows_from_json(data: Any) -> list[Row]:
    """Rows written by :func:`rows_to_json` (unknown keys ignored)."""
    known = set(Row.__dataclass_fields__)
    rows = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        fields = {k: v for k, v in item.items() if k in known and k != "flags"}
        item.setdefault("flags", [])
        flags = [
            Flag(str(f.get("code", "")), str(f.get("text", ""))) for f in item.get("flags") or []
        ]
        rows.append(Row(**fields, flags=flags))
    return rows


# --------------------------------------------------------------------------- flags


def low_margin(pair: Mapping[str, Any]) -> str | None:
    """Why a match of the match report deserves a second look, or None."""
    evidence = str(pair.get("evidence", ""))
    if evidence.startswith(("schedule link", "code ")):
        return None
    score = float(pair.get("score") or 0)
    if "order in playlist" in evidence:
        return f"twins told apart by playlist order (score {score:.2f})"
    if score < THRESHOLD + LOW_MARGIN:
        return f"score {score:.2f}, threshold {THRESHOLD:.2f}"
    return None


def _name_key(name: str) -> str:
    """Words casefolded and sorted: "Glynatsi, Nikoleta" is near "Nikoleta Glynatsi"."""
    return " ".join(sorted(name.casefold().split()))


@lru_cache(maxsize=4)
def _choices(index: NameIndex) -> tuple[list[str], list[str]]:
    names = sorted(index.counts)
    return names, [_name_key(n) for n in names]


def nearest_names(index: NameIndex, name: str, limit: int = 3) -> list[str]:
    """The tree's spellings closest to ``name`` (a typo, a missing middle name), best first.

    Keys are prepared once per index, so a lookup is one C pass of rapidfuzz over the names.
    """
    from rapidfuzz import fuzz, process

    names, keys = _choices(index)
    hits = process.extract(_name_key(name), keys, scorer=fuzz.ratio, limit=limit, score_cutoff=70)
    return [names[i] for _, _, i in hits]


def speaker_flags(speakers: Iterable[str], names: NameIndex | None) -> list[Flag]:
    """A flag per speaker the tree does not know, with its nearest known spellings."""
    if names is None or not names.counts:
        return []
    out = []
    for name in speakers:
        if name in names:
            continue
        near = nearest_names(names, name)
        hint = f"; nearest: {', '.join(near)}" if near else "; no similar name"
        out.append(Flag("new-speaker", f"{name}{hint}"))
    return out


def rule_flags(record: Mapping[str, Any], span: Any, event_title: str) -> list[Flag]:
    """``recorded-year``, ``title-event``, ``title-speaker``: check-data's own functions."""
    return [Flag(p.rule, p.message) for p in event_problems(dict(record), span, event_title)]


def gap_flags(old: Mapping[str, Any] | None, merged: Mapping[str, Any], new: Mapping) -> list[Flag]:
    """An existing record: the fields the crawl filled, and those where its value was not used."""
    if old is None:
        return []
    filled = sorted(k for k in merged if k != "slug" and old.get(k) != merged.get(k))
    kept = sorted(
        k
        for k, v in new.items()
        if k != "slug" and v not in (None, "", [], {}) and merged.get(k) != v
    )
    if not filled and not kept:
        return []
    parts = [f"filled: {', '.join(filled)}" if filled else "nothing filled"]
    if kept:
        parts.append(f"kept its own: {', '.join(kept)}")
    return [Flag("gap-filled", "; ".join(parts))]


def _sort_rows(rows: list[Row]) -> list[Row]:
    order = {code: i for i, code in enumerate(FLAGS)}

    def key(row: Row) -> tuple[Any, ...]:
        first = min((order[c] for c in row.codes), default=len(order))
        return (not row.flags, first, row.recorded, row.title.casefold(), row.key)

    return sorted(rows, key=key)


# --------------------------------------------------------------------------- rows


def _category(event: Event) -> dict[str, Any]:
    """category.json as the writer makes it (the span the dates rules use)."""
    out: dict[str, Any] = {"title": event.title}
    for key in ("start_date", "end_date"):
        value = getattr(event, key)
        if isinstance(value, dt.date):
            out[key] = value.isoformat()
    return out


def _record_row(data: Mapping[str, Any], key: str) -> Row:
    videos = data.get("videos") or [{}]
    return Row(
        key=key,
        title=str(data.get("title") or ""),
        speakers=[s for s in data.get("speakers") or [] if isinstance(s, str)],
        recorded=str(data.get("recorded") or ""),
        language=str(data.get("language") or ""),
        duration=data.get("duration") if isinstance(data.get("duration"), int) else None,
        thumbnail=str(data.get("thumbnail_url") or ""),
        video_url=str(videos[0].get("url") or "") if isinstance(videos[0], dict) else "",
    )


def event_rows(
    event: Event,
    *,
    names: NameIndex | None = None,
    existing: Mapping[str, tuple[dict[str, Any], dict[str, Any], str]] | None = None,
) -> list[Row]:
    """The rows of a crawled event (after validate, before write), flagged and sorted.

    ``existing``: video key -> (record in the tree, record as the writer will merge it, file)
    for the videos the event folder already holds; ``names``: the tree's speakers before the
    crawl. Cheap per record: no docutils, no schema, one dictionary lookup per speaker.
    """
    existing = existing or {}
    report = event.match_report or {}
    pairs = {p["talk_id"]: p for p in report.get("pairs", [])}
    alone = {u["video_id"]: u for u in report.get("unmatched_recordings", [])}
    talks = {t.source_id: t for t in event.talks}
    videos = {r.key: r for r in event.recordings}
    span = event_span(event.slug, _category(event))
    rows = []
    for record in event.records:
        old, merged, file = existing.get(record.video_key, (None, record.data, ""))
        row = _record_row(merged, record.video_key)
        row.file = file
        talk = talks.get(record.talk_id or "")
        video = videos.get(record.video_key)
        row.schedule_title = talk.title if talk else ""
        row.video_title = video.title if video else ""
        row.flags += _origin_flags(record, row, pairs, alone, bool(event.talks))
        row.flags += rule_flags(merged, span, event.title)
        row.flags += speaker_flags(row.speakers, names)
        # Talk.description_fallback: which fallback the clean step's conversion took
        fallback = getattr(talk, "description_fallback", "") if talk else ""
        if fallback and merged.get("description") == record.data.get("description"):
            row.flags.append(Flag("description-fallback", f"converted as {fallback}"))
        row.flags += gap_flags(old, merged, record.data)
        rows.append(row)
    rows += _unmatched_talks(event, report)
    return _sort_rows(rows)


def _origin_flags(
    record: Record,
    row: Row,
    pairs: Mapping[str, Any],
    alone: Mapping[str, Any],
    schedule: bool,
) -> list[Flag]:
    """Evidence and score of the match; the match flags."""
    pair = pairs.get(record.talk_id or "")
    if pair is not None:
        row.evidence, row.score = pair["evidence"], pair["score"]
        why = low_margin(pair)
        return [Flag("low-margin", why)] if why else []
    if record.origin == "schedule":
        row.evidence = "the schedule's own video link"
        return []
    row.evidence = "no talk"
    if not schedule:  # a playlist-only crawl: every record is curated (said once, at the top)
        return []
    video_id = record.video_key.split(":", 1)[1]
    info = alone.get(video_id, {})
    reason = info.get("reason") or "no talk"
    if info.get("likely_duplicate_of"):
        reason += f"; likely a duplicate of talk {info['likely_duplicate_of']}"
    return [Flag("unmatched-video", f"curated from its own metadata ({reason})")]


def _unmatched_talks(event: Event, report: Mapping[str, Any]) -> list[Row]:
    """A row per talk the crawl saw and wrote no record for, with the reason it stayed alone."""
    reasons = {u["talk_id"]: u.get("reason", "") for u in report.get("unmatched_talks", [])}
    with_record = {r.talk_id for r in event.records}
    skips = {}
    for skip in event.skipped:
        skips.setdefault(skip.what, skip)
    rows = []
    for talk in event.talks:
        if talk.source_id in with_record:
            continue
        skip = skips.get(f"talk {talk.source_id} {talk.title!r}")
        if talk.source_id not in reasons and (skip is None or skip.reason != "no recording yet"):
            continue  # left out for another reason: listed under "Not written"
        why = reasons.get(talk.source_id) or (skip.reason if skip else "")
        row = Row(
            key=f"talk:{talk.source_id}",
            title=talk.title,
            speakers=list(talk.speakers),
            recorded=talk.recorded,
            language=talk.language or event.language,
            schedule_title=talk.title,
            evidence="no video",
        )
        row.flags.append(Flag("unmatched-talk", f"no video ({why or 'no recording yet'})"))
        rows.append(row)
    return rows


def tree_names(root: Path, minus: Iterable[str] = ()) -> NameIndex:
    """The speakers of a data tree, less ``minus`` (the reviewed event's own, which are new)."""
    whole = NameIndex.from_tree(root)
    return NameIndex(whole.counts - Counter(minus), whole.aliases)


def folder_rows(
    folder: Path, *, names: NameIndex | None = None, tree: Path | None = None
) -> tuple[dict[str, Any], list[Row], NameIndex | None]:
    """category.json, the rows of an event folder of a data tree, and the names compared with.

    No match evidence (a folder does not keep it). Each record also gets check-data's
    per-record rules (``problem`` flags): a folder made by hand has not been through the
    crawl's validation. Speakers are compared with ``names``, else with the rest of ``tree``.
    """
    try:
        category = json.loads((folder / "category.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        category = {}
    category = category if isinstance(category, dict) else {}
    title = category.get("title") if isinstance(category.get("title"), str) else ""
    span = event_span(folder.name, category)
    loaded: list[tuple[str, dict[str, Any] | None, str]] = []
    for path in sorted((folder / "videos").glob("*.json")):
        if not is_record_file(path):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            loaded.append((f"videos/{path.name}", data if isinstance(data, dict) else {}, ""))
        except (OSError, ValueError) as exc:
            loaded.append((f"videos/{path.name}", None, f"not valid JSON: {exc}"))
    if names is None and tree is not None:
        own = [s for _, d, _ in loaded if d for s in d.get("speakers") or [] if isinstance(s, str)]
        names = tree_names(tree, own)
    rows = []
    for rel, data, error in loaded:
        if data is None:
            row = Row(key=rel, title=rel, file=rel, flags=[Flag("problem", error)])
            rows.append(row)
            continue
        row = _record_row(data, rel)
        row.file = rel
        row.flags += [
            Flag("problem", f"{p.field}: {p.message} [{p.rule}]")
            for p in video_problems(data)
            if p.severity != "style"
        ]
        row.flags += rule_flags(data, span, title)
        row.flags += speaker_flags(row.speakers, names)
        rows.append(row)
    return category, _sort_rows(rows), names


def folder_page(folder: Path, rows: list[Row], category: dict, names: NameIndex | None) -> str:
    """The page of an event folder: a summary of what it holds instead of a crawl summary."""
    title = category.get("title") if isinstance(category.get("title"), str) else ""
    dates = " to ".join(str(category[k]) for k in ("start_date", "end_date") if category.get(k))
    summary = "\n".join(
        [
            f"Review of the event folder {folder.name} ({title}):",
            f"  records:            {len(rows)}",
            f"  dates:              {dates or 'not in category.json'}",
            "  no match evidence:  a data tree does not keep the crawl's match report",
        ]
    )
    return render_page(folder.name, title, rows, summary=summary, notes=names_note(names))


# --------------------------------------------------------------------------- page

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
th{background:#f4f4f4;position:sticky;top:0}
tr.flagged{background:#fff8e6}
img{width:160px;height:90px;object-fit:cover;background:#eee}
.flags{margin:0;padding-left:1rem}
.flags li{color:#8a3b00}
.flags code,.counts code{font-size:12px}
.titles{color:#555;font-size:12px}
.titles dt{font-weight:bold}
.titles dd{margin:0 0 .2rem 0}
pre{background:#f4f4f4;padding:.5rem;overflow:auto}
.ok{color:#2a7a2a}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _url(value: str) -> str:
    """An http(s) URL, escaped for an attribute; anything else (javascript:, data:) is ''."""
    return _e(value) if value.lower().startswith(("https://", "http://")) else ""


def _duration(seconds: int | None) -> str:
    if not seconds:
        return ""
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _row_html(n: int, row: Row) -> str:
    thumb = _url(row.thumbnail)
    video = _url(row.video_url)
    img = f'<img src="{thumb}" alt="" loading="lazy">' if thumb else ""
    if video and img:
        img = f'<a href="{video}">{img}</a>'
    title = _e(row.title)
    if video:
        title = f'<a href="{video}">{title}</a>'
    cells = [f"<strong>{title}</strong>"]
    if row.file:
        cells.append(f"<br><code>{_e(row.file)}</code>")
    titles = [
        (k, v) for k, v in (("schedule", row.schedule_title), ("video", row.video_title)) if v
    ]
    if len({v for _, v in titles}) > 1 or (titles and titles[0][1] != row.title):
        items = "".join(f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in titles)
        cells.append(f'<dl class="titles">{items}</dl>')
    score = "" if row.score is None else f"<br>score {row.score:.3f}"
    flags = "".join(f"<li><code>{_e(f.code)}</code> {_e(f.text)}</li>" for f in row.flags)
    flags_html = f'<ul class="flags">{flags}</ul>' if flags else '<span class="ok">ok</span>'
    klass = "record flagged" if row.flags else "record"
    return (
        f'<tr id="r{n}" class="{klass}" data-key="{_e(row.key)}">'
        f"<td>{img}</td>"
        f"<td>{''.join(cells)}</td>"
        f"<td>{'<br>'.join(_e(s) for s in row.speakers)}</td>"
        f"<td>{_e(row.recorded)}</td>"
        f"<td>{_e(row.language)}</td>"
        f"<td>{_duration(row.duration)}</td>"
        f"<td>{_e(row.evidence)}{score}</td>"
        f"<td>{flags_html}</td>"
        "</tr>"
    )


def render_page(
    slug: str,
    title: str,
    rows: list[Row],
    *,
    summary: str = "",
    notes: Iterable[str] = (),
    skipped: Iterable[tuple[str, str, str]] = (),
) -> str:
    """The whole page: the summary (the crawl's own text), flag counts, rows, what was skipped."""
    counts = Counter(code for row in rows for code in dict.fromkeys(row.codes))
    flagged = sum(1 for row in rows if row.flags)
    count_items = "".join(
        f"<li><code>{_e(code)}</code> {counts[code]}: {_e(doc)}</li>"
        for code, doc in FLAGS.items()
        if counts[code]
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Review: {_e(slug)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>Review of {_e(slug)} ({_e(title)})</h1>",
        '<section id="summary">',
        "<h2>Summary</h2>",
    ]
    if summary:
        out.append(f"<pre>{_e(summary.rstrip())}</pre>")
    out.append(f"<p>{len(rows)} rows, {flagged} flagged (flagged rows first).</p>")
    if count_items:
        out.append(f'<ul class="counts">{count_items}</ul>')
    for note in notes:
        out.append(f"<p>{_e(note)}</p>")
    out += [
        "</section>",
        '<table id="records">',
        "<thead><tr><th>Video</th><th>Title</th><th>Speakers</th><th>Recorded</th>"
        "<th>Language</th><th>Duration</th><th>Match</th><th>Flags</th></tr></thead>",
        "<tbody>",
        *(_row_html(n, row) for n, row in enumerate(rows, 1)),
        "</tbody>",
        "</table>",
    ]
    skipped = list(skipped)
    if skipped:
        out += [
            '<section id="skipped">',
            "<h2>Not written</h2>",
            "<table><thead><tr><th>Reason</th><th>What</th><th>Detail</th></tr></thead><tbody>",
            *(
                f"<tr><td>{_e(reason)}</td><td>{_e(what)}</td><td>{_e(detail)}</td></tr>"
                for reason, what, detail in skipped
            ),
            "</tbody></table>",
            "</section>",
        ]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def names_note(names: NameIndex | None) -> list[str]:
    """Say so when speaker names could not be checked (an empty data tree)."""
    if names is None or not names.counts:
        return ["Speaker names not checked: the data tree holds no speakers yet."]
    return []


def event_page(event: Event, rows: list[Row], summary: str, names: NameIndex | None) -> str:
    """The page of a crawled event: its rows, the crawl summary, the skips not shown as rows."""
    talk_rows = {r.key[len("talk:") :] for r in rows if r.key.startswith("talk:")}
    skipped = sorted(
        (s.reason, s.what, s.detail)
        for s in event.skipped
        if not (s.what.startswith("talk ") and s.what[5:].split(" ", 1)[0] in talk_rows)
    )
    notes = names_note(names)
    if not event.talks:
        notes.append(
            "No schedule: every record is curated from its video's own metadata "
            "(title, speakers, description); read the titles."
        )
    return render_page(event.slug, event.title, rows, summary=summary, notes=notes, skipped=skipped)
