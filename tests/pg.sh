# tests/pg.sh - sourced by integration tests that need a real PostgreSQL 15.
# pg_start creates a throw-away cluster in a temp dir (initdb/pg_ctl as the
# 'postgres' user), listening on a free loopback port and a private socket dir;
# it is stopped and removed when the test script exits. After pg_start:
#   PGHOST PGPORT PGUSER PGDATABASE are exported (psql/libpq just work),
#   PG_CONNINFO is a conninfo string for --db.
# The suite installs postgresql via scripts/install-deps.sh; when run by hand
# without it, pg_start installs it.

PG_BIN=${PG_BIN:-}

pg_find_bin() {
    if [ -z "$PG_BIN" ]; then
        for v in 15 16 17; do
            if [ -x /usr/lib/postgresql/$v/bin/initdb ]; then PG_BIN=/usr/lib/postgresql/$v/bin; break; fi
        done
    fi
    if [ -z "$PG_BIN" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
        PG_BIN=/usr/lib/postgresql/15/bin
    fi
}

pg_as() { # run a command as the postgres user (initdb refuses root)
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

pg_stop() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}

pg_start() {
    pg_find_bin
    PG_TMP=$(mktemp -d /tmp/airlock-pg.XXXXXX)
    chmod 755 "$PG_TMP"
    mkdir "$PG_TMP/data" "$PG_TMP/sock"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_TMP/data" "$PG_TMP/sock"
    pg_as "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    local port
    for attempt in 1 2 3 4 5; do
        port=$(pg_free_port)
        if pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/data/server.log" -w -t 60 \
            -o "-p $port -k $PG_TMP/sock -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null; then
            break
        fi
        port=
    done
    [ -n "$port" ] || { cat "$PG_TMP/data/server.log" >&2; return 1; }
    trap pg_stop EXIT
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
    export PG_CONNINFO="host=127.0.0.1 port=$port user=postgres dbname=postgres"
}

# pg_createdb NAME: a fresh database; echoes its conninfo.
pg_createdb() {
    psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$1\"" >/dev/null
    echo "host=127.0.0.1 port=$PGPORT user=postgres dbname=$1"
}
