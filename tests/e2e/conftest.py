"""The real server, started as a subprocess on a free port, and helpers to talk to it over HTTP."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from app.settings import SEEDS_DIR
from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log: Path
    log_handle: IO[str]

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode("utf-8")

    def get_json(self, path: str) -> tuple[int, Any]:
        status, _, body = self.get(path)
        return status, json.loads(body)


def run_app(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` in a subprocess, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


def start_server(
    index_dir: Path, log: Path, source: Path = SEEDS_DIR, *, env: dict[str, str] | None = None, healthy: bool = True
) -> Server:
    """`python -m app serve` on a free port, once it answers ``/healthz`` (with 200, unless not ``healthy``)."""
    port = free_port()
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--index-dir",
            str(index_dir),
            "--source",
            str(source),
        ],
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )
    server = Server(f"http://127.0.0.1:{port}", process, log, handle)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            handle.close()
            raise AssertionError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except urllib.error.HTTPError:
            if not healthy:  # it answers: that is all the caller wants
                return server
            time.sleep(0.1)
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise AssertionError(f"the server did not answer within 60 s:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(10)
    finally:
        server.log_handle.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`python -m app serve` over the seeds, with an empty index folder: it builds the index first."""
    work = tmp_path_factory.mktemp("live")
    server = start_server(work / "index", work / "server.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def news_server(news_corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`python -m app serve` over the news corpus (:mod:`tests.news_corpus`), indexing it first.

    A module that uses it loads the corpus fixtures: ``pytest_plugins = ["tests.news_fixtures"]``.
    """
    work = tmp_path_factory.mktemp("news-live")
    server = start_server(work / "index", work / "server.log", source=news_corpus_dir)
    yield server
    stop_server(server)


# --- the browser ----------------------------------------------------------------------------

#: The flags Chromium needs in a sandboxed machine without a display or a network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    # Never a skip: the browser tier must run, so a missing browser is a failure.
    assert path, "Debian's chromium is not installed: run the README's test command (it installs it)"
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Any]:
    """A fresh browser context and page for one test."""
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
