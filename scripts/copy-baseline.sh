#!/usr/bin/env bash
# Loads a bundle's CSV files into plain tables (the columns of TED's tables,
# without keys, indexes or references) with psql's \copy, and prints the
# rows and seconds of each: the speed PostgreSQL itself reaches on this
# machine, beside which `ted import` is measured in docs/benchmarks.md.
#
# usage: scripts/copy-baseline.sh BUNDLE_DIR DATABASE_URL
# The database must have TED's schema (run `ted migrate` first); the plain
# tables are created in a schema of their own and dropped at the end.
set -euo pipefail

bundle=$1
url=$2
files="schools staff staff_assignments separations certifications students
sections enrollments assessments evaluations compensation budgets sbb_weights"

psql -q "$url" -c "DROP SCHEMA IF EXISTS copy_baseline CASCADE" \
  -c "CREATE SCHEMA copy_baseline"
trap 'psql -q "$url" -c "DROP SCHEMA IF EXISTS copy_baseline CASCADE"' EXIT

total_rows=0
start=$(date +%s.%N)
for f in $files; do
  csv="$bundle/$f.csv"
  [ -f "$csv" ] || continue
  header=$(head -n 1 "$csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')
  psql -q "$url" -c "CREATE TABLE copy_baseline.$f AS SELECT * FROM public.$f WITH NO DATA"
  t0=$(date +%s.%N)
  psql -q "$url" -c "\\copy copy_baseline.$f ($header) FROM '$csv' WITH (FORMAT csv, HEADER)"
  t1=$(date +%s.%N)
  rows=$(psql -qtA "$url" -c "SELECT count(*) FROM copy_baseline.$f")
  total_rows=$((total_rows + rows))
  printf '%-24s %10d rows %8.2f s\n' "$f.csv" "$rows" "$(echo "$t1 - $t0" | bc)"
done
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc)
printf '%-24s %10d rows %8.2f s  %.0f rows/s\n' "total" "$total_rows" "$secs" \
  "$(echo "$total_rows / $secs" | bc -l)"
