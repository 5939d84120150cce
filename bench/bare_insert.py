"""The yardstick for bench/journey_load.py: a bare Flask endpoint that inserts one row with psycopg.

No ORM, no session, no template: what a POST costs on these machines when it does nothing but
store a row. Served by gunicorn exactly as Shopper is (bench/journey_load.py starts it):

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shopper_bench_journey \
        .venv/bin/gunicorn --workers 2 --bind 127.0.0.1:8102 bench.bare_insert:app
"""

import os
import uuid

import psycopg
from flask import Flask, jsonify, request

app = Flask(__name__)
_connection: psycopg.Connection | None = None
TABLE = ("CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, client_id uuid UNIQUE "
         "NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")


def _database() -> psycopg.Connection:
    """One connection per worker process, opened on its first request."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["BENCH_DATABASE_URL"], autocommit=True)
        _connection.execute(TABLE)
    return _connection


@app.post("/insert")
def insert():
    row = _database().execute(
        "INSERT INTO bench_rows (client_id, body) VALUES (%s, %s) RETURNING id",
        (uuid.uuid4(), request.get_data(as_text=True)[:2000])).fetchone()
    return jsonify({"id": row[0]}), 201
