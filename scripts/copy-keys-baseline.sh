#!/usr/bin/env bash
# Loads a bundle's CSV files into TED's own tables the way `ted import`
# loads an empty database, but with psql's \copy and without checking a
# row: in one transaction, each table's keys, indexes and references are
# set aside, the file is copied in, the keys and indexes are built again,
# the table is analyzed and its references come back NOT VALID. It prints
# the time PostgreSQL took for each kind of statement: the least time any
# import that keeps TED's keys can take on this machine (docs/benchmarks.md).
#
# usage: scripts/copy-keys-baseline.sh BUNDLE_DIR DATABASE_URL
# The database must be freshly migrated (`ted migrate`) and empty; the
# transaction is rolled back at the end, so it stays empty.
set -euo pipefail

bundle=$1
url=$2
files="schools staff staff_assignments separations certifications students
sections enrollments assessments evaluations compensation budgets sbb_weights"

sql() { psql -X -At -F $'\t' "$url" -c "$1"; }

script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
  echo "\\timing on"
  echo "BEGIN;"
  echo "SET LOCAL maintenance_work_mem = '512MB';"
  echo "SET LOCAL work_mem = '256MB';"
  for f in $files; do
    csv="$bundle/$f.csv"
    [ -f "$csv" ] || continue
    # The statements that set the table's keys aside and put them back,
    # as the import finds them.
    sql "
SELECT 'ALTER TABLE ' || c.conrelid::regclass::text || ' DROP CONSTRAINT ' ||
       quote_ident(c.conname),
       'ALTER TABLE ' || c.conrelid::regclass::text || ' ADD CONSTRAINT ' ||
       quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid),
       CASE c.contype WHEN 'f' THEN 3 ELSE 1 END
  FROM pg_constraint c
 WHERE (c.conrelid = '$f'::regclass AND c.contype IN ('p', 'u', 'f'))
    OR (c.confrelid = '$f'::regclass AND c.contype = 'f' AND c.conrelid <> '$f'::regclass)
UNION ALL
SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 2
  FROM pg_index i
 WHERE i.indrelid = '$f'::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
 ORDER BY 3 DESC, 1" >"$script.keys"
    cut -f1 "$script.keys" | sed 's/$/;/'
    header=$(head -n 1 "$csv" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')
    # Empty text fields are empty strings, as the import writes them,
    # where the column has a default.
    keep=$(sql "SELECT string_agg(column_name, ',') FROM information_schema.columns
      WHERE table_name = '$f' AND is_nullable = 'NO' AND column_default IS NOT NULL
        AND data_type IN ('text', 'USER-DEFINED')
        AND column_name = ANY (string_to_array('$header', ','))")
    echo "\\echo copy $f"
    echo "\\copy $f ($header) FROM '$csv' WITH (FORMAT csv, HEADER${keep:+, FORCE_NOT_NULL ($keep)})"
    awk -F'\t' '$3 != 3 { print $2 ";" }' "$script.keys" | tac | sed 's/^/\\echo key\n/'
    echo "\\echo analyze"
    echo "ANALYZE $f;"
    awk -F'\t' '$3 == 3 { print "\\echo ref"; print $2 " NOT VALID;" }' "$script.keys"
  done
  echo "ROLLBACK;"
} >"$script.sql"
rm -f "$script.keys"

psql -X -v ON_ERROR_STOP=1 "$url" -f "$script.sql" 2>&1 | awk '
  BEGIN { kind = "other" }
  /^(copy|key|analyze|ref) / || /^(key|analyze|ref)$/ { kind = $1; next }
  /^Time: / { t[kind] += $2; total += $2; kind = "other" }
  END { for (k in t) printf "%-8s %8.3f s\n", k, t[k] / 1000
        printf "%-8s %8.3f s\n", "total", total / 1000 }'
rm -f "$script.sql"
