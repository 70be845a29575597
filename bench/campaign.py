"""Benchmark of an invitation campaign (issue 17): preparing it for N people (target ≤ 30 s on SQLite for
10,000) and sending its SMS through a local fake of Brevo's API (messages per minute). Prints a markdown
table; the floor of the preparation is the same rows written by plain executemany INSERTs.

    .venv/bin/python bench/campaign.py [--people 10000] [--engines sqlite,postgresql] [--send 2000]

Each engine gets its own throw-away database (SQLite under /tmp, PostgreSQL `dossier_bench_campaign`).
The clock is frozen at a Tuesday 10:00 (Paris) in this process, so quiet hours never hold the SMS."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import database_urls, fresh_database  # noqa: E402 — after sys.path

DATABASE = "dossier_bench_campaign"
URLS = database_urls(DATABASE)
TUESDAY_10 = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


class FakeBrevo(BaseHTTPRequestHandler):
    """Answers POST /v3/transactionalSMS/send as Brevo documents (201 and a messageId)."""

    count = 0
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 — http.server's name
        self.rfile.read(int(self.headers.get("content-length", 0)))
        with FakeBrevo.lock:
            FakeBrevo.count += 1
            message_id = FakeBrevo.count
        body = json.dumps({"messageId": message_id}).encode()
        self.send_response(201)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


def run(engine_name: str, people: int, send: int) -> list[tuple[str, float, str]]:
    os.environ["DATABASE_URL"] = URLS[engine_name]
    os.environ.setdefault("DOSSIER_PEPPER", "bench-pepper")
    os.environ["DOSSIER_SMS_PER_MINUTE"] = "1000000"
    from dossier.settings import get_settings

    get_settings.cache_clear()
    from pydantic import SecretStr
    from sqlalchemy import text

    from dossier import clock, invitations, messaging
    from dossier.tools import prepare_database, seed_demo
    from storage.engine import get_engine, session_scope
    from storage.models import Beneficiary

    clock.now = lambda: TUESDAY_10  # noqa: PLW0108 — frozen for quiet hours
    fresh_database(engine_name, DATABASE)
    engine = get_engine()
    prepare_database(engine)
    with session_scope() as session:
        seed_demo(session)
    now = TUESDAY_10
    rows = [{"dossier_number": f"B2026-{n:06d}", "last_name": "Essai", "first_name": f"P{n}",
             "birth_date": dt.date(1990, 1, 1), "phone": f"06{n:08d}" if n % 10 else None,
             "email": f"p{n}@exemple.invalid" if n % 3 == 0 else None, "commune": "Benchville",
             "rsa_entry_date": dt.date(2026, 11, 20), "created_at": now, "updated_at": now}
            for n in range(people)]
    with session_scope() as session:
        session.execute(Beneficiary.__table__.insert(), rows)
    from sqlmodel import select

    from dossier.accounts import actor_for_professional
    from storage.models import Professional

    with session_scope() as session:
        lucas = actor_for_professional(session, session.exec(
            select(Professional).where(Professional.email == "lucas.petit@cd-vv.demo")).one())
    audience = invitations.Audience(commune="Benchville")
    result = []
    started = time.perf_counter()
    with session_scope() as session:
        reach = invitations.preview(session, lucas, audience)
    result.append((f"Preview a campaign of {reach.people:,} people (counts per channel)",
                   time.perf_counter() - started, ""))
    started = time.perf_counter()
    with session_scope() as session:
        launched = invitations.launch(session, lucas, "Benchmark", audience, "https://insertion.example")
    prepared = time.perf_counter() - started
    with engine.connect() as connection:
        messages = connection.execute(text("SELECT count(*) FROM outbox_message WHERE invitation_id IS NOT NULL")
                                      ).scalar_one()
    result.append((f"Prepare it: {launched.reach.people:,} links, {messages:,} messages queued (one transaction)",
                   prepared, "target: ≤ 30 s on SQLite for 10,000 people"))
    # the floor: the same rows (invitations and messages) by executemany, without the rules
    with engine.begin() as connection:
        started = time.perf_counter()
        connection.execute(text("CREATE TEMPORARY TABLE floor_invitation AS SELECT * FROM invitation WHERE 1 = 0"))
        connection.execute(text("CREATE TEMPORARY TABLE floor_outbox AS SELECT * FROM outbox_message WHERE 1 = 0"))
        invitations_rows = connection.execute(text("SELECT * FROM invitation")).mappings().all()
        outbox_rows = connection.execute(text("SELECT * FROM outbox_message")).mappings().all()
        connection.execute(text("INSERT INTO floor_invitation VALUES (" + ", ".join(
            f":{c}" for c in invitations_rows[0].keys()) + ")"), [dict(r) for r in invitations_rows])
        connection.execute(text("INSERT INTO floor_outbox VALUES (" + ", ".join(
            f":{c}" for c in outbox_rows[0].keys()) + ")"), [dict(r) for r in outbox_rows])
        floor = time.perf_counter() - started
    result.append(("Floor: the same rows by executemany (no rules, no link, no text)", floor,
                   f"preparation / floor = {prepared / floor:.1f}×"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBrevo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from dataclasses import replace

    settings = replace(get_settings(), sms_provider="brevo", brevo_api_key=SecretStr("bench"),
                       brevo_api_url=f"http://127.0.0.1:{server.server_address[1]}/v3")

    class NoEmail:
        def send(self, message, attachments=()):
            return None

    started = time.perf_counter()
    sent = 0
    while sent < send:
        with session_scope() as session:
            counts = messaging.send_due(session, sms=messaging.sms_sender(settings), email=NoEmail(),
                                        limit=min(200, send - sent), settings=settings)
        if not counts["sent"]:
            break
        sent += counts["sent"]
    elapsed = time.perf_counter() - started
    server.shutdown()
    result.append((f"Send {sent:,} messages through the fake Brevo API, one worker", elapsed,
                   f"{sent / elapsed * 60:,.0f} messages per minute"))
    engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--send", type=int, default=2000, help="how many queued messages to send")
    args = parser.parse_args()
    for engine_name in args.engines.split(","):
        rows = run(engine_name, args.people, args.send)
        print(f"\n### {engine_name}, campaign of {args.people:,} people\n")
        print("| operation | seconds | note |")
        print("|---|---:|---|")
        for name, seconds, note in rows:
            print(f"| {name} | {seconds:.2f} | {note} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
