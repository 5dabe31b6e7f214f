#!/usr/bin/env bash
# The whole test suite: install what is missing, build (normal + ASan/UBSan), run ctest on both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAIRLOCK_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAIRLOCK_WERROR=ON -DAIRLOCK_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
rc=0
(cd build && ctest --output-on-failure -j"$jobs") || rc=1
(cd build-asan && ctest --output-on-failure -j"$jobs" -LE nosan) || rc=1
exit $rc
