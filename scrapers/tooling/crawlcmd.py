"""One spelling of the ``scrapy crawl`` that tools run in a child process.

The publisher, recording a new spider, the benchmarks and the command-line tests each start a
real crawl in a subprocess: a fresh Twisted reactor per crawl, and exactly the command line a
volunteer would type (golden cases run in-process instead: ``golden.in_process``). They
differ only in arguments and settings, so the argv and the child's environment are built here
once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def crawl_command(
    spider: str,
    args: Mapping[str, object] | None = None,
    settings: Mapping[str, object] | None = None,
    *,
    output: str | Path | None = None,
) -> list[str]:
    """``python -m scrapy crawl SPIDER [-O OUTPUT] -a K=V ... -s K=V ...`` as an argv list."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    if output is not None:
        cmd += ["-O", str(output)]
    for key, value in (args or {}).items():
        cmd += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


def tree_settings(workdir: Path, recording: Path | None = None, mode: str = "replay") -> dict:
    """Settings that keep a crawl inside ``workdir`` (data tree and reports), replaying
    ``recording`` when given: nothing touches the user's own tree or the network."""
    settings: dict[str, str] = {}
    if recording is not None:
        settings |= {"RECORDING_MODE": mode, "RECORDING_DIR": str(recording)}
    return settings | {
        "PYVIDEO_DATA_DIR": str(workdir / "data"),
        "PYVIDEO_REPORT_DIR": str(workdir / "reports"),
    }


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child crawl: this project importable, no real API key inherited
    (a recording never needs one, and a replay must not reach the live API by accident)."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT), **extra}
    env.pop("YOUTUBE_API_KEY", None)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env
