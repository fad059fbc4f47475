#!/bin/sh
# One CLI import into a fresh SQLite file, for whole-process timings (farm-bench; docs/performance.md).
# Usage: bench/import-fresh.sh <label> <paths...>   (the database is /tmp/bench-<label>.db)
label=$1; shift
rm -f "/tmp/bench-$label.db" "/tmp/bench-$label.db-wal" "/tmp/bench-$label.db-shm"
exec node "$(dirname "$0")/../bin/mdl.js" --database "/tmp/bench-$label.db" import "$@"
