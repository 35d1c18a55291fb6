"""gunicorn's settings for Prevent Hub (`make serve`, and deploy/preventhub.service).

Every figure an operator may change comes from the environment; see docs/deployment.md.
Both of gunicorn's logs go to standard output as one JSON object a line, like the
application's own (config/settings.py, LOGGING): the access log names the method, the path
without its query string (a search carries a person's name), the status, the bytes sent,
the time taken and the request id the application gave it (config/logs.py)."""

from __future__ import annotations

import logging
import os
from typing import Any

from gunicorn import glogging
from pythonjsonlogger.json import JsonFormatter


def _number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = int(raw)
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return value


# Where the proxy reaches this server: loopback when the proxy is on the same machine, the
# server's private address otherwise. Never a public address: the proxy terminates TLS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, each one request at a time: the pages are database-bound and short. Two or
# three per core; the database's connections (or PgBouncer's) must cover every worker of
# every app server.
workers = _number("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _number("GUNICORN_THREADS", 1)
# A request taking longer than this is stopped and its worker restarted; the largest
# exports and PDFs take seconds, not a minute.
timeout = _number("GUNICORN_TIMEOUT", 60)
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _number("GUNICORN_KEEPALIVE", 5)
# Workers are replaced after this many requests, so a slow leak never grows for long.
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The proxies whose X-Forwarded-* headers gunicorn believes (Django reads
# X-Forwarded-Proto itself: SECURE_PROXY_SSL_HEADER); comma-separated addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "preventhub"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket (gunicornc) is not used; off, so that several servers on one
# machine (the two-server test) do not share its default path.
control_socket_disable = True
# Load the application in each worker, after the fork: no database connection is shared
# between workers.
preload_app = False


class JsonLogger(glogging.Logger):
    """gunicorn's own log and its access log as JSON lines on standard output."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            datefmt="%Y-%m-%dT%H:%M:%S%z",
        )
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = dict((name.lower(), value) for name, value in resp.headers)
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "request_id": headers.get("x-request-id", "-"),
            "pid": os.getpid(),
        }
        try:
            self.access_log.log(logging.INFO, "request", extra=fields)
        except Exception:  # noqa: BLE001 - a log line must never fail a request
            self.exception("The access log line could not be written")


logger_class = JsonLogger
