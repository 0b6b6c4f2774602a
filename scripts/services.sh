#!/usr/bin/env bash
# Starts, stops and shows Quire's six services as JVM processes (built jars under */target/quarkus-app).
# The gateway starts last, once the others are ready, so its readiness means the stack's.
# Usage: scripts/services.sh start|stop|status|demo
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QUIRE_HOME="${QUIRE_HOME:-$ROOT/.quire}"
RUN="$QUIRE_HOME/run"
LOGS="$QUIRE_HOME/logs"
mkdir -p "$RUN" "$LOGS"
# the services read their secrets from the environment: the generated ones unless the caller set its own
if [ -z "${QUIRE_SECRETS_LOADED:-}" ]; then
  export QUIRE_SECRETS_LOADED=1
  exec "$ROOT/scripts/secrets.sh" exec "$0" "$@"
fi

# name port heap jit — "c1" starts quickest and is enough for services that mostly wait; the hot paths (every
# request through the gateway, parsing/chunking/JSON of ingestion, indexing and ranking in retrieval) get the full
# tiered JIT: C1-only code made the pipeline's Java share ~2x slower (docs/BENCHMARKS.md); last, the port of the
# management interface, where health and metrics answer (never on the main port)
SERVICES=(
  "tenant-service ${QUIRE_TENANT_PORT:-8081} 256m c1 ${QUIRE_TENANT_MANAGEMENT_PORT:-9081}"
  "ingestion-service ${QUIRE_INGESTION_PORT:-8082} 1g full ${QUIRE_INGESTION_MANAGEMENT_PORT:-9082}"
  "retrieval-service ${QUIRE_RETRIEVAL_PORT:-8083} 512m full ${QUIRE_RETRIEVAL_MANAGEMENT_PORT:-9083}"
  "chat-agent-service ${QUIRE_CHAT_PORT:-8084} 384m c1 ${QUIRE_CHAT_MANAGEMENT_PORT:-9084}"
  "connector-service ${QUIRE_CONNECTOR_PORT:-8085} 256m c1 ${QUIRE_CONNECTOR_MANAGEMENT_PORT:-9085}"
  "gateway-service ${QUIRE_GATEWAY_PORT:-8080} 256m full ${QUIRE_GATEWAY_MANAGEMENT_PORT:-9080}"
)
DEMO_EMAIL="${QUIRE_DEMO_EMAIL:-demo@quire.local}"
DEMO_PASSWORD="$QUIRE_DEMO_PASSWORD"

log() { echo "[services] $*"; }

# a pid file names the service only while that pid still runs the service's own jar: after a reboot or a crash the
# number may belong to anything else (once it was the Kafka broker, which `stop` then killed)
running() {
  local pid
  [ -f "$RUN/$1.pid" ] || return 1
  pid=$(cat "$RUN/$1.pid")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "/$1/target/quarkus-app/"
}

# health answers only on a service's management interface (the table's last field), never on its main port
management_port() {
  local s n m
  for s in "${SERVICES[@]}"; do
    read -r n _ _ _ m <<<"$s"
    if [ "$n" = "$1" ]; then echo "$m"; return; fi
  done
}

ready() { curl -fs -o /dev/null "http://127.0.0.1:$(management_port "$1")/q/health/ready"; }

start_one() {
  local name=$1 port=$2 heap=$3 jit=${4:-c1}
  local jitopt=""
  [ "$jit" = c1 ] && jitopt="-XX:TieredStopAtLevel=1"
  local jar="$ROOT/$name/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { log "$jar is missing: build first (make build)"; exit 1; }
  if running "$name"; then log "$name already running"; return; fi
  # the services must not inherit the caller's descriptors: under `flock LOCK ...` they would hold the build lock
  # for as long as they run (every later flock on it would wait forever)
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    # text logs for a developer's terminal; the prod profile's default is JSON lines (docs/OBSERVABILITY.md)
    export QUIRE_LOG_JSON="${QUIRE_LOG_JSON:-false}"
    exec nohup java -Xmx"$heap" -XX:+UseSerialGC $jitopt -Dquarkus.http.host=127.0.0.1 -Dquarkus.management.host=127.0.0.1 \
      -jar "$jar" >"$LOGS/$name.log" 2>&1
  ) &
  echo $! >"$RUN/$name.pid"
}

