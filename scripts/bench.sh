#!/usr/bin/env bash
# make bench: the benchmarks. Retrieval (hybrid latency and dense recall at 100k chunks, against the real
# PostgreSQL) and the gateway (added latency and throughput, against the running stack). They print "[bench] ..."
# lines; docs/BENCHMARKS.md records them with the machine and date. BENCH=retrieval|gateway|ingestion|relay|first-token runs one.
# relay: per-token and first-token cost of the gateway's chat relay (WebSocket and SSE) over a zero-latency fake model;
# it starts its own chat-agent (:18284) and gateway (:18280) from the built jars, next to the running stack.
# first-token: the first token as a WebSocket client sees it through a gateway, a zero-latency fake model that asks
# for the search tool once; own chat-agent (:18384) and gateway (:18380) over the running stack; a per-step breakdown.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/infra.sh up
which="${BENCH:-all}"
: >.quire/bench.log
if [[ "$which" == all || "$which" == retrieval ]]; then
  ./mvnw -B -ntp -q install -DskipTests -pl contracts -am
  ./mvnw -B -ntp test -pl retrieval-service -Dtest=SearchBenchmark -Dgroups=bench -DexcludedGroups=none \
    "$@" | tee -a .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
fi
if [[ "$which" == all || "$which" == gateway ]]; then
  ./mvnw -B -ntp -q install -DskipTests
  scripts/services.sh restart
  ./mvnw -B -ntp -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false -Dit.test=GatewayBenchmark \
    | tee -a .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
fi
if [[ "$which" == all || "$which" == ingestion ]]; then
  # embed-only (in process, no stack), then chunks/s end to end through the running stack
  ./mvnw -B -ntp -q install -DskipTests -pl contracts -am
  ./mvnw -B -ntp test -pl ingestion-service -Dtest=EmbeddingBenchmark -Dgroups=bench -DexcludedGroups=none \
    | tee -a .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
  ./mvnw -B -ntp -q install -DskipTests
  scripts/services.sh restart
  ./mvnw -B -ntp -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false -Dit.test=IngestionBenchmark \
    -Dskip.webui=true | tee -a .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
fi
if [[ "$which" == all || "$which" == relay ]]; then
  ./mvnw -B -ntp -q install -DskipTests
  scripts/services.sh restart
  ./mvnw -B -ntp -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false -Dit.test=RelayBenchmark \
    | tee -a .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
fi
if [[ "$which" == all || "$which" == first-token ]]; then
  ./mvnw -B -ntp -q install -DskipTests
  scripts/services.sh restart
  ./mvnw -B -ntp -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false -Dit.test=ClientFirstTokenBenchmark \
    -Dskip.webui=true | tee -a .quire/bench.log | grep -E '^\[bench\]|Tests run:|BUILD'
fi
