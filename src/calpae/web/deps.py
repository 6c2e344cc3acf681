"""What the page functions ask FastAPI for: a read session, and the filters of the forms.

A GET form sends its empty choices as `annee=`: the filters read an empty value as none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator, Field
from sqlalchemy.orm import Session

from calpae.store.files import FileStore


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


def blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def get_files(request: Request) -> FileStore:
    return request.app.state.files


SessionDep = Annotated[Session, Depends(get_session)]
FilesDep = Annotated[FileStore, Depends(get_files)]
# The constraints bind the inner type, so that a blank value, read as None, passes them by.
Year = Annotated[Annotated[int, Field(ge=1900, le=2100)] | None, BeforeValidator(blank_is_none),
                 Query(description="Exercice (année), par exemple 2020.")]
Region = Annotated[Annotated[str, Field(max_length=3)] | None, BeforeValidator(blank_is_none),
                   Query(description="Code INSEE de la région, par exemple 24.")]
Text = Annotated[Annotated[str, Field(max_length=300)] | None, BeforeValidator(blank_is_none),
                 Query()]
PageNumber = Annotated[Annotated[int, Field(ge=1)],
                       BeforeValidator(lambda v: blank_is_none(v) or 1),
                       Query(description="Page de résultats, à partir de 1.")]
