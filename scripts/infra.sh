#!/usr/bin/env bash
# Installs (if missing) and starts Quire's infrastructure on this machine: PostgreSQL 15 + pgvector, a single-node
# Kafka 4.1.1 broker in KRaft mode (jars from Maven Central), and Redis. Idempotent; all data under $QUIRE_HOME.
# Usage: scripts/infra.sh up|stop|status|kill-kafka|start-kafka (the last two: fault tests kill -9 and restart the broker)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QUIRE_HOME="${QUIRE_HOME:-$ROOT/.quire}"
PG_PORT="${QUIRE_PG_PORT:-5432}"
KAFKA_PORT="${QUIRE_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${QUIRE_KAFKA_CONTROLLER_PORT:-9093}"
REDIS_PORT="${QUIRE_REDIS_PORT:-6379}"
PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA="$QUIRE_HOME/pg/data"
KAFKA_DIR="$QUIRE_HOME/kafka"
SERVICES=(tenant ingestion retrieval chat connector)
TOPICS=(document.ingest-requested document.chunked document.indexed document.status document.deleted document.tagged
        usage.recorded usage.requests audit.recorded tenant.changed
        usage.recorded.dlq audit.recorded.dlq
        document.ingest-requested.dlq document.chunked.dlq document.indexed.dlq document.deleted.dlq document.tagged.dlq)
PARTITIONS="${QUIRE_KAFKA_PARTITIONS:-6}"

log() { echo "[infra] $*"; }
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}
apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# the same, without recommended packages (LibreOffice and ImageMagick would pull in hundreds of MB of extras)
apt_install_lean() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  log "apt-get install --no-install-recommends ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_pgvector() {
  [ -f /usr/share/postgresql/15/extension/vector.control ] && return 0
  log "building pgvector from the Debian (trixie) source package"
  apt_install postgresql-server-dev-15 build-essential dpkg-dev
  local src=/etc/apt/sources.list.d/quire-trixie-src.sources
  if [ ! -f "$src" ]; then
    local uri
    uri=$(grep -hm1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}')
    [ -n "$uri" ] || uri=http://deb.debian.org/debian
    printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" >"$src"
    apt-get update -qq
  fi
  local build="$QUIRE_HOME/build/pgvector"
  rm -rf "$build"; mkdir -p "$build"
  (cd "$build" && apt-get source --download-only pgvector >/dev/null 2>&1 && \
     tar xf pgvector_*.orig.tar.* && cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -1)" && \
     make -s PG_CONFIG=$PG_BIN/pg_config >/dev/null && make -s install PG_CONFIG=$PG_BIN/pg_config >/dev/null)
  [ -f /usr/share/postgresql/15/extension/vector.control ] || { log "pgvector build failed"; exit 1; }
}

