"""The one settings object: defaults, environment variables (``ARTICLES_*``) and CLI flags.

Precedence, highest first: a CLI flag (passed in as a keyword argument), the environment
variable, the default below. Nothing else in the package reads ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: The repository root: templates, static files and the seed articles are found from here,
#: never from the current working directory.
BASE_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = BASE_DIR / "seeds"
TEMPLATES_DIR = BASE_DIR / "templates"
STATIC_DIR = BASE_DIR / "static"

ENV_PREFIX = "ARTICLES_"


class Settings(BaseSettings):
    """Every setting of the product. The README's configuration table lists each one (a test checks)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="forbid")

    source_dir: Path = Field(
        SEEDS_DIR,
        description="Folder of articles to index (read recursively). Defaults to the bundled seed articles.",
    )
    index_dir: Path = Field(
        BASE_DIR / ".index",
        description="Folder that holds the search index (created when missing).",
    )
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    per_page: int = Field(10, ge=1, le=100, description="Results per page when a request does not say.")
    search_timeout: float = Field(
        10.0,
        ge=0,
        description="Longest a search may run, in seconds, before it is stopped and answered with an error; "
        "0: no limit.",
    )
    workers: int = Field(
        0,
        ge=0,
        le=64,
        description="Server processes that answer requests (each opens the index read-only); "
        "0: one per CPU core, at most 4.",
    )
    index_workers: int = Field(
        0,
        ge=0,
        le=64,
        description="Processes that read and index files in a build of 200 files or more; 0: one per CPU core.",
    )
    file_time_limit: float = Field(
        60.0,
        ge=0,
        description="Seconds one file may take to be read and extracted before it is skipped; 0: no limit.",
    )
    max_file_mb: float = Field(32.0, gt=0, description="Files larger than this many megabytes are skipped unread.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        [],
        description="Origins (https://example.org) whose pages may call the API from a browser, comma-separated; "
        "empty: none (CORS off).",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        """``"https://a.org, https://b.org"`` (the environment's form) -> a list; blanks dropped."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return [o.strip().rstrip("/") for o in value if isinstance(o, str) and o.strip()]
        return value

    @property
    def build_workers(self) -> int:
        """The number of processes a build uses (``index_workers``, or one per CPU core)."""
        return self.index_workers or _cpu_count()

    @property
    def server_workers(self) -> int:
        """The number of server processes (``workers``, or one per CPU core up to 4)."""
        return self.workers or min(4, _cpu_count())

    def environment(self) -> dict[str, str]:
        """These settings as ``ARTICLES_*`` environment variables (for server processes started apart)."""
        out: dict[str, str] = {}
        for name, value in self.model_dump().items():
            out[ENV_PREFIX + name.upper()] = ",".join(value) if isinstance(value, list) else str(value)
        return out

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 2**20)

    def explicitly_set(self, name: str) -> bool:
        """Whether ``name`` came from a flag or the environment rather than the default."""
        return name in self.model_fields_set


def _cpu_count() -> int:
    """The CPU cores this process may run on (a container's limit where the system says it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
