"""The floor of bench/load.py: the project's settings with no middleware and only the
bare list views of bench/load_floor_urls.py. Served by its own gunicorn, beside the
product's, so each list page is compared with the same rows read by the same query on
the same database, without sessions, authentication, two-factor, CSRF, messages, the
security headers, the audit events or the GOV.UK templates. Never used by the service."""

from config.settings import *  # noqa: F403

MIDDLEWARE = []
ROOT_URLCONF = "bench.load_floor_urls"
