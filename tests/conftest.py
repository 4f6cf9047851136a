"""Test-wide rule: no network. Every test runs behind a socket guard (autouse).

Recordings replace the network (``scrapers/tooling/httpcache.py``); a test that reaches out would
pass here and fail in a sandbox or on a plane. Only loopback connections (``127.0.0.1``, ``::1``,
Unix sockets: local mock servers) and lookups of those names are let through; anything else raises
``NetworkBlocked`` and fails the test at teardown even when the code under test swallowed the
error. Crawls run in this process (``scrapers.tooling.golden.InProcess``: the golden cases) are
guarded too, their reactor's thread shares the socket functions; crawls in a child process (the
command-line tests) are not: replay mode keeps them offline (a request missing from the
recording ends the crawl).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.shared import CORPUS_SNAPSHOTS, extract_snapshot

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class NetworkBlocked(ConnectionRefusedError):
    """A test tried to reach a host other than loopback."""


class LookupBlocked(NetworkBlocked, socket.gaierror):
    """A name lookup refused: a lookup failure to the caller (Twisted's resolver then fails the
    request instead of leaving it to time out)."""


class NetworkGuard:
    """Records and refuses every non-loopback connection or name lookup."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def refuse(self, what: str, error: type[NetworkBlocked] = NetworkBlocked) -> None:
        self.blocked.append(what)
        raise error(f"network access in a test: {what} (use a recording)")

    def check_address(self, sock: socket.socket, address: Any) -> None:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return
        host = address[0] if isinstance(address, tuple) else address
        if str(host) not in LOOPBACK:
            self.refuse(f"connect {address!r}")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pyvideo-data snapshot of ../shared/corpus, extracted once per test session.

    Read it, never write into it (tests that crawl into a tree extract their own copy).
    """
    if not CORPUS_SNAPSHOTS:
        pytest.skip("needs ../shared/corpus/pyvideo-data-*.tar.gz (shared material)")
    return extract_snapshot(CORPUS_SNAPSHOTS[0], tmp_path_factory.mktemp("corpus"))


REAL_CONNECT, REAL_CONNECT_EX = socket.socket.connect, socket.socket.connect_ex
REAL_GETADDRINFO = socket.getaddrinfo
# The running test's guard (between tests, one that nobody reads: refused all the same).
IDLE = NetworkGuard()
ACTIVE: list[NetworkGuard] = [IDLE]


def guarded_connect(sock: socket.socket, address: Any) -> None:
    ACTIVE[0].check_address(sock, address)
    return REAL_CONNECT(sock, address)


def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    ACTIVE[0].check_address(sock, address)
    return REAL_CONNECT_EX(sock, address)


def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and str(host) not in LOOPBACK:
        ACTIVE[0].refuse(f"resolve {host!r}", LookupBlocked)
    return REAL_GETADDRINFO(host, *args, **kwargs)


# Installed once, when pytest loads this file, before a test module imports Twisted: its
# resolver keeps the ``getaddrinfo`` it finds at import, so a per-test patch would miss the
# lookups of in-process crawls. Each call asks the running test's guard.
socket.socket.connect = guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = guarded_getaddrinfo


@pytest.fixture(autouse=True)
def network_guard() -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    ACTIVE[0] = guard
    try:
        yield guard
    finally:
        ACTIVE[0] = IDLE
    assert not guard.blocked, f"this test tried to use the network: {guard.blocked}"
