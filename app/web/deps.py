"""Dependencies shared by the API and the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.search import SearchIndex
from app.settings import Settings
from app.web.state import AppState


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.app_state
    return state


def get_index(state: Annotated[AppState, Depends(get_state)]) -> SearchIndex:
    return state.index


def get_settings(state: Annotated[AppState, Depends(get_state)]) -> Settings:
    return state.settings


StateDep = Annotated[AppState, Depends(get_state)]
IndexDep = Annotated[SearchIndex, Depends(get_index)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
