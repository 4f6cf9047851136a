"""Golden cases: a recorded crawl in, the expected event folder out.

Every folder under ``tests/recordings/`` that holds a ``case.json`` is a case::

    {"spider": "pyohio", "args": {"year": "2025"}, "settings": {}}

Its ``expected/`` folder holds the event tree the crawl must write (``data/``), the match report
(``reports/``) when the crawl matches, and the crawl summary (``summary.txt``: talks seen, records
written, what was skipped and why), so a crawl that rightly writes nothing is still checked.
``scrapy golden`` runs every case and shows the differences; ``scrapy golden --update`` rewrites
``expected/`` after a deliberate change, so the diff is what a reviewer reads.

The cases run in this process (``InProcess``: one Twisted reactor for every crawl), as the tests
do: a ``scrapy crawl`` child per case paid Scrapy's start-up each time, most of the suite's time.
Each crawl still gets what ``scrapy crawl`` gives it (the project's settings under the case's,
the command's argument check and exit status, the log at ``LOG_LEVEL``); ``run_case_subprocess``
runs the exact command line, which a test keeps in step with the in-process run.
"""

from __future__ import annotations

import asyncio
import atexit
import configparser
import difflib
import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapers.tooling.crawlcmd import PROJECT, child_env, crawl_command, tree_settings

if TYPE_CHECKING:  # Scrapy is imported when a crawl runs: every scrapy command imports this module
    from scrapy.settings import Settings

RECORDINGS = PROJECT / "tests" / "recordings"
ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


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


def case_settings(case: Case, workdir: Path) -> dict[str, Any]:
    """The ``-s`` settings of a replay of this case into ``workdir``."""
    return {**tree_settings(workdir, case.folder), "LOG_LEVEL": "INFO", **case.settings}


def case_command(case: Case, workdir: Path) -> list[str]:
    """The exact ``scrapy crawl`` a volunteer would type to replay this case into ``workdir``."""
    return crawl_command(case.spider, case.args, case_settings(case, workdir))


@dataclass
class CrawlResult:
    """A finished crawl as ``scrapy crawl`` reports it: the exit status, what the command prints
    on stderr (log lines at ``LOG_LEVEL``, its own ``error:`` lines) and the crawl's stats (empty
    for a child process)."""

    returncode: int
    stderr: str
    stats: dict[str, Any] = field(default_factory=dict)


def run_case(case: Case, workdir: Path) -> CrawlResult:
    """Replay the case into ``workdir`` in this process; its summary goes to ``summary.txt``."""
    result = in_process().crawl(case.spider, case.args, case_settings(case, workdir))
    (workdir / "summary.txt").write_text(crawl_summary(result.stderr), encoding="utf-8")
    return result


def run_case_subprocess(case: Case, workdir: Path) -> CrawlResult:
    """``run_case`` through the real command line, in a child process (the CLI contract)."""
    proc = subprocess.run(
        case_command(case, workdir),
        cwd=PROJECT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    (workdir / "summary.txt").write_text(crawl_summary(proc.stderr), encoding="utf-8")
    return CrawlResult(proc.returncode, proc.stderr)


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The settings ``scrapy crawl -s K=V ...`` builds: the project's settings module (named in
    scrapy.cfg), the command line's values above them."""
    from scrapy.settings import Settings

    cfg = configparser.ConfigParser()
    cfg.read(PROJECT / "scrapy.cfg", encoding="utf-8")
    settings = Settings()
    settings.setmodule(cfg["settings"]["default"], priority="project")
    settings.setdict(dict(overrides or {}), priority="cmdline")
    return settings


