"""The command line: ``python -m app index | serve | extract | search`` (also installed as ``articles``).

Every option is also an environment variable with the ``ARTICLES_`` prefix (``--index-dir`` is
``ARTICLES_INDEX_DIR``); a flag wins over the environment. Heavy modules are imported inside each
command, so ``extract`` starts without loading the web stack or the search engine. ``extract``
without options does not even need the argument parser, whose help texts come from the settings
(pydantic): it goes straight to the extraction and behaves the same.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from app import __version__
from app.errors import AppError

if TYPE_CHECKING:
    import argparse

    from app.ingest import IngestReport, Progress
    from app.settings import Settings

#: Below this many files, a build writes no progress lines when its output is not a terminal.
PROGRESS_MIN_FILES = 200
#: On SIGTERM, requests in flight get this many seconds to finish (``docker stop`` waits 10 s).
SHUTDOWN_GRACE = 8


def _settings_from(args: argparse.Namespace, names: Sequence[str]) -> Settings:
    """The settings object, with the flags that were given taking precedence over the environment."""
    from app.settings import Settings

    given = {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
    return Settings(**given)


def _default(name: str) -> str:
    from app.settings import BASE_DIR, ENV_PREFIX, Settings

    field = Settings.model_fields[name]
    env = ENV_PREFIX + name.upper()
    default = field.default
    if isinstance(default, Path) and default.is_relative_to(BASE_DIR):
        default = f"{default.relative_to(BASE_DIR)} in the application folder"
    return f"{field.description} Environment: {env}. Default: {default}."


def _add_setting(
    parser: argparse.ArgumentParser, name: str, *, metavar: str, kind: Callable[[str], Any] = str, flag: str = ""
) -> None:
    """A flag for one Settings field; its help gives the description, the variable and the default."""
    flag = flag or "--" + name.replace("_", "-")
    parser.add_argument(flag, dest=name, metavar=metavar, type=kind, help=_default(name))


#: The settings of a build, taken by the commands that may build an index.
BUILD_SETTINGS = ("index_workers", "file_time_limit", "max_file_mb")


def _add_build_settings(parser: argparse.ArgumentParser) -> None:
    _add_setting(parser, "index_workers", metavar="N", kind=int)
    _add_setting(parser, "file_time_limit", metavar="SECONDS", kind=float)
    _add_setting(parser, "max_file_mb", metavar="MB", kind=float)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from app.settings import ENV_PREFIX

    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="Full-text search over a folder of news articles (plain text, HTML pages, WordPress JSON).",
        epilog=f"Every option can also be set with an environment variable ({ENV_PREFIX}<OPTION>); a flag wins.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "index",
        help="build the search index from a folder of articles",
        description="Read every file under the source folder, extract its articles and write "
        "a new index. The previous index stays live until the new one is complete.",
    )
    _add_setting(p, "source_dir", metavar="DIR", kind=Path, flag="--source")
    _add_setting(p, "index_dir", metavar="DIR", kind=Path)
    _add_build_settings(p)
    p.add_argument(
        "--full",
        action="store_true",
        help="read every file again (by default, when the index holds this folder, only files whose "
        "content changed are read)",
    )
    p.set_defaults(handler=cmd_index)

    p = commands.add_parser(
        "serve",
        help="serve the search site and the JSON API",
        description="Serve the web pages and the JSON API. Builds the index first when there is "
        "none, or when --source names a folder that changed since the index was built.",
    )
    _add_setting(p, "host", metavar="HOST")
    _add_setting(p, "port", metavar="PORT", kind=int)
    _add_setting(p, "source_dir", metavar="DIR", kind=Path, flag="--source")
    _add_setting(p, "index_dir", metavar="DIR", kind=Path)
    _add_setting(p, "cors_origins", metavar="ORIGINS")
    _add_setting(p, "search_timeout", metavar="SECONDS", kind=float)
    _add_setting(p, "workers", metavar="N", kind=int)
    _add_build_settings(p)
    p.set_defaults(handler=cmd_serve)

    p = commands.add_parser(
        "extract",
        help="print the documents extracted from files, as JSON Lines",
        description="Extract documents from files or folders and print one JSON object per "
        "document on standard output. Touches no index; skipped files are reported on "
        "standard error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="a file, or a folder read recursively")
    p.set_defaults(handler=cmd_extract)

    p = commands.add_parser(
        "search",
        help="search the index from the command line",
        description="Search the index and print the hits; with --json, print exactly what /api/search returns.",
    )
    p.add_argument("query", metavar="QUERY", help="the query, in the same language as the search box")
    p.add_argument("--page", type=int, default=1, metavar="N", help="page of results, from 1 (default 1)")
    _add_setting(p, "per_page", metavar="N", kind=int)
    p.add_argument("--json", action="store_true", help="print the JSON of /api/search instead of text")
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance", help="order of the hits")
    for name in ("site", "author", "category"):
        p.add_argument(f"--{name}", action="append", metavar="VALUE", help=f"only this {name} (repeatable)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="published from: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="published until (the whole day, month or year)")
    p.add_argument("--no-group", action="store_true", help="list every version of a story, not one hit per story")
    _add_setting(p, "index_dir", metavar="DIR", kind=Path)
    _add_setting(p, "search_timeout", metavar="SECONDS", kind=float)
    p.set_defaults(handler=cmd_search)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if _plain_extract(arguments):
            return _extract([Path(a) for a in arguments[1:]])
        return _run(arguments)
    except AppError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted")
    return 1


def _plain_extract(arguments: Sequence[str]) -> bool:
    """Whether the command is ``extract PATH...`` without options: no parser is needed for it."""
    return len(arguments) > 1 and arguments[0] == "extract" and not any(a.startswith("-") for a in arguments[1:])


def _run(arguments: Sequence[str]) -> int:
    from pydantic import ValidationError

    args = build_parser().parse_args(arguments)
    try:
        code: int = args.handler(args)
        return code
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(x) for x in first["loc"]) or "setting"
        _fail(f"invalid setting {name}: {first['msg']}")
    except Terminated:
        print("stopped (SIGTERM)", file=sys.stderr)
        return 0
    return 1


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


# --- index ----------------------------------------------------------------------------------


def cmd_index(args: argparse.Namespace) -> int:
    settings = _settings_from(args, ("source_dir", "index_dir", *BUILD_SETTINGS))
    report = _build(settings, full=args.full)
    _print_report(report)
    return 0


def _build(settings: Settings, *, full: bool = False) -> IngestReport:
    """Build the index of the settings' source folder (only what changed, unless ``full``).

    Raises:
        AppError: the build failed; an index folder that cannot be written (a read-only container
            without a volume on it) is said so in one line.
    """
    from app.ingest import build_index

    try:
        with _progress() as progress:
            return build_index(
                settings.source_dir,
                settings.index_dir,
                progress=progress,
                max_file_bytes=settings.max_file_bytes,
                time_limit=settings.file_time_limit,
                workers=settings.build_workers,
                full=full,
            )
    except OSError as exc:  # reading the source is reported as SourceError: this is the index folder
        reason = exc.strerror or str(exc)
        raise AppError(
            f"cannot write the index in {settings.index_dir} ({reason}): the index folder must be writable "
            "(in a container, mount a volume on it)"
        ) from exc


def _print_report(report: IngestReport) -> None:
    """Every file or part skipped, with its reason; a table per format; a one-line summary."""
    for skipped in report.skipped:
        print(skipped)
    for line in report.table():
        print(line)
    print(report.summary())


class _progress:
    """A progress bar on a terminal (it goes when the build is done); on anything else, a line every
    tenth of the way, for builds of :data:`PROGRESS_MIN_FILES` files or more."""

    def __enter__(self) -> Progress:
        self._bar: Any = None
        self._next_line = 0
        return self.update

    def update(self, done: int, total: int) -> None:
        if _TERMINATING.is_set():  # SIGTERM: the build stops here, between two files, and cleans up
            raise Terminated
        if sys.stderr.isatty():
            if self._bar is None:
                from tqdm import tqdm

                self._bar = tqdm(total=total, unit="file", desc="indexing", file=sys.stderr, leave=False)
            self._bar.update(done - self._bar.n)
        elif total >= PROGRESS_MIN_FILES and (done >= self._next_line or done == total):
            print(f"indexing: {done} of {total} files", file=sys.stderr, flush=True)
            self._next_line = done + max(1, total // 10)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


# --- serve ----------------------------------------------------------------------------------


class Terminated(Exception):
    """SIGTERM arrived (``docker stop``): the command stops where it is, cleans up, and exits 0."""


#: Set by SIGTERM during ``serve``; a build checks it after each file (an exception raised by the
#: handler itself could land anywhere, half-way through making a generation).
_TERMINATING = threading.Event()


def _terminate(signum: int, frame: FrameType | None) -> None:
    _TERMINATING.set()


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings_from(
        args, ("host", "port", "source_dir", "index_dir", "cors_origins", "workers", "search_timeout", *BUILD_SETTINGS)
    )
    # While the index is built, SIGTERM stops the build after the file it is reading (its half-written
    # generation is deleted) and nothing is served. While it serves, uvicorn takes SIGTERM over: it stops
    # accepting connections, lets the requests in flight finish (in every server process), shuts the app
    # down, and the exit status is 0.
    signal.signal(signal.SIGTERM, _terminate)
    from app.ingest import index_exists, index_is_current, index_is_outdated

    if not index_exists(settings.index_dir):
        print(f"no index in {settings.index_dir}: building it from {settings.source_dir}", file=sys.stderr)
        _print_report(_build(settings))
    elif index_is_outdated(settings.index_dir):
        print(f"the index in {settings.index_dir} is from an older version: rebuilding it", file=sys.stderr)
        _print_report(_build(settings))
    elif settings.explicitly_set("source_dir") and not index_is_current(settings.source_dir, settings.index_dir):
        print(f"{settings.source_dir} changed since the index was built: rebuilding it", file=sys.stderr)
        _print_report(_build(settings))

    import uvicorn

    from app.web import create_app
    from app.web.logs import log_config

    workers = settings.server_workers
    # One process or several, the same: the app's own access lines, with durations (app.web.logs), and on
    # SIGTERM the requests in flight get SHUTDOWN_GRACE seconds to finish.
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": log_config(),
        "access_log": False,
        "timeout_graceful_shutdown": SHUTDOWN_GRACE,
    }
    target: Any
    if workers == 1:
        target = create_app(settings)
    else:
        # Each process builds the app from the environment (uvicorn starts them apart).
        os.environ.update(settings.environment())
        target = "app.web:create_app"
        options.update(factory=True, workers=workers)
    if _TERMINATING.is_set():  # SIGTERM came before uvicorn took it over
        raise Terminated
    print(f"serving on http://{settings.host}:{settings.port} ({workers} processes)", file=sys.stderr, flush=True)
    uvicorn.run(target, **options)
    if _TERMINATING.is_set():
        print("stopped (SIGTERM)", file=sys.stderr)
    return 0


# --- extract --------------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    return _extract(args.paths)


def _extract(paths: list[Path]) -> int:
    from app.ingest import extract_to_json_lines

    return extract_to_json_lines(paths, sys.stdout, sys.stderr)


# --- search ---------------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    settings = _settings_from(args, ("index_dir", "per_page", "search_timeout"))
    from app.budget import time_budget
    from app.search import SearchIndex
    from app.web.api import search_response
    from app.web.errors import HTTPError
    from app.web.params import SearchParams

    params = SearchParams(
        q=args.query,
        page=max(1, args.page),
        per_page=settings.per_page,
        sort=args.sort,
        site=tuple(args.site or ()),
        author=tuple(args.author or ()),
        category=tuple(args.category or ()),
        date_from=args.date_from,
        date_to=args.date_to,
        group=not args.no_group,
    )
    try:
        request = params.request(settings)
    except HTTPError as exc:
        _fail(exc.message)
        return 2
    index = SearchIndex(settings.index_dir)
    try:
        with time_budget(settings.search_timeout or None):
            page = index.search(request)
    finally:
        index.close()
    if args.json:
        import json

        print(json.dumps(search_response(page, params), ensure_ascii=False, indent=2))
        return 0
    if page.suggestion:
        print(f"did you mean: {page.suggestion}")
    if not page.total:
        print(f"no results for {args.query!r}")
        return 0
    print(f"{page.first}-{page.last} of {page.total} results for {args.query!r} ({page.took_ms:.0f} ms)\n")
    for n, hit in enumerate(page.hits, page.first):
        meta = " · ".join(x for x in (hit.site, hit.published, hit.author) if x)
        print(f"{n}. {hit.title}\n   id {hit.id}" + (f" · {meta}" if meta else ""))
        print(f"   {_terminal_snippet(hit.snippet)}")
        print(f"   + {hit.duplicates} more version{'s' if hit.duplicates > 1 else ''}\n" if hit.duplicates else "")
    return 0


def _terminal_snippet(snippet: str) -> str:
    from html import unescape

    if sys.stdout.isatty():
        snippet = snippet.replace("<mark>", "\033[1m").replace("</mark>", "\033[0m")
    else:
        snippet = snippet.replace("<mark>", "").replace("</mark>", "")
    return unescape(snippet)