# the superuser connects over the socket in $QUIRE_HOME/pg (mode 0700: root and postgres only); TCP needs passwords
psql_su() { PGOPTIONS="-c client_min_messages=warning" $PG_BIN/psql -h "$QUIRE_HOME/pg" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

pg_up() {
  apt_install postgresql-15 postgresql-client-15
  install_pgvector
  mkdir -p "$QUIRE_HOME/pg"; chown postgres:postgres "$QUIRE_HOME/pg"
  # the postgres user must be able to reach the data directory
  local d="$QUIRE_HOME"; while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$PG_DATA' -U postgres --auth=trust -E UTF8 >/dev/null"
  fi
  chmod 700 "$QUIRE_HOME/pg"
  # passwords (scram) on TCP, for every role; the socket only the superuser's scripts reach
  printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n' \
    >"$PG_DATA/pg_hba.conf"
  if su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' status" >/dev/null 2>&1; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' reload" >/dev/null
  fi
  if ! su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' status" >/dev/null 2>&1; then
    log "starting PostgreSQL on $PG_PORT"
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' -w -o \"-p $PG_PORT -k '$QUIRE_HOME/pg' -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c maintenance_work_mem=512MB\" -l '$QUIRE_HOME/pg/postgres.log' start" >/dev/null
  fi
  for db in quire quire_test; do
    psql_su -c "select 1 from pg_database where datname='$db'" | grep -q 1 || psql_su -c "create database $db"
    psql_su -d "$db" -c "create extension if not exists vector"
    for s in "${SERVICES[@]}"; do
      local var="QUIRE_${s^^}_DB_PASSWORD"
      [ -n "${!var:-}" ] || { log "$var is not set (run through scripts/secrets.sh exec)"; exit 1; }
      psql_su -c "select 1 from pg_roles where rolname='quire_$s'" | grep -q 1 || \
        psql_su -c "create role quire_$s login nosuperuser nobypassrls"
      # the generated password, set on every start: an installation that had the published one loses it
      psql_su -c "alter role quire_$s password '${!var}'"
      psql_su -d "$db" -c "create schema if not exists $s authorization quire_$s"
      psql_su -d "$db" -c "grant connect on database $db to quire_$s"
    done
  done
}

kafka_up() {
  mkdir -p "$KAFKA_DIR"
  if [ ! -f "$KAFKA_DIR/lib/.complete-2" ]; then
    log "fetching Kafka 4.1.1 jars from Maven Central"
    "$ROOT/mvnw" -q -B -f "$ROOT/deploy/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$KAFKA_DIR/lib" -DincludeScope=runtime
    touch "$KAFKA_DIR/lib/.complete-2"
  fi
  if [ -f "$KAFKA_DIR/kafka.pid" ] && kill -0 "$(cat "$KAFKA_DIR/kafka.pid")" 2>/dev/null; then
    :
  else
    sed -e "s#@DATA@#$KAFKA_DIR/data#; s#@PORT@#$KAFKA_PORT#g; s#@CPORT@#$KAFKA_CONTROLLER_PORT#g; s#@PARTITIONS@#$PARTITIONS#" \
      "$ROOT/deploy/kafka/server.properties" >"$KAFKA_DIR/server.properties"
    if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
      local id; id=$(java -cp "$KAFKA_DIR/lib/*" kafka.tools.StorageTool random-uuid)
      java -cp "$KAFKA_DIR/lib/*" kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" >/dev/null
    fi
    log "starting Kafka on $KAFKA_PORT"
    # close inherited descriptors: a broker started under `flock` must not hold the build lock
    # own session (setsid -f): a broker started from a test or a tool's job must outlive that job's process group
    (close_inherited_fds; exec setsid -f nohup java -Xms256m -Xmx512m \
      -Dlog4j2.configurationFile="$ROOT/deploy/kafka/log4j2.properties" \
      -cp "$KAFKA_DIR/lib/*" kafka.Kafka "$KAFKA_DIR/server.properties") >>"$KAFKA_DIR/kafka.log" 2>&1 &
    for _ in $(seq 1 50); do
      pgrep -f "kafka.Kafka $KAFKA_DIR/server.properties" >"$KAFKA_DIR/kafka.pid" && break
      sleep 0.1
    done
  fi
  local topics_cmd=(java -cp "$KAFKA_DIR/lib/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT")
  for i in $(seq 1 60); do
    "${topics_cmd[@]}" --list >"$KAFKA_DIR/topics.txt" 2>/dev/null && break
    sleep 1
  done
  for t in "${TOPICS[@]}"; do
    grep -qx "$t" "$KAFKA_DIR/topics.txt" || "${topics_cmd[@]}" --create --if-not-exists --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
  done
}

redis_up() {
  apt_install redis-server
  mkdir -p "$QUIRE_HOME/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "starting Redis on $REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --dir "$QUIRE_HOME/redis" --pidfile "$QUIRE_HOME/redis/redis.pid" --logfile "$QUIRE_HOME/redis/redis.log"
  fi
}

case "${1:-up}" in
  up)
    mkdir -p "$QUIRE_HOME"
    apt_install curl unzip ca-certificates
    apt_install chromium  # the web app's browser end-to-end test (gateway-service/src/main/webui/e2e)
    command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
    # OCR at run time (tesseract), and the tools FormatCorpusIT makes its documents with
    apt_install_lean tesseract-ocr tesseract-ocr-eng libreoffice-writer-nogui libreoffice-calc-nogui \
      libreoffice-impress-nogui pandoc imagemagick fonts-dejavu-core
    pg_up; redis_up; kafka_up
    log "up: postgres :$PG_PORT, kafka :$KAFKA_PORT, redis :$REDIS_PORT (data in $QUIRE_HOME)";;
  stop)
    [ -f "$KAFKA_DIR/kafka.pid" ] && kill "$(cat "$KAFKA_DIR/kafka.pid")" 2>/dev/null && log "kafka stopped" || true
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 && log "redis stopped" || true
    [ -f "$PG_DATA/PG_VERSION" ] && su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' -m fast stop" >/dev/null 2>&1 && log "postgres stopped" || true;;
  status)
    if su postgres -s /bin/sh -c "$PG_BIN/pg_isready -h 127.0.0.1 -p $PG_PORT" >/dev/null 2>&1; then echo "postgres  :$PG_PORT  up"; else echo "postgres  :$PG_PORT  down"; fi
    if [ -f "$KAFKA_DIR/kafka.pid" ] && kill -0 "$(cat "$KAFKA_DIR/kafka.pid")" 2>/dev/null; then echo "kafka     :$KAFKA_PORT  up"; else echo "kafka     :$KAFKA_PORT  down"; fi
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "redis     :$REDIS_PORT  up"; else echo "redis     :$REDIS_PORT  down"; fi;;
  kill-kafka)
    if [ -f "$KAFKA_DIR/kafka.pid" ] && kill -0 "$(cat "$KAFKA_DIR/kafka.pid")" 2>/dev/null; then
      kill -9 "$(cat "$KAFKA_DIR/kafka.pid")"; log "kafka killed (-9)"
    fi;;
  start-kafka)
    kafka_up; log "kafka :$KAFKA_PORT up";;
  *) echo "usage: $0 up|stop|status|kill-kafka|start-kafka"; exit 2;;
esac
