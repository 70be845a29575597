#!/usr/bin/env bash
# The whole suite, as CI runs it: ruff, import-linter, then pytest on SQLite (every test), then pytest on a throw-away
# PostgreSQL database (created here, dropped at the end: the tests that touch the database, see
# tests/conftest.py). Each pass runs on TEST_WORKERS pytest-xdist workers (default: one per core), each
# worker with its own database. Exits non-zero if any step fails.
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1/5432/postgres); DOSSIER_TEST_SKIP_PG=1 to skip
# the PostgreSQL pass on a laptop without it (CI never sets it); TEST_WORKERS=0 runs in one process.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORKERS=${TEST_WORKERS:-auto}
status=0

step() { echo; echo "=== $*"; }

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  step "Installing Debian chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y chromium >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y chromium >/dev/null; } \
    || { echo "Could not install chromium"; exit 1; }
fi

if ! command -v pdftotext >/dev/null 2>&1; then
  step "Installing Debian poppler-utils (pdftotext reads the Arabic letter back)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y poppler-utils >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y poppler-utils >/dev/null; } \
    || echo "Could not install poppler-utils: the Arabic letter is read back with pypdf only"
fi

step "ruff check"
"$VENV/bin/ruff" check . || status=1

step "import-linter (the architecture's contracts, pyproject.toml)"
"$VENV/bin/lint-imports" --no-cache || status=1

timed() { local start=$SECONDS; "$@"; local rc=$?; echo "(took $((SECONDS - start)) s)"; return $rc; }

step "pytest on SQLite"
(unset TEST_DATABASE_URL; timed "$PY" -m pytest -q -n "$WORKERS" "$@") || status=1

if [ "${DOSSIER_TEST_SKIP_PG:-0}" = "1" ]; then
  echo "PostgreSQL pass skipped (DOSSIER_TEST_SKIP_PG=1)."
  exit $status
fi

step "pytest on PostgreSQL"
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "PostgreSQL is not answering; starting the local cluster."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
fi
DB="dossier_test_$$_$(date +%s)"
if createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$DB"; then
  # The workers' own databases ("$DB"_gw0, ...) are dropped by the workers; a crash would leave them.
  drop_test_databases() {
    for name in $(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atc \
                  "SELECT datname FROM pg_database WHERE datname LIKE '${DB}%'"); do
      dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" --if-exists --force "$name" >/dev/null 2>&1
    done
  }
  trap drop_test_databases EXIT
  TEST_DATABASE_URL="postgresql+psycopg://$PGUSER@$PGHOST:$PGPORT/$DB" timed "$PY" -m pytest -q -n "$WORKERS" "$@" \
    || status=1
else
  echo "Could not create the PostgreSQL test database."
  status=1
fi

echo
[ $status -eq 0 ] && echo "ALL GREEN (ruff, SQLite, PostgreSQL)" || echo "FAILURES: see above"
exit $status
