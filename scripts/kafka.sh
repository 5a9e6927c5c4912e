#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, combined broker + controller) for tests and
# benchmarks, run from its Maven Central jars on the machine's Java 17.
#   bash scripts/kafka.sh fetch|start|stop|kill|status|restart
# Env: KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093), KAFKA_HOME (.kafka), KAFKA_HEAP (512m).
set -euo pipefail
cd "$(dirname "$0")/.."

HOME_DIR="${KAFKA_HOME:-$PWD/.kafka}"
LIBS="$HOME_DIR/libs"
DATA="$HOME_DIR/data"
CONFIG="$HOME_DIR/server.properties"
LOG4J="$HOME_DIR/log4j.properties"
PID_FILE="$HOME_DIR/broker.pid"
LOG="$HOME_DIR/broker.log"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
READY_TIMEOUT_S="${KAFKA_READY_TIMEOUT_S:-90}"

die() { echo "kafka: $*" >&2; exit 1; }

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch() {
  if [ -f "$LIBS/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "Maven is missing (apt-get install maven)"
  command -v java >/dev/null || die "Java is missing (apt-get install openjdk-17-jre-headless)"
  echo "kafka: fetching broker jars from Maven Central into $LIBS"
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -B -q -f scripts/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" || die "could not fetch the Kafka jars with mvn"
  touch "$LIBS/.complete"
}

java_args() { echo "-Xms128m -Xmx${KAFKA_HEAP:-512m} -XX:+UseG1GC -Djava.awt.headless=true"; }

java_run() {
  # shellcheck disable=SC2046 # the options are plain words
  java $(java_args) -Dlog4j.configuration="file:$LOG4J" -cp "$LIBS/*" "$@"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
log.segment.bytes=268435456
PROPS
  cat >"$LOG4J" <<'PROPS'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
}

start() {
  if running; then echo "kafka: already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; return 0; fi
  # Another broker (e.g. one of another checkout) may hold either port; say so rather than fail on bind.
  local p
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$p"; then die "port $p is taken by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"; fi
  done
  fetch
  write_config
  if [ ! -f "$DATA/meta.properties" ]; then
    java_run kafka.tools.StorageTool format -t "$(java_run kafka.tools.StorageTool random-uuid)" -c "$CONFIG" --ignore-formatted >/dev/null \
      || die "could not format the KRaft storage in $DATA"
  fi
  : >"$LOG"
  # shellcheck disable=SC2046
  nohup java $(java_args) -Dlog4j.configuration="file:$LOG4J" -cp "$LIBS/*" kafka.Kafka "$CONFIG" >>"$LOG" 2>&1 &
  echo $! >"$PID_FILE"
  local waited=0
  # Ready means the broker finished starting (it logs so), not merely that the port accepts.
  until port_open "$PORT" && grep -q "Kafka Server started\|\[BrokerServer id=1\] Transition from STARTING to STARTED" "$LOG"; do
    if ! running; then tail -n 40 "$LOG" >&2; rm -f "$PID_FILE"; die "the broker exited during start"; fi
    if [ "$waited" -ge $((READY_TIMEOUT_S * 2)) ]; then tail -n 40 "$LOG" >&2; stop; die "not ready after ${READY_TIMEOUT_S}s"; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "kafka: ready on 127.0.0.1:$PORT (pid $(cat "$PID_FILE"), log $LOG)"
}

stop() {
  if ! running; then rm -f "$PID_FILE"; echo "kafka: not running"; return 0; fi
  local pid
  pid="$(cat "$PID_FILE")"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka: no clean exit after 30 s, killing" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "kafka: stopped"
}

# For failure tests: the broker dies without a clean shutdown.
kill_hard() {
  if running; then kill -KILL "$(cat "$PID_FILE")"; sleep 0.5; fi
  rm -f "$PID_FILE"
  echo "kafka: killed"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  kill) kill_hard ;;
  restart) stop; start ;;
  status)
    if running; then echo "kafka: running (pid $(cat "$PID_FILE")) on 127.0.0.1:$PORT"; else echo "kafka: not running"; exit 1; fi
    ;;
  *) die "usage: bash scripts/kafka.sh fetch|start|stop|kill|status|restart" ;;
esac
