#!/usr/bin/env bash
# Starts a single-node Kafka broker (KRaft, broker and controller in one JVM) in the
# background, from the Kafka jars packed inside a Parley jar, on a fresh log directory,
# and prints its PID once its port answers. For the production-path benchmark, where Kafka
# runs apart from Parley as it would in a deployment.
#   bench/kafka-broker.sh JAR DIR PORT      (the controller listens on PORT+1)
# Stop it with `kill PID`; DIR keeps its log (server.log) and data.
set -euo pipefail
jar="$1"; dir="$2"; port="$3"
mkdir -p "$dir/lib"
rm -rf "$dir/data" "$dir/lib"/*
(cd "$dir/lib" && unzip -q -j "$jar" 'BOOT-INF/lib/*')
cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((port + 1))
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$((port + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cat > "$dir/logback.xml" <<'XML'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
XML
run() { java -Dlogback.configurationFile="$dir/logback.xml" -cp "$dir/lib/*" "$@"; }
cluster=$(run kafka.tools.StorageTool random-uuid | tail -n 1)
run kafka.tools.StorageTool format -t "$cluster" -c "$dir/server.properties" > "$dir/format.log"
nohup java ${KAFKA_JAVA_OPTS:--Xmx1g} -Dlogback.configurationFile="$dir/logback.xml" -cp "$dir/lib/*" \
  kafka.Kafka "$dir/server.properties" > "$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$pid"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 2; }
  sleep 0.5
done
echo "the broker did not open port $port in 60 s" >&2
kill "$pid"
exit 2
