#!/usr/bin/env bash
# README's first command: install what is missing, build, and lint the example chain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "\$ build/airlock lint testdata/shop"
exec build/airlock lint testdata/shop
