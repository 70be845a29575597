"""Start-up wiring and tools: preparing the database, loading reference lists, the fictional demo
territory and the synthetic generator for benchmarks.

Public face of the context: the CLI, the app and the tests import from here only."""

from __future__ import annotations

from dossier.tools._bootstrap import (
    prepare_database,
)
from dossier.tools._demo import (
    DEMO_PASSWORD,
    DEMO_PERSON_CODE,
    is_empty,
    seed_demo,
)
from dossier.tools._generate import (
    generate,
)

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_PERSON_CODE",
    "generate",
    "is_empty",
    "prepare_database",
    "seed_demo",
]
