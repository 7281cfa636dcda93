#!/usr/bin/env bash
# Runs one bench scenario against Parley on the production path, then stops everything:
# one node on PostgreSQL (the machine's, 127.0.0.1:5432; a fresh database parley_bench
# owned by the role parley, made with `su postgres`) with a separately started Kafka cluster
# (bench/kafka-broker.sh, from port 39192, its own JVMs). Same options as bench/parley-run.sh.
#   bench/production-run.sh JAR SCENARIO [bench options...]
# KAFKA_NODES=3 starts three Kafka nodes and gives Parley's topics replication 3 with
# min.insync.replicas 2 (the cluster profile's); KILL_BROKER_AFTER=S then kills node 1 with
# SIGKILL S seconds after Parley is ready, to measure what losing a broker costs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
nodes="${KAFKA_NODES:-1}"
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
mapfile -t brokers < <("$here/kafka-broker.sh" "$jar" "$broker_dir" 39192 "$nodes")
watcher=""
# `|| true`: under set -e a failing kill (a node already gone) would end the trap before rm
trap '[ -z "$watcher" ] || kill "$watcher" 2>/dev/null || true; kill -9 "${brokers[@]}" 2>/dev/null || true; rm -rf "$broker_dir"' EXIT
bootstrap=""
for n in $(seq 1 "$nodes"); do bootstrap="${bootstrap:+$bootstrap,}127.0.0.1:$((39192 + 2 * (n - 1)))"; done
replication=""
if [ "$nodes" -ge 3 ]; then
  replication="--parley.kafka.replication-factor=3 --parley.kafka.min-insync-replicas=2"
fi
if [ -n "${KILL_BROKER_AFTER:-}" ]; then
  (
    until curl -sf http://127.0.0.1:38080/readyz >/dev/null 2>&1; do sleep 0.5; done
    sleep "$KILL_BROKER_AFTER"
    echo "[production-run] kill -9 Kafka node 1 (pid ${brokers[0]}) at $(date +%T)" >&2
    kill -9 "${brokers[0]}"
  ) &
  watcher=$!   # stopped on exit: a run that ends first (or a node that never got ready) leaves no watcher
fi
export PARLEY_ARGS="--spring.kafka.bootstrap-servers=$bootstrap --parley.kafka.admin-timeout=120s $replication \
--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/parley_bench?user=parley&password=parley ${PARLEY_ARGS:-}"
shift
"$here/parley-run.sh" "$jar" "$@"
