"""Builds the compiled twins of the extractors' hot loops (``app/extract/_speedups.pyx``, with Cython).

Everything else about the package is in ``pyproject.toml``. The extension is optional: where no C compiler
is found the build goes on without it, and the extractors use their Python versions (the same results,
slower; ``app.extract.native`` tells which are in use).
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = cythonize(
    [Extension("app.extract._speedups", ["app/extract/_speedups.pyx"])],
    compiler_directives={"language_level": 3},
    quiet=True,
)
for extension in extensions:
    extension.optional = True  # (set after cythonize, which makes new Extension objects without it)

setup(ext_modules=extensions)
