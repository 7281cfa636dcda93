#!/usr/bin/env bash
# Runs one bench scenario against Parley on the production path, then stops everything:
# one node on PostgreSQL (the machine's, 127.0.0.1:5432; a fresh database parley_bench
# owned by the role parley, made with `su postgres`) with a separately started Kafka broker
# (bench/kafka-broker.sh, port 39192, its own JVM). Same options as bench/parley-run.sh.
#   bench/production-run.sh JAR SCENARIO [bench options...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
broker_dir="$(mktemp -d /tmp/parley-bench-kafka.XXXXXX)"
su postgres -c "psql -q" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'parley') THEN
    CREATE ROLE parley LOGIN PASSWORD 'parley';
  END IF;
END $$;
DROP DATABASE IF EXISTS parley_bench;
CREATE DATABASE parley_bench OWNER parley;
SQL
broker=$("$here/kafka-broker.sh" "$jar" "$broker_dir" 39192)
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null || true; rm -rf "$broker_dir"' EXIT
export PARLEY_ARGS="--spring.kafka.bootstrap-servers=127.0.0.1:39192 \
--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/parley_bench?user=parley&password=parley ${PARLEY_ARGS:-}"
shift
"$here/parley-run.sh" "$jar" "$@"
