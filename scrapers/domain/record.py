"""The pyvideo-data record on disk: slugs, file names and the one canonical serialization."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from unidecode import unidecode

# Keys a video record may carry (schemas/video.json); anything else is refused by validation.
VIDEO_KEYS = (
    "alias",
    "category",
    "copyright_text",
    "description",
    "duration",
    "id",
    "language",
    "quality_notes",
    "recorded",
    "related_urls",
    "slug",
    "speakers",
    "summary",
    "tags",
    "thumbnail_url",
    "title",
    "videos",
)
MAX_NAME_BYTES = 139  # file and folder names must be shorter than 140 bytes (UTF-8)


def canonical_json(obj: Any) -> str:
    """The serialization the data repo's CI checks, byte for byte (ASCII, sorted, indent 2)."""
    return json.dumps(obj, indent=2, separators=(",", ": "), sort_keys=True) + "\n"


_HTML_TAG_RE = re.compile(r"<[^>]*>")


def slugify(text: str) -> str:
    """The data repo's slug of a title: lower case, ASCII, word characters, single dashes.

    This mirrors how the data repo derives a video's slug when the record has no ``slug``
    (FORMAT.md check 4: tags stripped, ASCII, ``_`` kept: "snake_case in <b>Python</b>" is
    ``snake_case-in-python``), so two records whose titles slugify alike collide there; the
    writer uses it for file names too.
    Every script is transliterated (Unidecode), as the data repo's own file names are: "Numpy:
    векторизация" is ``numpy-vektorizatsiia`` there, not ``numpy``, and "Michał" keeps its "l".
    Of the corpus's 2,004 non-ASCII titles, 832 file names end with this slug and 633 with the
    accents-only one (NFKD, unknown letters dropped), 9 of them only with that.
    """
    text = unidecode(unicodedata.normalize("NFKC", _HTML_TAG_RE.sub("", text)))
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    # "_" is a word character and stays, as in the data repo ("snake_case-in-python")
    return re.sub(r"[-\s]+", "-", text).strip("-")


def file_slug(text: str, limit: int = MAX_NAME_BYTES - len(".json")) -> str:
    """A slug short enough for a file name (cut at a dash where possible), never empty."""
    slug = slugify(text) or "untitled"
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    if "-" in cut[limit // 2 :]:
        cut = cut[: cut.rindex("-")]
    return cut.strip("-")


def _links(*groups: list[dict[str, str]]) -> list[dict[str, str]]:
    """related_urls without repeats (by URL), in the order given."""
    seen: set[str] = set()
    out = []
    for group in groups:
        for link in group:
            url = (link or {}).get("url")
            if url and url not in seen:
                seen.add(url)
                out.append({"label": link.get("label") or url, "url": url})
    return out


def video_entry(url: str) -> tuple[str, dict[str, str]]:
    """The dedupe key and the ``videos`` entry for a recording link (YouTube made canonical)."""
    from scrapers.videohosts.urls import video_id, watch_url

    vid = video_id(url)
    if vid:
        return f"youtube:{vid}", {"type": "youtube", "url": watch_url(vid)}
    host = "peertube" if "/videos/watch/" in url or "/w/" in url else "url"
    if url.lower().split("?")[0].endswith((".mp4", ".webm", ".ogv", ".mkv")):
        host = "mp4"
    return f"{host}:{url}", {"type": host, "url": url}


def build_record(
    event: Any,
    talk: Any | None = None,
    recording: Any | None = None,
    link: str | None = None,
) -> Any:
    """A pyvideo record from a talk (the truth about the talk) and/or its recording.

    The schedule gives title, speakers, description, recorded, tags and language; the recording
    gives the video, duration and thumbnail. Where the schedule is silent on speakers, description
    or language (exports with no persons, slots with no abstract), a matched recording's curated
    values fill the gap: the video's byline beats an anonymous record. A recording alone is
    written from its curated fields.
    """
    from scrapers.domain import policy
    from scrapers.domain.curation import fuller_title
    from scrapers.items import Record
    from scrapers.videohosts.urls import thumbnail_url, watch_url

    data: dict[str, Any] = {}
    conference = [{"label": "Conference Website", "url": event.url}] if event.url else []
    if talk is not None:
        tags = sorted(set(talk.tags) | set(policy.kind_tags(talk.kind)))
        data.update(
            title=fuller_title(talk.title, recording.curated_title) if recording else talk.title,
            speakers=list(talk.speakers),
            description=talk.description,
            recorded=talk.recorded or None,
            language=talk.language,
            tags=tags,
        )
        extra = recording.curated_related_urls if recording is not None else []
        data["related_urls"] = _links(talk.related_urls, extra, conference)
        if recording is not None:
            # the schedule wins field by field; only what it leaves empty comes from the video
            data["speakers"] = data["speakers"] or list(recording.curated_speakers)
            data["description"] = data["description"] or recording.curated_description
            data["language"] = data["language"] or recording.language
        data["language"] = data["language"] or event.language
    elif recording is not None:
        data.update(
            title=recording.curated_title or recording.title,
            speakers=list(recording.curated_speakers),
            description=recording.curated_description,
            recorded=recording.recorded.isoformat() if recording.recorded else None,
            language=recording.language or event.language,
            tags=[],
            related_urls=_links(recording.curated_related_urls, conference),
        )
    if recording is not None:
        key = recording.key
        if recording.host == "youtube":
            data["videos"] = [{"type": "youtube", "url": watch_url(recording.video_id)}]
            data["thumbnail_url"] = recording.thumbnail_url or thumbnail_url(recording.video_id)
        else:
            data["videos"] = [{"type": recording.host, "url": recording.url}]
            if recording.thumbnail_url:
                data["thumbnail_url"] = recording.thumbnail_url
        if recording.duration:
            data["duration"] = int(recording.duration)
        if talk is not None and not data.get("recorded") and recording.recorded:
            data["recorded"] = recording.recorded.isoformat()
    else:
        assert link is not None, "a record needs a recording or a link"
        key, entry = video_entry(link)
        data["videos"] = [entry]
        if key.startswith("youtube:"):
            data["thumbnail_url"] = thumbnail_url(key.split(":", 1)[1])
    if event.license:
        data["copyright_text"] = event.license
    if not data.get("related_urls"):
        data.pop("related_urls", None)
    if not data.get("tags"):
        data.pop("tags", None)
    origin = (
        "matched"
        if talk is not None and recording is not None
        else ("schedule" if talk is not None else "recording")
    )
    return Record(
        data=data,
        video_key=key,
        talk_id=talk.source_id if talk is not None else None,
        origin=origin,
    )
