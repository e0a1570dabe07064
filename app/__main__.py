"""``python -m app ...``: the command line.

``extract`` without options takes a short cut past the argument parser, which needs the settings
(pydantic) for its help texts: extraction starts in a fraction of the time, and behaves the same.
(:func:`app.cli.main` takes the same short cut for the installed ``articles`` command.)
"""

import sys

if len(sys.argv) > 2 and sys.argv[1] == "extract" and not any(a.startswith("-") for a in sys.argv[2:]):
    from pathlib import Path

    from app.ingest import extract_to_json_lines

    raise SystemExit(extract_to_json_lines([Path(a) for a in sys.argv[2:]], sys.stdout, sys.stderr))

from app.cli import main

raise SystemExit(main())
