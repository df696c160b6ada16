#!/usr/bin/env bash
# Loads a bundle's CSV files into plain tables (the columns of TED's tables,
# without keys, indexes, references or NOT NULL) with psql's \copy in one
# session, and prints the rows and the time PostgreSQL took for each file:
# the speed PostgreSQL itself reaches on this machine, beside which
# `ted import` is measured in docs/benchmarks.md.
#
# usage: scripts/copy-baseline.sh BUNDLE_DIR DATABASE_URL
# The database must have TED's schema (run `ted migrate` first); the plain
# tables are created in a schema of their own, dropped at the end.
set -euo pipefail

bundle=$1
url=$2
files="schools staff staff_assignments separations certifications students
sections enrollments assessments evaluations compensation budgets sbb_weights"

script=$(mktemp)
trap 'rm -f "$script"; psql -q "$url" -c "DROP SCHEMA IF EXISTS copy_baseline CASCADE" 2>/dev/null' EXIT
{
  echo "DROP SCHEMA IF EXISTS copy_baseline CASCADE;"
  echo "CREATE SCHEMA copy_baseline;"
  for f in $files; do
    [ -f "$bundle/$f.csv" ] || continue
    echo "CREATE TABLE copy_baseline.$f AS SELECT * FROM public.$f WITH NO DATA;"
  done
  echo "\\timing on"
  for f in $files; do
    csv="$bundle/$f.csv"
    [ -f "$csv" ] || continue
    header=$(head -n 1 "$csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')
    echo "\\echo $f.csv"
    echo "\\copy copy_baseline.$f ($header) FROM '$csv' WITH (FORMAT csv, HEADER)"
  done
} >"$script"

psql -X "$url" -f "$script" 2>&1 | awk '
  /\.csv$/ { file = $1; next }
  /^COPY / { rows = $2; next }
  /^Time: / { ms = $2; total += ms; n += rows
              printf "%-24s %10d rows %8.3f s\n", file, rows, ms / 1000 }
  END { printf "%-24s %10d rows %8.3f s  %.0f rows/s\n", "total", n, total / 1000,
               n / (total / 1000) }'
