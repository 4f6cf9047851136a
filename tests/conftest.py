"""Test-wide rule: no network. Every test runs behind a socket guard (autouse).

Recordings replace the network (``scrapers/httpcache.py``); a test that reaches out would pass
here and fail in a sandbox or on a plane. Only loopback connections (``127.0.0.1``, ``::1``, Unix
sockets: local mock servers) and lookups of those names are let through; anything else raises
``NetworkBlocked`` and fails the test at teardown even when the code under test swallowed the
error. Crawls run in a subprocess (golden cases) are not guarded here: replay mode keeps them
offline (a request missing from the recording ends the crawl).
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


class NetworkGuard:
    """Records and refuses every non-loopback connection or name lookup."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def refuse(self, what: str) -> None:
        self.blocked.append(what)
        raise NetworkBlocked(f"network access in a test: {what} (use a recording)")

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


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(sock: socket.socket, address: Any) -> None:
        guard.check_address(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        guard.check_address(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and str(host) not in LOOPBACK:
            guard.refuse(f"resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield guard
    assert not guard.blocked, f"this test tried to use the network: {guard.blocked}"
