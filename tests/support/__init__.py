"""Helpers shared by several test files: one place for each (see tests/conftest.py for fixtures)."""
