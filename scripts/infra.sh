#!/usr/bin/env bash
# Installs (if missing) and starts Quire's infrastructure on this machine: PostgreSQL 15 + pgvector, a single-node
# Kafka 4.1.1 broker in KRaft mode (jars from Maven Central), and Redis. Idempotent; all data under $QUIRE_HOME.
# Usage: scripts/infra.sh up|test-tools|stop|status|kill-kafka|start-kafka
#   up          what running Quire needs (make run); test-tools: what only the tests need (make test, make e2e)
#   kill-kafka, start-kafka: fault tests kill -9 and restart the broker
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
# apt: at most one `apt-get update` per run (again only after a source was added), and one `apt-get install` for
# everything missing, without recommended packages (they are hundreds of MB nothing here uses)
apt_fresh=0
apt_update() {
  [ $apt_fresh -eq 1 ] && return 0
  apt-get update -qq
  apt_fresh=1
}
installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }
apt_install() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_update
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# the same, with recommended packages: Chromium as the browser test has always had it
apt_install_with_recommends() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_update
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

PGVECTOR_SRC=/etc/apt/sources.list.d/quire-trixie-src.sources
PGVECTOR_BUILD_DEPS=(postgresql-server-dev-15 gcc make libc6-dev)
pgvector_installed() { [ -f /usr/share/postgresql/15/extension/vector.control ]; }
# pgvector's source comes from Debian trixie (bookworm's 0.4 has no HNSW): its deb-src entry, written before the
# first `apt-get update` so that one update serves both
pgvector_source_entry() {
  [ -f "$PGVECTOR_SRC" ] && return 0
  local uri
  uri=$(grep -hm1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}')
  [ -n "$uri" ] || uri=http://deb.debian.org/debian
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" >"$PGVECTOR_SRC"
  apt_fresh=0
}

install_pgvector() {
  pgvector_installed && return 0
  log "building pgvector from the Debian (trixie) source package"
  pgvector_source_entry
  apt_install "${PGVECTOR_BUILD_DEPS[@]}"
  apt_update
  local build="$QUIRE_HOME/build/pgvector"
  rm -rf "$build"; mkdir -p "$build"
  (cd "$build" && apt-get source --download-only pgvector >/dev/null 2>&1 && \
     tar xf pgvector_*.orig.tar.* && cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -1)" && \
     make -s -j"$(nproc)" PG_CONFIG=$PG_BIN/pg_config >/dev/null && make -s install PG_CONFIG=$PG_BIN/pg_config >/dev/null)
  pgvector_installed || { log "pgvector build failed"; exit 1; }
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

# the breadth-first collector resolves a dependency graph's POMs in parallel: the same jars, cold in ~20 s instead of ~50
kafka_fetch() {
  mkdir -p "$KAFKA_DIR"
  [ -f "$KAFKA_DIR/lib/.complete-2" ] && return 0
  log "fetching Kafka 4.1.1 jars from Maven Central"
  "$ROOT/mvnw" -q -B -Daether.dependencyCollector.impl=bf -f "$ROOT/deploy/kafka/pom.xml" \
    dependency:copy-dependencies -DoutputDirectory="$KAFKA_DIR/lib" -DincludeScope=runtime
  touch "$KAFKA_DIR/lib/.complete-2"
}

kafka_up() {
  kafka_fetch
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
  # a short-lived client: C1 and the serial collector start it in ~2/3 of the time
  local topics_cmd=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$KAFKA_DIR/lib/*"
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT")
  for i in $(seq 1 60); do
    "${topics_cmd[@]}" --list >"$KAFKA_DIR/topics.txt" 2>/dev/null && break
    sleep 1
  done
  # one JVM per topic, all at once: 17 one after the other took ~30 s on 2 cores, together ~19 s
  local pids=() t p
  for t in "${TOPICS[@]}"; do
    grep -qx "$t" "$KAFKA_DIR/topics.txt" && continue
    "${topics_cmd[@]}" --create --if-not-exists --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { log "creating a Kafka topic failed"; exit 1; }; done
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
    # what running needs, in one apt-get: curl (the scripts), unzip (mvnw), procps (pgrep), a JDK, tesseract (OCR),
    # PostgreSQL, Redis, and pgvector's build tools while pgvector is missing
    pkgs=(curl unzip ca-certificates procps tesseract-ocr tesseract-ocr-eng fonts-dejavu-core postgresql-15
          postgresql-client-15 redis-server)
    command -v javac >/dev/null || pkgs+=(openjdk-17-jdk-headless)
    if ! pgvector_installed; then pgvector_source_entry; pkgs+=("${PGVECTOR_BUILD_DEPS[@]}"); fi
    apt_install "${pkgs[@]}"
    # Kafka's jars download (network) while pgvector builds and PostgreSQL starts (CPU, disk)
    kafka_fetch >"$QUIRE_HOME/kafka-fetch.log" 2>&1 &
    fetch=$!
    pg_up; redis_up
    wait "$fetch" || { log "fetching Kafka's jars failed:"; cat "$QUIRE_HOME/kafka-fetch.log"; exit 1; }
    cat "$QUIRE_HOME/kafka-fetch.log"
    kafka_up
    log "up: postgres :$PG_PORT, kafka :$KAFKA_PORT, redis :$REDIS_PORT (data in $QUIRE_HOME)";;
  test-tools)
    # only the tests use these, so only make test / make e2e install them: Chromium for the web app's browser test
    # (gateway-service/src/main/webui/e2e, WebAppIT), LibreOffice, pandoc and ImageMagick (with a font) for the
    # documents FormatCorpusIT makes; LibreOffice and ImageMagick without their recommended hundreds of MB
    apt_install_with_recommends chromium
    apt_install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui pandoc imagemagick \
      fonts-dejavu-core
    log "test tools: chromium, libreoffice (writer, calc, impress), pandoc, imagemagick";;
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
  *) echo "usage: $0 up|test-tools|stop|status|kill-kafka|start-kafka"; exit 2;;
esac
