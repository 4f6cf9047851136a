"""The review pages of the golden cases, opened offline in a real headless Chromium.

A page is only useful if a browser shows every record: Chromium parses each expected page
(``tests/recordings/**/expected/reports/*.html``) with every host name unresolvable, and the DOM
it builds must hold one row per record of the expected event folder. Skipped when no Chromium
is installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scrapers.domain.datatree import video_keys
from scrapers.tooling.golden import RECORDINGS

PAGES = sorted(RECORDINGS.rglob("expected/reports/*.html"))
BROWSER = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
needs_chromium = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium on PATH (Debian: apt-get install chromium)"
)


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM Chromium built from the page, with no network at all (every name unresolvable)."""
    proc = subprocess.run(
        [
            str(BROWSER),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(profile)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def expected_keys(page: Path) -> set[str]:
    """The video key of every record the case's expected event folder holds."""
    slug = page.name.removesuffix(".html")
    folder = page.parent.parent / "data" / slug / "videos"
    keys = set()
    for path in folder.glob("*.json"):
        keys.update(video_keys(json.loads(path.read_text(encoding="utf-8")))[:1])
    return keys


@needs_chromium
@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(RECORDINGS).as_posix() for p in PAGES])
def test_chromium_shows_a_row_per_record(page, tmp_path):
    dom = dump_dom(page, tmp_path)
    rows = re.findall(r'<tr id="r\d+" class="record[^"]*" data-key="([^"]+)">', dom)
    assert rows, "a page with no row"
    records = expected_keys(page)  # empty for a schedule with no recording yet
    shown = [key for key in rows if not key.startswith("talk:")]
    assert len(shown) == len(set(shown))  # one row per record (a schedule may repeat a talk id)
    assert records <= set(shown)
    # the other rows are talks without a video, each flagged as such
    talks = [key for key in rows if key.startswith("talk:")]
    assert dom.count("<code>unmatched-talk</code> no video") == len(talks)
    assert "<h2>Summary</h2>" in dom and "<script" not in dom


def test_pages_exist():
    """One case with a playlist join and one playlist-only case carry an expected page."""
    names = {p.relative_to(RECORDINGS).parts[0] for p in PAGES}
    assert {"pycon-uk-2017", "youtube"} <= names
