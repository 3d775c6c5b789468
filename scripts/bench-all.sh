#!/usr/bin/env bash
# `npm run bench`: every benchmark in bench/; each prints its ratios against baselines measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in bench/*.bench.ts; do
  echo "=== $bench"
  npx tsx "$bench"
done
