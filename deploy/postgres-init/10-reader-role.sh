#!/bin/sh
# query-service's read-only role. projection-service grants it SELECT on the read models each time it migrates them.
# Run by the postgres image on an empty data volume only: on an existing one, create the role once by hand.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$TELEMETRA_DB_READER_PASSWORD" <<'SQL'
create role telemetra_reader login password :'reader_password';
SQL
