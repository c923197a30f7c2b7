"""The production settings of gunicorn (`gunicorn -c python:dashboard.gunicorn_conf
dashboard.app:server`), sized from the machine; any value can be overridden on the command
line (`-w 4`, `-b ...`) or by the variables below.

Workers are processes (the callbacks are CPU-bound Python, so one per core); threads per worker
let DuckDB queries (which run outside the GIL) and slow clients overlap. The app is not
preloaded: each worker builds it after the fork, so the warehouse's DuckDB connection and the app
database's connection pool are opened in the worker that uses them, never inherited.
"""

import os

_cores = os.cpu_count() or 1

bind = os.environ.get("AOJ_BIND", f"127.0.0.1:{os.environ.get('PORT', '8050')}")
workers = int(os.environ.get("AOJ_WORKERS", _cores))
worker_class = "gthread"
threads = int(os.environ.get("AOJ_THREADS", 4))
# A request that needs longer than this is a bug (the OOGO report takes ~3 s): the worker is
# restarted rather than held.
timeout = 30
graceful_timeout = 30
keepalive = 5
preload_app = False
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# gunicorn 27 otherwise creates a control socket in the home folder.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Read ahead in the background what pages need (`dashboard.warm`), now and for every
    new build this worker opens."""
    import threading

    from dashboard import db, warm

    db.on_new_build(warm.warm)
    threading.Thread(target=warm.warm, name="warm", daemon=True).start()
