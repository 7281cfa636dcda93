#!/usr/bin/env bash
# Compares WebSocket server stacks on one workload: the relay (the same protocol logic on
# each stack, no storage) in its own JVM, per stack: `connections` (idle authenticated
# sessions; server heap and RSS per connection after a forced GC), then `chat` at each rate
# (1,000 users, 10 peers, read receipts; server CPU and latency). One JSON line per run.
#   bench/stack-compare.sh [STACK...]          (default: netty tomcat reactor)
# CONNECTIONS (15000; 0 skips), RATES ("5000 10000"; "" skips), DURATION (20), WARMUP (10),
# THREADS (relay event loops, 2), RELAY_JAVA_OPTS (-Xmx2g) tune it. Build the bench first (mvn -f bench/pom.xml package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/parley-bench.jar"
port=38190
url="http://127.0.0.1:$port"
for s in ${@:-netty tomcat reactor}; do
  if curl -s -o /dev/null "$url/" 2>/dev/null; then echo "port $port is taken" >&2; exit 2; fi
  java ${RELAY_JAVA_OPTS:--Xmx2g} -jar "$jar" relay --stack "$s" --port $port --threads "${THREADS:-2}" \
    > "/tmp/relay-$s.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -s -o /dev/null "$url/" 2>/dev/null && break; sleep 0.2; done
  echo "# stack $s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "${CONNECTIONS:-15000}" != 0 ]; then
    java -jar "$jar" connections --url "$url" --server-pid $pid --connections "${CONNECTIONS:-15000}" \
      --per-source-ip 5000 --hold 5 2>/dev/null | tail -1
  fi
  for rate in ${RATES-5000 10000}; do
    echo "# stack $s, rate $rate, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    java -jar "$jar" chat --url "$url" --server-pid $pid --users 1000 --rate "$rate" \
      --duration "${DURATION:-20}" --warmup "${WARMUP:-10}" --receipts read 2>/dev/null | tail -1
  done
  kill $pid; wait $pid 2>/dev/null || true
done
