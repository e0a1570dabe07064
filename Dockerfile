# Articles: full-text search over a folder of news articles.
#   docker build -t articles . && docker run -p 8000:8000 articles           (serves the seed articles)
#   docker run -p 8000:8000 -v "$PWD/my-articles:/data" articles             (indexes and serves your folder)

# --- build: compiles app/extract/_speedups.pyx (setup.py); only the .so goes on to the image --------------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# A C compiler and libc's headers only (Python's headers come with the image). Not pinned: the versions are
# those of the Debian release under python:3.11-slim, which changes with the tag, and this stage is thrown away.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

# pyproject.toml's [build-system] (setuptools>=77, Cython>=3.1), at exact versions.
RUN pip install --no-cache-dir setuptools==84.2.1 Cython==3.3.1

WORKDIR /build
# Only what the extension is built from, so that a change elsewhere in app/ does not compile it again
# (app/__init__.py: pyproject.toml reads the version from it).
COPY setup.py pyproject.toml ./
COPY app/__init__.py ./app/
COPY app/extract/_speedups.pyx ./app/extract/
# The extension is optional=True, so a compiler failure is only a warning to setup.py: the test makes it fail
# the build. Stripped of its debug symbols (about 0.9 MB -> 0.15 MB).
RUN python setup.py build_ext --inplace \
    && so="app/extract/_speedups$(python -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')" \
    && { test -f "$so" || { echo "build_ext did not produce $so (see the compiler's output above)" >&2; exit 1; }; } \
    && strip --strip-unneeded "$so"

# --- the image ------------------------------------------------------------------------------------------------
FROM python:3.11-slim

# Ref: https://docs.python.org/3/using/cmdline.html#envvar-PYTHONUNBUFFERED (logs appear at once)
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ARTICLES_HOST=0.0.0.0 \
    ARTICLES_PORT=8000 \
    ARTICLES_SOURCE_DIR=/data \
    ARTICLES_INDEX_DIR=/var/lib/articles/index

WORKDIR /app

# Dependencies in their own layer: it is rebuilt only when the pinned versions change.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# A user without privileges runs the server; it owns only the index folder.
RUN groupadd --system --gid 10001 articles \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin articles \
    && mkdir -p /var/lib/articles/index /data \
    && chown articles /var/lib/articles/index

COPY app ./app
# The compiled twins of the extractors' hot loops (app/extract/native.py uses them when they import).
COPY --from=build /build/app/extract/_speedups.*.so ./app/extract/
COPY templates ./templates
COPY static ./static
COPY seeds /data

# Numeric, so the host and Kubernetes' runAsNonRoot can tell it is not root (hadolint DL3066).
USER 10001:10001
# The seed index is built into the image, so the container answers as soon as it starts.
RUN python -m app index
# The compiled module imports here, with requirements.txt's selectolax (it checks itself against it and raises
# ImportError on a mismatch: imported directly first, so that a failure shows why). A RUN of its own, so
# that a failure names this check, not the index.
# hadolint ignore=DL3059
RUN python -c "import app.extract._speedups; from app.extract import native; assert native.speedups is not None"

EXPOSE 8000
# Ref: https://docs.docker.com/reference/dockerfile/#healthcheck (no curl in a slim image: Python asks)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

# --source is explicit, so a folder mounted on /data is indexed on start when it differs from the index.
CMD ["python", "-m", "app", "serve", "--source", "/data"]
