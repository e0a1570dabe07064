# Articles: full-text search over a folder of news articles.
#   docker build -t articles . && docker run -p 8000:8000 articles           (serves the seed articles)
#   docker run -p 8000:8000 -v "$PWD/my-articles:/data" articles             (indexes and serves your folder)
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
COPY templates ./templates
COPY static ./static
COPY seeds /data

# Numeric, so the host and Kubernetes' runAsNonRoot can tell it is not root (hadolint DL3066).
USER 10001:10001
# The seed index is built into the image, so the container answers as soon as it starts.
RUN python -m app index

EXPOSE 8000
# Ref: https://docs.docker.com/reference/dockerfile/#healthcheck (no curl in a slim image: Python asks)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

# --source is explicit, so a folder mounted on /data is indexed on start when it differs from the index.
CMD ["python", "-m", "app", "serve", "--source", "/data"]