class InProcess:
    """Crawls one after another in this process, on one Twisted reactor running in a thread.

    A reactor starts once per process and never again, so it runs in a daemon thread for the
    life of the process and each crawl is handed to it while the caller waits: a test session
    or ``scrapy golden`` pays Scrapy's start-up once rather than once per crawl. Crawls never
    overlap (a lock), so each crawl's ``log_count/*`` stats and captured log are its own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def crawl(
        self,
        spider: str,
        args: Mapping[str, str] | None = None,
        settings: Mapping[str, Any] | None = None,
        *,
        timeout: float = 600,
    ) -> CrawlResult:
        """``scrapy crawl SPIDER -a K=V ... -s K=V ...``, in this process."""
        crawl_settings = project_settings(settings)
        with self._lock, _captured_log(crawl_settings) as log, _no_api_key():
            future = asyncio.run_coroutine_threadsafe(
                self._crawl(spider, dict(args or {}), crawl_settings), self._start()
            )
            try:
                returncode, errors, stats = future.result(timeout)
            except TimeoutError:
                future.cancel()
                raise
        return CrawlResult(returncode, log.getvalue() + errors, stats)

    async def _crawl(
        self, spider: str, args: dict[str, str], settings: Settings
    ) -> tuple[int, str, dict[str, Any]]:
        """Runs in the reactor's thread: scrapers/commands/crawl.py's steps, then its status."""
        from scrapy.crawler import AsyncCrawlerRunner

        from scrapers.commands.crawl import argument_problem, exit_status

        try:
            runner = AsyncCrawlerRunner(settings)
            crawler = runner.create_crawler(spider)
            problem = argument_problem(crawler.spidercls, args)
            if problem:
                return 1, f"error: {problem}\n", {}
            await runner.crawl(crawler, **args)
        except Exception:
            return 1, traceback.format_exc(), {}
        if runner.bootstrap_failed:
            return 1, "", {}
        stats = dict(crawler.stats.get_stats())
        returncode, line = exit_status(stats)
        return returncode, line + "\n" if line else "", stats

    def _start(self) -> asyncio.AbstractEventLoop:
        """The reactor's event loop, the reactor started in its thread on first use."""
        if self._loop is None:
            ready = threading.Event()
            self._thread = threading.Thread(
                target=self._serve, args=(ready,), name="scrapy-reactor", daemon=True
            )
            self._thread.start()
            ready.wait()
            if self._loop is None:
                raise RuntimeError(f"no {ASYNCIO_REACTOR} could be started in this process")
            atexit.register(self.stop)
        return self._loop

    def _serve(self, ready: threading.Event) -> None:
        from scrapy.utils.reactor import (
            install_reactor,
            is_asyncio_reactor_installed,
            is_reactor_installed,
        )

        try:
            if not is_reactor_installed():
                install_reactor(ASYNCIO_REACTOR)
            from twisted.internet import reactor
            from twisted.python import log as twisted_log

            if not is_asyncio_reactor_installed() or reactor.running:  # type: ignore[attr-defined]
                return
            # What scrapy's configure_logging does besides the root handler: Twisted's errors
            # reach Python logging (and count as the crawl's ERROR lines), at ERROR and above.
            twisted_log.PythonLoggingObserver("twisted").start()
            logging.getLogger("twisted").setLevel(logging.ERROR)

            def running() -> None:
                self._loop = asyncio.get_running_loop()
                ready.set()

            reactor.callLater(0, running)  # type: ignore[attr-defined]  # inside the loop
            reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined]
        finally:
            ready.set()

    def stop(self) -> None:
        """Stop the reactor (at exit: a daemon thread must not be writing while Python ends)."""
        if self._loop is None or self._thread is None:
            return
        from twisted.internet import reactor

        reactor.callFromThread(reactor.stop)  # type: ignore[attr-defined]
        self._thread.join(10)
        self._loop = None


_IN_PROCESS = InProcess()


def in_process() -> InProcess:
    """This process's crawl runner (one reactor per process)."""
    return _IN_PROCESS


@contextmanager
def _captured_log(settings: Settings) -> Iterator[io.StringIO]:
    """What ``scrapy crawl`` prints on stderr: records at ``LOG_LEVEL`` and above, in Scrapy's
    format. The root logger lets them through meanwhile (under pytest it stops at WARNING)."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    handler.setLevel(settings.get("LOG_LEVEL"))
    handler.setFormatter(logging.Formatter(settings["LOG_FORMAT"], settings["LOG_DATEFORMAT"]))
    root = logging.getLogger()
    level = root.level
    root.setLevel(settings.get("LOG_LEVEL"))
    if settings.getbool("LOG_ENABLED"):
        root.addHandler(handler)
    try:
        yield text
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@contextmanager
def _no_api_key() -> Iterator[None]:
    """As ``child_env``: a replay never inherits a real YouTube API key from the environment."""
    key = os.environ.pop("YOUTUBE_API_KEY", None)
    try:
        yield
    finally:
        if key is not None:
            os.environ["YOUTUBE_API_KEY"] = key


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
            workdir = Path(tmp)
            result = run_case(case, workdir)
            if result.returncode != 0:
                print(f"{case.name}: crawl failed (exit {result.returncode})")
                print(result.stderr[-3000:])
                failed += 1
                continue
            if opts.update:
                if not (workdir / "summary.txt").read_text(encoding="utf-8"):
                    print(f"{case.name}: the crawl produced no event; expected/ left as it is")
                    print(result.stderr[-3000:])
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
