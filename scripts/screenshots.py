"""Screenshots of the search and article pages for the README, light and dark.

Usage: .venv/bin/python scripts/screenshots.py   (needs the test requirements and Debian's chromium)
Starts the server on the seed articles on a free port, takes the pictures into docs/, and stops it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop_server  # noqa: E402


def main() -> None:
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "index", Path(tmp) / "server.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
                for scheme in ("light", "dark"):
                    page = browser.new_page(viewport={"width": 1100, "height": 760}, color_scheme=scheme)
                    page.goto(server.url + "/search?q=fentanyl+precursors")
                    suffix = "" if scheme == "light" else "-dark"
                    page.screenshot(path=str(out / f"screenshot-search{suffix}.png"))
                    # An article with its metadata, opened from a search whose words it has from the start.
                    page.goto(server.url + "/search?q=blinken+qin")
                    page.locator(".hit-title a", has_text="high-stakes").click()
                    page.locator("article h1").wait_for()
                    page.screenshot(path=str(out / f"screenshot-article{suffix}.png"))
                    page.close()
                browser.close()
        finally:
            stop_server(server)
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
