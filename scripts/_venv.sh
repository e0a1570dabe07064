# Sourced by scripts/serve and scripts/test: make .venv with a Python 3.11+ and install the pinned
# requirements into it, once (a stamp remembers what was installed, so the next run starts at once).
pick_python() {
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

ensure_venv() {  # ensure_venv REQUIREMENT_FILE...
  if [ ! -x .venv/bin/python ]; then
    python=$(pick_python)
    echo "creating .venv with $($python --version)" >&2
    "$python" -m venv .venv
  fi
  # The stamp changes with the pins and with the compiled module's source, which the install builds.
  stamp=".venv/.installed-$(cat pyproject.toml setup.py app/extract/_speedups.pyx "$@" | cksum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ]; then
    echo "installing dependencies into .venv" >&2
    args=""
    for file in "$@"; do args="$args -r $file"; done
    # shellcheck disable=SC2086
    .venv/bin/python -m pip install --quiet --disable-pip-version-check $args
    # "compat": the project folder goes on sys.path through a plain .pth line (the default editable
    # mode imports a finder at every start of Python, 10 ms). It also builds app/extract/_speedups in place.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
      --config-settings editable_mode=compat -e .
    if ! .venv/bin/python -c 'import sys; from app.extract import native; sys.exit(native.speedups is None)'; then
      echo "note: app/extract/_speedups was not built (no C compiler or Python headers?): extraction runs" \
        "in Python alone, the same documents about 1.4 times slower" >&2
    fi
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}
