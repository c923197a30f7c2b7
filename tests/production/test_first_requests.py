"""A fresh gunicorn worker answers the first requests a browser sends it side by side: Dash used
to set itself up on its first request, so the scripts asked for meanwhile got a 500 and the
first visitor of a worker saw a blank page."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor

from tests.production.test_gunicorn_swap import request, start_gunicorn

# What the browser asks for first after the page: Dash's scripts (the fingerprint in the name
# is the version Dash writes in the page; it serves the file for any).
SCRIPTS = ["/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js",
           "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v4_4_1m1.min.js",
           "/_dash-component-suites/dash/dcc/dash_core_components.v4_4_1m1.js",
           "/_dash-component-suites/dash/html/dash_html_components.v4_4_1m1.min.js"]


def test_a_fresh_worker_serves_its_first_requests_side_by_side(warehouse, tmp_path):
    proc, port, _path = start_gunicorn(warehouse, tmp_path, workers=1, threads=4)
    try:
        # Only wait for the socket: any HTTP request would set the worker up before the burst.
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda p: request(port, "GET", p)[0], SCRIPTS * 2))
        assert answers == [200] * len(answers), (tmp_path / "gunicorn.log").read_text()[-2000:]
    finally:
        proc.terminate()
        proc.wait(30)
