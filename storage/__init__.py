"""Persistence: schema (SQLModel), engine, Alembic migrations and queries."""
