#!/usr/bin/env bash
# README's first command: install what is missing, build, and lint the example chain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "testdata/shop: an example chain of 12 revisions (a branch and a merge) for a small shop."
echo "airlock simulates it on a model of PostgreSQL 15 and reports what would hurt production."
echo
echo "\$ build/airlock lint testdata/shop"
rc=0
build/airlock lint testdata/shop || rc=$?
echo
echo "Each finding names its rule in brackets: 'build/airlock explain require-lock-timeout' says"
echo "why it matters and what to write instead; 'build/airlock rules' lists them all."
exit $rc
