#!/usr/bin/env bash
# Quire's secrets: created at random on first use, kept in $QUIRE_HOME/secrets.env (mode 0600) and
# $QUIRE_HOME/keys/ (the gateway's internal-token key pair), never with a default anywhere in the sources.
# A variable already set in the environment wins over the file (an operator's own secret).
# Usage: scripts/secrets.sh ensure   create what is missing; prints the new logins once
#        scripts/secrets.sh show     print the logins and where the secrets are
#        scripts/secrets.sh exec CMD run CMD with the secrets in its environment
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QUIRE_HOME="${QUIRE_HOME:-$ROOT/.quire}"
FILE="$QUIRE_HOME/secrets.env"
KEYS="$QUIRE_HOME/keys"

NAMES=(QUIRE_INTERNAL_SECRET QUIRE_PLATFORM_ADMIN_PASSWORD QUIRE_DEMO_PASSWORD
  QUIRE_TENANT_DB_PASSWORD QUIRE_INGESTION_DB_PASSWORD QUIRE_RETRIEVAL_DB_PASSWORD QUIRE_CHAT_DB_PASSWORD
  QUIRE_CONNECTOR_DB_PASSWORD QUIRE_CONNECTOR_KEK)

log() { echo "[secrets] $*" >&2; }

random() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

ensure() {
  mkdir -p "$QUIRE_HOME" "$KEYS"
  chmod 700 "$KEYS"
  umask 077
  touch "$FILE"
  chmod 600 "$FILE"
  local created=()
  for n in "${NAMES[@]}"; do
    if ! grep -q "^$n=" "$FILE"; then
      echo "$n=$(random)" >>"$FILE"
      created+=("$n")
    fi
  done
  if [ ! -f "$KEYS/internal-private.pem" ] || [ ! -f "$KEYS/internal-public.pem" ]; then
    if ! command -v openssl >/dev/null; then
      # a fresh machine may have no package lists yet
      log "installing openssl"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssl >/dev/null
    fi
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/internal-private.pem" 2>/dev/null
    openssl pkey -in "$KEYS/internal-private.pem" -pubout -out "$KEYS/internal-public.pem"
    chmod 600 "$KEYS/internal-private.pem"
    chmod 644 "$KEYS/internal-public.pem"
    created+=(internal-token-keys)
  fi
  grep -q '^QUIRE_INTERNAL_SIGNING_KEY=' "$FILE" || echo "QUIRE_INTERNAL_SIGNING_KEY=file:$KEYS/internal-private.pem" >>"$FILE"
  grep -q '^QUIRE_INTERNAL_PUBLIC_KEY=' "$FILE" || echo "QUIRE_INTERNAL_PUBLIC_KEY=file:$KEYS/internal-public.pem" >>"$FILE"
  if [ "${#created[@]}" -gt 0 ]; then
    log "generated ${created[*]} in $FILE (mode 0600)"
    # shown once, here; `make secrets` shows them again
    load
    echo
    echo "  New secrets were generated. The operator (platform-admin) login, shown once:"
    echo "    ${QUIRE_PLATFORM_ADMIN_EMAIL:-operator@quire.local} / $QUIRE_PLATFORM_ADMIN_PASSWORD"
    echo "  Show all logins again with: make secrets"
    echo
  fi
}

# exports the file's values, keeping any the caller's environment already sets
load() {
  local line name
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    name=${line%%=*}
    if [ -z "${!name:-}" ]; then export "$line"; fi
  done <"$FILE"
}

show() {
  [ -f "$FILE" ] || { log "no secrets yet: make run creates them"; exit 1; }
  load
  echo "Secrets: $FILE (mode $(stat -c %a "$FILE")), internal-token keys: $KEYS"
  echo "  Operator (platform-admin): ${QUIRE_PLATFORM_ADMIN_EMAIL:-operator@quire.local} / $QUIRE_PLATFORM_ADMIN_PASSWORD"
  echo "  Demo login:                ${QUIRE_DEMO_EMAIL:-demo@quire.local} / $QUIRE_DEMO_PASSWORD"
  echo "  Internal service secret:   $QUIRE_INTERNAL_SECRET"
}

case "${1:-show}" in
  ensure) ensure;;
  show) show;;
  exec) shift; ensure >/dev/null; load; exec "$@";;
  *) echo "usage: $0 ensure|show|exec CMD..."; exit 2;;
esac
