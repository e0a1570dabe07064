"""Dependencies shared by the API and the pages.

They are ``async def`` although they never wait: FastAPI runs a plain ``def`` dependency on a
worker thread, and the hop there and back cost about a quarter of a millisecond each.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from app.budget import time_budget
from app.search import SearchIndex, SearchPage, SearchRequest
from app.settings import Settings
from app.web.state import AppState


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.app_state
    return state


async def get_index(state: Annotated[AppState, Depends(get_state)]) -> SearchIndex:
    """The open index. While there is none, the attempt to open it (reading files, loading the catalog)
    runs on a worker thread, not on the event loop."""
    index = state.opened
    if index is not None:
        return index
    return await run_in_threadpool(lambda: state.index)


async def get_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


StateDep = Annotated[AppState, Depends(get_state)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def run_search(index: SearchIndex, request: SearchRequest, settings: Settings) -> SearchPage:
    """``index.search(request)`` within the time budget of the ``search_timeout`` setting.

    Raises:
        QueryTooExpensive: the query is over a limit of :mod:`app.limits` (a 422 naming ``q``).
        SearchTimeout: the search ran past the budget (a 503).
    """
    with time_budget(settings.search_timeout or None):
        return index.search(request)
