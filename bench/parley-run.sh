#!/usr/bin/env bash
# Runs one bench scenario against a fresh Parley on the embedded default, then stops it.
#   bench/parley-run.sh JAR SCENARIO [bench options...]
# e.g. bench/parley-run.sh target/parley-0.1.0-SNAPSHOT.jar chat --users 1000 --rate 1000 --duration 30
# Parley gets a fresh data directory, ports 38080/39092, the per-address sign-up limits
# lifted (the bench signs everyone up from one address), Tomcat's WebSocket frame buffers
# sized down as docs/OPERATIONS.md advises, and PARLEY_JAVA_OPTS (default -Xmx2g).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$1"; shift
scenario="$1"; shift
if curl -s -o /dev/null http://127.0.0.1:38080/ 2>/dev/null; then echo "port 38080 is taken" >&2; exit 2; fi
data="$(mktemp -d /tmp/parley-bench-data.XXXXXX)"
cp "$jar" "$data/parley.jar"   # a rebuild of the original must not pull classes from under the server
java -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=1024 ${PARLEY_JAVA_OPTS:--Xmx2g} -jar "$data/parley.jar" --server.port=38080 --management.server.port=38081 --parley.kafka.embedded.port=39092 \
  --parley.data-dir="$data" --parley.accounts.codes-per-address=100000000 \
  --parley.accounts.logins-per-address=100000000 --parley.connections.per-address=100000000 ${PARLEY_ARGS:-} > "$data/server.log" 2>&1 &
pid=$!
# `|| true`: under set -e a failing kill (a server that died) would end the trap before rm
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; cp "$data/server.log" /tmp/parley-bench-last-server.log; rm -rf "$data"' EXIT
for _ in $(seq 1 240); do
  curl -sf http://127.0.0.1:38080/readyz >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$data/server.log" >&2; exit 2; }
  sleep 0.5
done
java -jar "$here/target/parley-bench.jar" "$scenario" --target parley --url http://127.0.0.1:38080 \
  --server-pid $pid "$@"
