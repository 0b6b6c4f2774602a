# Quire — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
# the breadth-first dependency collector fetches a graph's POMs in parallel: the same artifacts, a cold first build
# about twice as fast (docs/BENCHMARKS.md, "Cold `make run`")
MVN := ./mvnw -B -ntp -Daether.dependencyCollector.impl=bf
export QUIRE_HOME ?= $(CURDIR)/.quire

# the stack `make test` starts exports its spans to the OTLP/HTTP receiver inside the end-to-end TraceIT (which listens
# on this port only while it runs; spans sent before or after are dropped with a warning), in batches a second apart;
# `make e2e` gives the tests the same endpoint
TEST_OTLP_PORT ?= 4318
TEST_OTEL := QUIRE_OTEL_ENDPOINT=http://127.0.0.1:$(TEST_OTLP_PORT) QUIRE_OTEL_PROTOCOL=http/protobuf \
  QUARKUS_OTEL_BSP_SCHEDULE_DELAY=1s

.PHONY: trace-check run test infra test-tools build start stop status fmt unit e2e demo bench clean eval eval-answers eval-fusion secrets images helm-it rotate-connector-kek

## install what running needs, start PostgreSQL+pgvector, Kafka and Redis, build, start all services, create the demo tenant
run: infra build
	scripts/services.sh restart
	scripts/services.sh demo

# ingestion's killed instances (IngestionFaultIT) hand their partitions on after 10 s of silence, not Kafka's 45 s.
# connector-service as the tests run it (ConnectorsIT): private networks allowed (its S3 server is on 127.0.0.1), a dead
# run's lease reaped after 15 s instead of 60, S3 listed 20 keys a page so a killed run leaves checkpoints. Only the
# stack `make test` starts: `make run` keeps the defaults (private networks refused)
TEST_STACK_ENV := QUIRE_CONNECTORS_ALLOW_PRIVATE=true QUIRE_CONNECTORS_LEASE_TTL=PT15S QUIRE_CONNECTORS_HEARTBEAT=PT3S \
  QUIRE_CONNECTORS_S3_PAGE_SIZE=20 QUIRE_KAFKA_SESSION_TIMEOUT_MS=10000

## same set-up plus the tools only the tests use, then every module's tests and the end-to-end test against the running stack
# module tests two modules at a time (-T 2): each module's tests have their own Kafka topics (test.<service>.*),
# database schema and ports, so two share the broker and PostgreSQL. The gateway (its public OpenAPI document is the
# merge of the five services' built documents) and the chart's tests (ImageTest packs connector-service's build) read
# other modules' build output, so they run once the services are built
test: infra test-tools
	scripts/services.sh stop
	scripts/secrets.sh exec $(MVN) -T 2 install -pl '!gateway-service,!deploy/helm-test'
	scripts/secrets.sh exec $(MVN) -T 2 install -pl gateway-service,deploy/helm-test
	$(TEST_STACK_ENV) $(TEST_OTEL) scripts/services.sh start
	@# the chart's run (its own ports, database, Kafka and Redis: it touches nothing of the running stack) beside the
	@# end-to-end tests, which leave a third of the two cores idle while they wait on restarts and brokers; its output
	@# follows theirs, and either failing fails the target
	@mkdir -p $(QUIRE_HOME)/logs; \
	  $(MAKE) --no-print-directory helm-it HELM_IT_FLAGS=-DskipUnitTests=true > $(QUIRE_HOME)/logs/helm-it.log 2>&1 & \
	  helm=$$!; $(MAKE) e2e; e2e=$$?; wait $$helm; helm=$$?; \
	  echo "---- make helm-it (ran beside the end-to-end tests) ----"; cat $(QUIRE_HOME)/logs/helm-it.log; \
	  echo "end-to-end tests: exit $$e2e; helm-it: exit $$helm"; [ $$e2e -eq 0 ] && [ $$helm -eq 0 ]

## infrastructure only (idempotent)
infra:
	scripts/secrets.sh ensure
	scripts/secrets.sh exec scripts/infra.sh up

## what only the tests use (Chromium, LibreOffice, pandoc, ImageMagick): make test and make e2e install it, make run does not
test-tools:
	scripts/infra.sh test-tools

## the generated logins and secrets (created by the first make run, kept in .quire/secrets.env, mode 0600)
secrets:
	@scripts/secrets.sh show

## modules in parallel, one thread per core (no tests run here; `make test` runs two modules' tests at a time)
build:
	$(MVN) -T 1C install -DskipTests

