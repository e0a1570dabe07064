"""Whether the compiled twins of the extractors' hot loops are in use.

:mod:`app.extract._speedups` is built by ``pip install`` where a C compiler is found (``setup.py``).
It gives the same results as the Python code it stands for, several times faster; the Python code is the
reference, and is used when the module was not built or does not match the installed selectolax (its
import checks that). Callers read :data:`speedups` at each call, so that a test can turn it off.
"""

from __future__ import annotations

from types import ModuleType

speedups: ModuleType | None
try:
    from app.extract import _speedups
except ImportError:  # not built, or built for another selectolax
    speedups = None
else:
    speedups = _speedups
