"""Golden cases: a recorded crawl in, the expected event folder out.

Every folder under ``tests/recordings/`` that holds a ``case.json`` is a case::

    {"spider": "pyohio", "args": {"year": "2025"}, "settings": {}}

Its ``expected/`` folder holds the event tree the crawl must write (``data/``), the match report
(``reports/``) when the crawl matches, and the crawl summary (``summary.txt``: talks seen, records
written, what was skipped and why), so a crawl that rightly writes nothing is still checked.
``scrapy golden`` runs every case and shows the differences; ``scrapy golden --update`` rewrites
``expected/`` after a deliberate change, so the diff is what a reviewer reads.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapers.crawlcmd import PROJECT, child_env, crawl_command, tree_settings

RECORDINGS = PROJECT / "tests" / "recordings"


@dataclass
class Case:
    name: str
    folder: Path
    spider: str
    args: dict[str, str]
    settings: dict[str, Any]

    @property
    def expected(self) -> Path:
        return self.folder / "expected"


def cases(root: Path = RECORDINGS) -> list[Case]:
    """Every recording folder with a case.json, sorted by name."""
    found = []
    for meta in sorted(root.rglob("case.json")):
        if "expected" in meta.relative_to(root).parts:
            continue
        spec = json.loads(meta.read_text(encoding="utf-8"))
        found.append(
            Case(
                name=meta.parent.relative_to(root).as_posix().replace("/", "-"),
                folder=meta.parent,
                spider=spec["spider"],
                args={k: str(v) for k, v in spec.get("args", {}).items()},
                settings=spec.get("settings", {}),
            )
        )
    return found


def case_command(case: Case, workdir: Path) -> list[str]:
    """The exact ``scrapy crawl`` a volunteer would type to replay this case into ``workdir``."""
    settings = {**tree_settings(workdir, case.folder), "LOG_LEVEL": "INFO", **case.settings}
    return crawl_command(case.spider, case.args, settings)


def run_case(case: Case, workdir: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Replay the case into ``workdir``; returns the written tree and the finished process."""
    proc = subprocess.run(
        case_command(case, workdir),
        cwd=PROJECT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    (workdir / "summary.txt").write_text(crawl_summary(proc.stderr), encoding="utf-8")
    return workdir, proc


def crawl_summary(log: str) -> str:
    """The crawl summary block of a crawl's log, without timestamps (empty when none)."""
    lines: list[str] = []
    for line in log.splitlines():
        if "Crawl summary" in line:
            lines.append(line[line.index("Crawl summary") :])
        elif lines and line.startswith("  "):
            lines.append(line)
        elif lines:
            break
    return "\n".join(lines) + "\n" if lines else ""


def tree_files(root: Path) -> dict[str, Path]:
    """Relative path -> file, for every file under root (the expected or written tree)."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def written_tree(workdir: Path) -> dict[str, Path]:
    """The data tree and reports of a run, keyed as they are stored under ``expected/``."""
    files = {f"data/{k}": v for k, v in tree_files(workdir / "data").items()}
    files.update({f"reports/{k}": v for k, v in tree_files(workdir / "reports").items()})
    if (workdir / "summary.txt").exists():
        files["summary.txt"] = workdir / "summary.txt"
    return files


def update(case: Case, workdir: Path) -> None:
    """Replace the case's expected tree by what the crawl wrote."""
    if case.expected.exists():
        shutil.rmtree(case.expected)
    for rel, path in written_tree(workdir).items():
        target = case.expected / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def differences(case: Case, workdir: Path) -> list[str]:
    """Per file and per field, what differs from the expected tree (empty when equal)."""
    got, want = written_tree(workdir), tree_files(case.expected)
    diffs = [f"missing file {rel}" for rel in sorted(set(want) - set(got))]
    diffs += [f"unexpected file {rel}" for rel in sorted(set(got) - set(want))]
    for rel in sorted(set(got) & set(want)):
        a, b = got[rel].read_text(encoding="utf-8"), want[rel].read_text(encoding="utf-8")
        if a == b:
            continue
        if not rel.endswith(".json"):
            diff = difflib.unified_diff(
                b.splitlines(), a.splitlines(), "expected", "got", lineterm=""
            )
            diffs.append(f"{rel}: differs:\n" + "\n".join(diff))
            continue
        ja, jb = json.loads(a), json.loads(b)
        if isinstance(ja, dict) and isinstance(jb, dict):
            for key in sorted(set(ja) | set(jb)):
                if ja.get(key) != jb.get(key):
                    diffs.append(f"{rel}: {key}: got {ja.get(key)!r}, expected {jb.get(key)!r}")
            if ja == jb:
                diffs.append(f"{rel}: same data, different bytes (serialization)")
        else:
            diffs.append(f"{rel}: content differs")
    return diffs


def main(argv: list[str] | None = None) -> int:
    """``scrapy golden [--update] [CASE ...]``: run golden cases; exit 1 on any difference."""
    import argparse

    parser = argparse.ArgumentParser(prog="scrapy golden", description=main.__doc__)
    parser.add_argument("names", nargs="*", help="cases to run (default: all)")
    parser.add_argument("--update", action="store_true", help="rewrite expected/ from the crawl")
    opts = parser.parse_args(argv)
    selected = [c for c in cases() if not opts.names or c.name in opts.names]
    unknown = set(opts.names) - {c.name for c in selected}
    if unknown:
        print(f"no such case: {', '.join(sorted(unknown))}; cases: {[c.name for c in cases()]}")
        return 2
    failed = 0
    for case in selected:
        with tempfile.TemporaryDirectory() as tmp:
            workdir, proc = run_case(case, Path(tmp))
            if proc.returncode != 0:
                print(f"{case.name}: crawl failed (exit {proc.returncode})\n{proc.stderr[-3000:]}")
                failed += 1
                continue
            if opts.update:
                if not (workdir / "summary.txt").read_text(encoding="utf-8"):
                    print(f"{case.name}: the crawl produced no event; expected/ left as it is")
                    print(proc.stderr[-3000:])
                    failed += 1
                    continue
                update(case, workdir)
                print(f"{case.name}: expected/ updated ({len(written_tree(workdir))} files)")
                continue
            diffs = differences(case, workdir)
            print(f"{case.name}: {'OK' if not diffs else f'{len(diffs)} differences'}")
            for line in diffs[:50]:
                print(f"  {line}")
            failed += bool(diffs)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
