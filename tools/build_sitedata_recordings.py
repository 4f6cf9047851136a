"""Build the site-data recordings (tests/recordings/<event>/) from the real fixture files.

No internet in CI or in the sandbox, so the crawls of ``djangocon-us`` and ``pyohio`` replay
recordings assembled here: every raw file URL the spider requests maps to a byte-for-byte copy of
the real file, and the GitHub tree listing is built from the real file list in the API's shape
(``{sha, url, tree: [{path, mode, type, sha, size, url}], truncated}``). Blob shas are real (git's
``blob <size>\\0`` hash of the content); folder and root tree shas are computed from this subset of
the repository, so they differ from GitHub's. URLs come from the spiders' own editions, so the
recordings follow any change of repository, commit or path.

Each case folder says what to build in its ``source.json`` (spider, year, and which fixture
file or folder stands at which repository path), so adding a case touches no shared file.

Run from the project root (re-runnable; each index and its bodies are rebuilt from scratch)::

    python tools/build_sitedata_recordings.py [EVENT ...] [--fixtures ../shared/fixtures/schedules]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.tooling.httpcache import Recording  # noqa: E402

DEFAULT_FIXTURES = ROOT.parent / "shared" / "fixtures" / "schedules"
RAW_TYPE = "text/plain; charset=utf-8"  # what raw.githubusercontent.com serves for text
API_TYPE = "application/json; charset=utf-8"


def events(out: Path) -> dict[str, dict[str, Any]]:
    """Every case folder with a ``source.json``: ``{"spider", "year", "files": {fixture: repo
    path}}``; a fixture is a file or a folder of ``shared/fixtures/schedules``."""
    return {
        meta.parent.name: json.loads(meta.read_text(encoding="utf-8"))
        for meta in sorted(out.glob("*/source.json"))
    }


def git_hash(kind: str, content: bytes) -> str:
    """Git's object id: sha1 of ``<kind> <size>\\0<content>``."""
    return hashlib.sha1(f"{kind} {len(content)}\0".encode() + content).hexdigest()


def tree_listing(repo: str, files: dict[str, bytes]) -> dict:
    """A ``git/trees/<sha>?recursive=1`` answer for ``files`` (repository path -> content)."""
    api = f"https://api.github.com/repos/{repo}/git"
    blobs = {path: git_hash("blob", body) for path, body in files.items()}
    folders = sorted(
        {"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)}
    )

    @functools.cache
    def tree_sha(folder: str) -> str:
        prefix = f"{folder}/" if folder else ""
        children: dict[str, tuple[str, str]] = {}
        for path, sha in blobs.items():
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                name = rest.split("/", 1)[0]
                if "/" in rest:
                    children.setdefault(name, ("40000", ""))
                else:
                    children[name] = ("100644", sha)
        children = {
            n: (m, tree_sha(prefix + n) if m == "40000" else sha)
            for n, (m, sha) in children.items()
        }
        # git sorts tree entries by name, folders compared as "name/"
        order = sorted(children, key=lambda n: n + "/" if children[n][0] == "40000" else n)
        body = b"".join(
            f"{children[n][0]} {n}\0".encode() + bytes.fromhex(children[n][1]) for n in order
        )
        return git_hash("tree", body)

    entries = [
        {"path": f, "mode": "040000", "type": "tree", "sha": tree_sha(f)} for f in folders
    ] + [
        {"path": p, "mode": "100644", "type": "blob", "sha": s, "size": len(files[p])}
        for p, s in blobs.items()
    ]
    for e in entries:
        e["url"] = f"{api}/{'trees' if e['type'] == 'tree' else 'blobs'}/{e['sha']}"
    entries.sort(key=lambda e: e["path"])
    root = tree_sha("")
    return {"sha": root, "url": f"{api}/trees/{root}", "tree": entries, "truncated": False}


def collect(fixtures: Path, mapping: dict[str, str]) -> dict[str, bytes]:
    """Repository path -> content, for every fixture file of an event."""
    files: dict[str, bytes] = {}
    for source, target in mapping.items():
        src = fixtures / source
        if src.is_file():
            files[target] = src.read_bytes()
            continue
        for file in sorted(src.rglob("*")):
            if file.is_file():
                files[f"{target}/{file.relative_to(src).as_posix()}"] = file.read_bytes()
    if not files:
        raise SystemExit(f"no fixture files under {fixtures} for {sorted(mapping)}")
    return files


def build(event: str, fixtures: Path, out: Path) -> int:
    """Rebuild one recording folder; returns the number of entries."""
    spec = events(out)[event]
    module, year, mapping = spec["spider"], spec["year"], spec["files"]
    spider = importlib.import_module(f"spiders.{module.replace('-', '_')}")
    cls = next(
        v for v in vars(spider).values() if isinstance(v, type) and getattr(v, "name", "") == module
    )
    instance = cls(year=str(year))
    files = collect(fixtures, mapping)
    # A fresh index (old entries dropped; save() deletes bodies no entry uses); the golden
    # files next to it (case.json, expected/) are left alone.
    rec = Recording(out / event)
    if any(p.endswith("/") for p in instance.edition.opt("paths")):
        listing = tree_listing(instance.edition.opt("repo"), files)
        body = json.dumps(listing, indent=2).encode() + b"\n"
        rec.add(instance.tree_url(), body, content_type=API_TYPE)
    for path, body in files.items():
        rec.add(instance.raw_url(path), body, content_type=RAW_TYPE)
    rec.save()
    return len(rec)


def main(argv: list[str] | None = None) -> None:
    """Build every site-data recording (or the events named on the command line)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="*")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "recordings")
    args = parser.parse_args(argv)
    for event in args.events or sorted(events(args.out)):
        print(f"{event}: {build(event, args.fixtures, args.out)} entries")


if __name__ == "__main__":
    main()
