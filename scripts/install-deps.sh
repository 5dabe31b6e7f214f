#!/usr/bin/env bash
# Installs the Debian 12 packages airlock needs to build and test, only those missing.
set -euo pipefail
pkgs=(build-essential cmake pkg-config git
      libpg-query-dev libprotobuf-c-dev libarchive-dev libzstd-dev libsodium-dev
      libsqlite3-dev libpq-dev libinih-dev libcmocka-dev nettle-dev zlib1g-dev
      postgresql postgresql-client sqlite3 zstd minisign
      python3-alembic python3-psycopg2)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    log=$(mktemp)
    if ! { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
            --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        echo "install-deps: apt-get failed" >&2
        exit 1
    fi
    rm -f "$log"
fi
