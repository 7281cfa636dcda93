#!/usr/bin/env bash
# Starts a Kafka cluster of COUNT KRaft nodes (default 1; each broker and controller in one
# JVM) in the background, from the Kafka jars packed inside a Parley jar, on fresh log
# directories, and prints their PIDs (one a line, node 1 first) once every port answers.
# For the production-path benchmark and fault runs, where Kafka runs apart from Parley as it
# would in a deployment.
#   bench/kafka-broker.sh JAR DIR PORT [COUNT]
# Node n (1-based) listens on PORT+2(n-1) and its controller on the port after it; its files
# are in DIR/n (server.log, data). Bootstrap servers: 127.0.0.1:PORT,127.0.0.1:PORT+2,...
# Stop a node with `kill PID` (or `kill -9 PID` to crash it).
set -euo pipefail
jar="$1"; dir="$2"; port="$3"; count="${4:-1}"
mkdir -p "$dir/lib"
rm -rf "$dir/lib"/*
(cd "$dir/lib" && unzip -q -j "$jar" 'BOOT-INF/lib/*')
cat > "$dir/logback.xml" <<'XML'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
XML
replicas=$(( count < 3 ? count : 3 ))
min_isr=$(( replicas > 1 ? 2 : 1 ))
voters=""
for n in $(seq 1 "$count"); do
  voters="${voters:+$voters,}$n@127.0.0.1:$((port + 2 * (n - 1) + 1))"
done
run() { java -Dlogback.configurationFile="$dir/logback.xml" -cp "$dir/lib/*" "$@"; }
cluster=$(run kafka.tools.StorageTool random-uuid | tail -n 1)
for n in $(seq 1 "$count"); do
  p=$((port + 2 * (n - 1)))
  mkdir -p "$dir/$n"
  rm -rf "$dir/$n/data"
  cat > "$dir/$n/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$p,CONTROLLER://127.0.0.1:$((p + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$p
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/$n/data
offsets.topic.replication.factor=$replicas
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
PROPS
  run kafka.tools.StorageTool format -t "$cluster" -c "$dir/$n/server.properties" > "$dir/$n/format.log"
done
pids=()
for n in $(seq 1 "$count"); do
  nohup java ${KAFKA_JAVA_OPTS:--Xmx512m} -Dlogback.configurationFile="$dir/logback.xml" -cp "$dir/lib/*" \
    kafka.Kafka "$dir/$n/server.properties" > "$dir/$n/server.log" 2>&1 &
  pids+=($!)
done
for n in $(seq 1 "$count"); do
  p=$((port + 2 * (n - 1)))
  pid=${pids[$((n - 1))]}
  for attempt in $(seq 1 120); do
    if (echo > "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null || [ "$attempt" -eq 120 ]; then
      echo "Kafka node $n did not open port $p" >&2
      cat "$dir/$n/server.log" >&2
      kill "${pids[@]}" 2>/dev/null || true
      exit 2
    fi
    sleep 0.5
  done
done
printf '%s\n' "${pids[@]}"
