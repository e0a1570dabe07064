"""Full-text search over a folder of news articles.

The package is laid out in the order data flows through it:

    sources  -> extract/ -> documents -> ingest -> index -> search -> web/ and cli

Importing :mod:`app` touches neither the disk nor the environment.
"""

__version__ = "0.1.0"
