"""Where the project's shared material is: ``../shared`` beside the project.

The fixtures, the curation benchmark and the corpus snapshot live outside the repository (they
are not ours to publish). Tests that read them name them through this module, so no test holds
a machine path, and each skips with a reason where the folder is absent (a clone from GitHub).
``PYVIDEO_SHARED`` points elsewhere when the folder is not beside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PYVIDEO_SHARED") or PROJECT.parent / "shared")
SCHEDULES = SHARED / "fixtures" / "schedules"
YOUTUBE = SHARED / "fixtures" / "youtube"
BENCHMARK = SHARED / "benchmarks" / "youtube-curation-dev.jsonl"
CORPUS_SNAPSHOTS = sorted((SHARED / "corpus").glob("pyvideo-data-*.tar.gz"))


def needs(path: Path) -> pytest.MarkDecorator:
    """Skip a test (with the reason) when a piece of ../shared is absent."""
    try:
        shown = f"../{path.relative_to(PROJECT.parent).as_posix()}"
    except ValueError:
        shown = str(path)
    return pytest.mark.skipif(
        not path.exists(), reason=f"needs {shown} (shared material beside the project)"
    )


def extract_snapshot(snapshot: Path, root: Path) -> Path:
    """Unpack a corpus snapshot into ``root``: the system's ``tar`` when there is one (17,000
    files in under a second, against ~10 s for Python's tarfile), else tarfile."""
    import shutil
    import subprocess
    import tarfile

    root.mkdir(parents=True, exist_ok=True)
    tar = shutil.which("tar")
    if tar and subprocess.run([tar, "xzf", str(snapshot), "-C", str(root)]).returncode == 0:
        return root
    with tarfile.open(snapshot) as archive:
        archive.extractall(root, filter="data")
    return root


def extracted_corpus(required: bool = True) -> Path:
    """The corpus snapshot extracted once into the system's temporary folder (benchmarks).

    Re-used while the snapshot is unchanged (the folder is named after it); read it only.
    Without a snapshot: exit with the reason, or (``required=False``) a path that does not
    exist, for the scripts that then leave out their corpus rows.
    """
    import tempfile

    if not CORPUS_SNAPSHOTS:
        if not required:
            return SHARED / "corpus" / "not-extracted"
        raise SystemExit("needs ../shared/corpus/pyvideo-data-*.tar.gz (or give --corpus DIR)")
    snapshot = CORPUS_SNAPSHOTS[0]
    root = Path(tempfile.gettempdir()) / f"pyvideo-corpus-{snapshot.name.split('.')[0]}"
    done = root / ".extracted"
    if not done.exists():
        extract_snapshot(snapshot, root)
        done.write_text(snapshot.name, encoding="utf-8")
    return root
