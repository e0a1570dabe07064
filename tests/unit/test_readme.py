"""The README documents every setting (a setting nobody can find is a setting nobody can use)."""

from __future__ import annotations

import re

from app.settings import ENV_PREFIX, Settings
from tests.conftest import REPO


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `(\w+)` \| `(\w+)` \|.*$", readme, re.MULTILINE)}
    for name, field in Settings.model_fields.items():
        assert name in rows, f"setting {name} is missing from the README's configuration table"
        assert f"`{ENV_PREFIX}{name.upper()}`" in rows[name]
        default = field.default
        shown = default.name if hasattr(default, "name") else str(default)
        assert shown in rows[name], f"the README gives another default for {name}"
    assert set(rows) == set(Settings.model_fields), "the README lists a setting that does not exist"


def test_readme_commands_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in ("./scripts/serve", "./scripts/test"):
        assert command in readme
        assert (REPO / command).stat().st_mode & 0o111, f"{command} is not executable"
