#!/usr/bin/env bash
# `make serve`: Prevent Hub with production settings under gunicorn against PostgreSQL, and
# the task worker beside it, stopped with it. Reads the environment, and first the file
# named by PREVENTHUB_ENV_FILE if set (deploy/preventhub.env.example shows one).
# In a real deployment run gunicorn and the worker as two services of their own
# (deploy/preventhub.service, deploy/preventhub-worker.service); this script is the same
# thing in one terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

if [[ -n "${PREVENTHUB_ENV_FILE:-}" ]]; then
	if [[ ! -r "$PREVENTHUB_ENV_FILE" ]]; then
		echo "make serve: PREVENTHUB_ENV_FILE=$PREVENTHUB_ENV_FILE cannot be read" >&2
		exit 2
	fi
	set -a
	# shellcheck disable=SC1090
	. "$PREVENTHUB_ENV_FILE"
	set +a
fi

if [[ "${PREVENTHUB_ENVIRONMENT:-}" != production ]]; then
	echo "make serve: set PREVENTHUB_ENVIRONMENT=production (or PREVENTHUB_ENV_FILE); 'make run' serves the demo" >&2
	exit 2
fi
case "${DATABASE_URL:-}" in
	postgres://* | postgresql://*) ;;
	*)
		echo "make serve: set DATABASE_URL to the PostgreSQL database (postgres://user@host:5432/name); production does not run on SQLite" >&2
		exit 2
		;;
esac

# The settings refuse to start, listing every problem, without the production secrets.
"$PY" manage.py check --deploy --fail-level WARNING
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py migrate --noinput

"$PY" manage.py db_worker &
worker=$!
"$PY" -m gunicorn --config deploy/gunicorn.conf.py config.wsgi:application &
server=$!
stop() {
	kill -TERM "$server" "$worker" 2>/dev/null || true
	wait "$server" "$worker" 2>/dev/null || true
}
trap stop EXIT INT TERM
# Whichever stops first, the other is stopped too.
wait -n "$server" "$worker"
