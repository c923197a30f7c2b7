"""`/health`: which warehouse build the answering worker reads, as JSON, for load balancers and
operators. No login, nothing secret, one cached read per warehouse."""

from __future__ import annotations

import os

import duckdb
from flask import Flask, jsonify

from dashboard import queries


def init_app(server: Flask) -> None:
    server.add_url_rule("/health", "health", _health)


def _health():
    try:
        info = queries.build_info()
    except (duckdb.Error, OSError):
        return jsonify({"status": "unavailable", "pid": os.getpid()}), 503
    return jsonify({"build_id": info.get("build_id"), "built_at": str(info["built_at"]),
                    "pid": os.getpid(), "status": "ok"})