## the end-to-end test against an already running stack (built by make build, make run or make test: the web app
## and the gateway's jar are not built again here, which also leaves the running gateway's jar alone)
e2e: test-tools
	$(TEST_OTEL) scripts/secrets.sh exec $(MVN) -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false \
	  -Dskip.webui=true -Dquarkus.build.skip=true

## the Helm chart's rendered configuration runs: the six built jars started with exactly the env each Deployment
## renders for deploy/helm-test/src/test/resources/local-values.yaml (own ports, own database, private Kafka and
## Redis: the running stack is not touched), then sign-up, upload, INDEXED, a cited answer (~3 min)
helm-it:
	scripts/secrets.sh exec $(MVN) -o verify -pl deploy/helm-test -DskipITs=false $(HELM_IT_FLAGS)

## OCI image tarballs of the six services, no Docker daemon (Jib): <service>/target/image/<service>.tar.
## IMAGE_BASE picks the base image (default: a JRE 17 image from a registry; offline: tar:///path/base.tar or scratch)
images:
	$(MVN) package -DskipTests -pl gateway-service,tenant-service,ingestion-service,retrieval-service,chat-agent-service,connector-service -am \
	  com.google.cloud.tools:jib-maven-plugin:buildTar $(if $(IMAGE_BASE),-Dquire.image.base=$(IMAGE_BASE))

start:
	scripts/services.sh start

demo:
	scripts/services.sh demo

## stop the services and the infrastructure
stop:
	scripts/services.sh stop
	scripts/infra.sh stop

status:
	@scripts/infra.sh status
	@scripts/services.sh status

## apply the build's formatter (the build fails on unformatted code)
fmt:
	$(MVN) spotless:apply

bench: infra
	scripts/secrets.sh exec scripts/bench.sh

clean:
	$(MVN) clean

## re-seal every connector credential under a new key: QUIRE_CONNECTOR_KEK=<new> QUIRE_CONNECTOR_KEK_VERSION=<n>
## QUIRE_CONNECTOR_KEK_PREVIOUS=<old> make rotate-connector-kek (procedure: docs/CONNECTORS.md, "Credentials")
rotate-connector-kek:
	scripts/secrets.sh exec java -cp "connector-service/target/quarkus-app/app/*:connector-service/target/quarkus-app/lib/main/*" \
	  dev.quire.connector.crypto.RotateConnectorKek

## load a BEIR directory through the running pipeline and print nDCG@10 / recall@100 / MRR@10 per mode
eval: infra build
	scripts/services.sh restart
	scripts/secrets.sh exec java -cp "retrieval-service/target/quarkus-app/app/*:retrieval-service/target/quarkus-app/lib/main/*" \
	  -Dquire.home=$(QUIRE_HOME) dev.quire.retrieval.eval.EvalCli $(DATASET)

## the mixed tuning set of hybrid search (docs/BENCHMARKS.md), one line per tuning (EVAL_TUNINGS, a JSON array of
## evaluation-API overrides): SciFact nDCG@10 of DATASET (loaded by `make eval`) and the right passage in the first
## five for eval/answers' question sets over ANSWERS (loaded by `make eval-answers DATASET=$(ANSWERS)`)
eval-fusion:
	java -cp "retrieval-service/target/quarkus-app/app/*:retrieval-service/target/quarkus-app/lib/main/*" \
	  -Dquire.home=$(QUIRE_HOME) dev.quire.retrieval.eval.MixedEvalCli $(DATASET) $(ANSWERS) \
	  eval/answers/questions.json eval/answers/heldout.json eval/answers/identifiers.json

## ask the questions of DATASET/questions.json (see eval/answers/) through the running stack and print the rates of
## answers with the expected fact, citing the expected document, and "not found" on the unanswerable ones;
## ANSWERER=in-process answers with this build's offline answerer on the stack's search results instead
eval-answers:
	java -cp "chat-agent-service/target/quarkus-app/app/*:chat-agent-service/target/quarkus-app/lib/main/*" \
	  -Dquire.home=$(QUIRE_HOME) dev.quire.chat.eval.AnswerEvalCli $(DATASET) $(if $(filter in-process,$(ANSWERER)),--in-process)

## only the end-to-end trace test (TraceIT, also part of `make test`; docs/OBSERVABILITY.md): restarts the stack as
## `make test` starts it, exporting spans to the test's own OTLP receiver, and runs TraceIT alone
trace-check: infra
	scripts/services.sh stop
	$(TEST_STACK_ENV) $(TEST_OTEL) scripts/services.sh start
	$(TEST_OTEL) scripts/secrets.sh exec $(MVN) -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false \
	  -Dit.test=TraceIT -Dskip.webui=true
