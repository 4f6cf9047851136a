"""Video URLs as pyvideo-data writes them: recognise a host's video, build its canonical forms.

A leaf: it imports nothing of the project, so the record logic, the platform bases and the
tooling can all ask "is this a YouTube video, which one?" without loading a video host client.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

# --------------------------------------------------------------------------- YouTube

PLAYLIST_URL = "https://www.youtube.com/playlist?list={}"

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YT_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_PATH_PREFIXES = ("embed", "live", "shorts", "v", "e", "vi")


def video_id(url: str) -> str | None:
    """The 11-character video id of any YouTube video URL form, or None if it is not one."""
    if not url:
        return None
    parts = urlsplit(url.strip() if "//" in url else "https://" + url.strip())
    host = (parts.hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in _YT_HOSTS):
        return None
    segments = [s for s in parts.path.split("/") if s]
    candidate: str | None = None
    if host.endswith("youtu.be"):
        candidate = segments[0] if segments else None
    elif segments and segments[0] in ("watch", "watch_popup"):
        candidate = (parse_qs(parts.query).get("v") or [None])[0]
    elif len(segments) >= 2 and segments[0] in _PATH_PREFIXES:
        candidate = segments[1]
    elif not segments or segments[0] == "attribution_link":
        query = parse_qs(parts.query)
        candidate = (query.get("v") or [None])[0]
        if candidate is None and "u" in query:  # attribution_link?u=/watch%3Fv%3D<id>
            return video_id("https://www.youtube.com" + query["u"][0])
    if candidate and _ID_RE.match(candidate):
        return candidate
    return None


def is_video_id(text: str) -> bool:
    """Whether ``text`` is a bare 11-character video id (a site's video field, not a URL)."""
    return bool(_ID_RE.match(text))


def watch_url(video_id: str) -> str:
    """The canonical watch URL pyvideo-data records use."""
    return f"https://www.youtube.com/watch?v={video_id}"


def thumbnail_url(video_id: str) -> str:
    """``hqdefault.jpg`` exists for every video (maxres/standard may not), so always use it."""
    return f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"


def playlist_url(playlist_id: str) -> str:
    """The playlist's public page (also the keyless entry point)."""
    return PLAYLIST_URL.format(playlist_id)


# --------------------------------------------------------------------------- PeerTube


def peertube_watch_url(instance: str, uuid: str) -> str:
    """The watch URL as pyvideo-data writes it (``/videos/watch/<uuid>``)."""
    return f"{instance}/videos/watch/{uuid}"


def peertube_page_url(instance: str, kind: str, name: str) -> str:
    """The page for people of a channel, account or playlist (what ``source_urls`` lists)."""
    path = {"channel": "c", "account": "a", "playlist": "w/p"}[kind]
    return f"{instance}/{path}/{name}"
