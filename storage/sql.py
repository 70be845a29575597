"""Small SQL building blocks shared by the read models (both engines)."""

from __future__ import annotations

from sqlalchemy import case, func
from sqlalchemy.sql import ColumnElement


def count_true(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet `condition` (0, not NULL, on no rows): several counts in one scan."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
