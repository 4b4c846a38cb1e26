#!/usr/bin/env bash
# `make run-team`: team mode on one machine. Starts a throwaway PostgreSQL (in a temp dir, loopback only,
# password auth with a random password; deleted on exit), adds the first admin (password prompted twice, or
# VIEWER_ADMIN_PASSWORD), checks the start-up decision (viewer auth-check), then serves the app with
# VIEWER_AUTH=on on ADDRESS:PORT (default 0.0.0.0:8501). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ADDRESS=${ADDRESS:-0.0.0.0}
PORT=${PORT:-8501}
ADMIN=${VIEWER_ADMIN:-admin}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

ROOT=$(mktemp -d /tmp/viewer-team-pg.XXXXXX)  # not $TMPDIR: the postgres user must be able to reach it
cleanup() {
    as_pg "$PG_BIN/pg_ctl" -D "$ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir "$ROOT/sock"
DB_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
(umask 077; printf '%s\n' "$DB_PASSWORD" >"$ROOT/pwfile")
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$ROOT"
as_pg "$PG_BIN/initdb" -D "$ROOT/data" -U postgres --pwfile="$ROOT/pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync >/dev/null
rm -f "$ROOT/pwfile"
PG_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PG_BIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $ROOT/sock" start >/dev/null
echo "PostgreSQL (throwaway, in $ROOT) on 127.0.0.1:$PG_PORT" >&2

export VIEWER_AUTH=on
export VIEWER_DB_URL="postgresql://postgres:$DB_PASSWORD@127.0.0.1:$PG_PORT/postgres"
export VIEWER_DATA=${VIEWER_DATA:-sample_data}

if [ -n "${VIEWER_ADMIN_PASSWORD:-}" ]; then
    printf '%s\n' "$VIEWER_ADMIN_PASSWORD" | "$PY" -m viewer users add "$ADMIN" --role admin
else
    echo "Choose a password for the first admin, '$ADMIN':" >&2
    "$PY" -m viewer users add "$ADMIN" --role admin
fi
"$PY" -m viewer auth-check --address "$ADDRESS"

"$PY" -m streamlit run serve.py --server.address "$ADDRESS" --server.port "$PORT" --server.headless true \
    --browser.gatherUsageStats false