wait_ready() {
  local name=$1 port=$2
  for _ in $(seq 1 180); do
    if ready "$name"; then log "$name ready on :$port (management :$(management_port "$name"))"; return 0; fi
    if ! running "$name"; then log "$name died; last log lines:"; tail -30 "$LOGS/$name.log"; exit 1; fi
    sleep 1
  done
  log "$name not ready after 180 s; last log lines:"; tail -30 "$LOGS/$name.log"; exit 1
}

start() {
  local gateway=""
  for s in "${SERVICES[@]}"; do
    set -- $s
    if [ "$1" = gateway-service ]; then gateway="$s"; continue; fi
    start_one "$@"
  done
  for s in "${SERVICES[@]}"; do
    set -- $s
    [ "$1" = gateway-service ] || wait_ready "$1" "$2"
  done
  set -- $gateway
  start_one "$@"
  wait_ready "$1" "$2"
}

stop() {
  for s in "${SERVICES[@]}"; do
    set -- $s
    if running "$1"; then kill "$(cat "$RUN/$1.pid")" && log "$1 stopping"; fi
  done
  for s in "${SERVICES[@]}"; do
    set -- $s
    for _ in $(seq 1 30); do running "$1" || break; sleep 0.5; done
    running "$1" && kill -9 "$(cat "$RUN/$1.pid")" 2>/dev/null || true
    rm -f "$RUN/$1.pid"
  done
}

status() {
  for s in "${SERVICES[@]}"; do
    set -- $s
    if running "$1" && ready "$1"; then state=ready; elif running "$1"; then state=starting; else state=down; fi
    printf '%-20s :%s  :%s  %s\n' "$1" "$2" "$5" "$state"
  done
}

demo() {
  local port; port=$(echo "${SERVICES[5]}" | awk '{print $2}')
  local code
  # sign-up no longer says whether an email is registered (emails are unique per tenant, a second sign-up makes a
  # second tenant): the demo account exists when its password signs in
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\"}" \
    "http://127.0.0.1:$port/api/v1/auth/token")
  [ "$code" = 200 ] && code=409 || code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"tenantName\":\"Demo\",\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\"}" \
    "http://127.0.0.1:$port/api/v1/auth/signup")
  case "$code" in
    201) log "demo tenant created";;
    409) log "demo tenant already exists";;
    *) log "demo sign-up answered $code"; exit 1;;
  esac
  echo
  echo "  Quire is running:  http://127.0.0.1:$port"
  echo "  Demo login:        $DEMO_EMAIL / $DEMO_PASSWORD"
  echo "  Get a token:       curl -s -H 'Content-Type: application/json' -d '{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\"}' http://127.0.0.1:$port/api/v1/auth/token"
  echo "  Operator login:    ${QUIRE_PLATFORM_ADMIN_EMAIL:-operator@quire.local} (platform-admin; its generated password: make secrets)"
  echo "  Stop everything:   make stop"
  # connectors reach only public addresses by default; a local demo store (MinIO, a site on localhost) needs the flag
  if [ "${QUIRE_CONNECTORS_ALLOW_PRIVATE:-false}" = true ]; then
    echo "  Connectors:        private networks ALLOWED (QUIRE_CONNECTORS_ALLOW_PRIVATE=true) — for a local demo only"
  else
    echo "  Connectors:        public addresses only; to sync a local demo store or site (localhost, 10.x, 192.168.x):"
    echo "                     QUIRE_CONNECTORS_ALLOW_PRIVATE=true make run   (never on a shared installation)"
  fi
  echo
}

case "${1:-status}" in
  start) start;;
  stop) stop;;
  restart) stop; start;;
  status) status;;
  demo) demo;;
  *) echo "usage: $0 start|stop|restart|status|demo"; exit 2;;
esac
