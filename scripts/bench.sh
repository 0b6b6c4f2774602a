#!/usr/bin/env bash
# make bench: the retrieval benchmarks (hybrid latency and dense recall at 100k chunks) against the real PostgreSQL.
# They print their figures as "[bench] ..." lines; docs/BENCHMARKS.md records them with the machine and date.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/infra.sh up
./mvnw -B -ntp -q install -DskipTests -pl contracts -am
./mvnw -B -ntp test -pl retrieval-service -Dtest=SearchBenchmark -Dgroups=bench -DexcludedGroups=none \
  "$@" | tee .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
