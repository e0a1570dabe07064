"""Jinja2 set-up: the templates folder and the few filters pages need."""

from __future__ import annotations

from datetime import datetime

from fastapi.templating import Jinja2Templates
from jinja2 import select_autoescape
from markupsafe import Markup

from app.documents import parse_published
from app.settings import TEMPLATES_DIR


def format_date(value: str | None) -> str:
    """``2023-06-19T01:21:57+00:00`` -> ``19 June 2023``."""
    moment = parse_published(value)
    if moment is None:
        return ""
    return f"{moment.day} {moment:%B %Y}"


def http_url(value: str | None) -> str | None:
    """The URL when it is an http(s) link, else None: no ``javascript:`` or ``data:`` links from documents."""
    if value and value.lower().startswith(("http://", "https://")):
        return value
    return None


def highlighted(value: str) -> Markup:
    """Mark as safe HTML a string made by :mod:`app.snippets` (escaped text and <mark> only).

    This is the only place document text is let into a page unescaped.
    """
    return Markup(value)


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    # Starlette's default escapes .html/.htm/.xml only: the Atom feed (search.atom) is XML too.
    templates.env.autoescape = select_autoescape(("html", "htm", "xml", "atom"), default_for_string=True)
    templates.env.filters["date"] = format_date
    templates.env.filters["http_url"] = http_url
    templates.env.filters["highlighted"] = highlighted
    templates.env.globals["now"] = datetime.now
    return templates
