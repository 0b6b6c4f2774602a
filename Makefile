# Quire — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
# the breadth-first dependency collector fetches a graph's POMs in parallel: the same artifacts, a cold first build
# about twice as fast (docs/BENCHMARKS.md, "Cold `make run`")
MVN := ./mvnw -B -ntp -Daether.dependencyCollector.impl=bf
export QUIRE_HOME ?= $(CURDIR)/.quire

# the stack `make test` starts exports its spans to the OTLP/HTTP receiver inside the end-to-end TraceIT (which
# listens on this port only while it runs; spans sent before are dropped with a warning), in batches a second apart
TEST_OTLP_PORT ?= 4318
TEST_OTEL := QUIRE_OTEL_ENDPOINT=http://127.0.0.1:$(TEST_OTLP_PORT) QUIRE_OTEL_PROTOCOL=http/protobuf \
  QUARKUS_OTEL_BSP_SCHEDULE_DELAY=1s

.PHONY: run test infra test-tools build start stop status fmt unit e2e demo bench clean eval eval-answers secrets images helm-it

## install what running needs, start PostgreSQL+pgvector, Kafka and Redis, build, start all services, create the demo tenant
run: infra build
	scripts/services.sh restart
	scripts/services.sh demo

## same set-up plus the tools only the tests use, then every module's tests and the end-to-end test against the running stack
test: infra test-tools
	scripts/services.sh stop
	scripts/secrets.sh exec $(MVN) install
	$(TEST_OTEL) scripts/services.sh start
	$(TEST_OTEL) $(MAKE) e2e
	$(MAKE) helm-it

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

## modules in parallel, one thread per core (no tests run here; `make test` builds one module at a time)
build:
	$(MVN) -T 1C install -DskipTests

## the end-to-end test against an already running stack
e2e: test-tools
	scripts/secrets.sh exec $(MVN) -o verify -pl gateway-service -DskipUnitTests=true -DskipITs=false

## the Helm chart's rendered configuration runs: the six built jars started with exactly the env each Deployment
## renders for deploy/helm-test/src/test/resources/local-values.yaml (own ports, own database, private Kafka and
## Redis: the running stack is not touched), then sign-up, upload, INDEXED, a cited answer (~3 min)
helm-it:
	scripts/secrets.sh exec $(MVN) -o verify -pl deploy/helm-test -DskipITs=false

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

## load a BEIR directory through the running pipeline and print nDCG@10 / recall@100 / MRR@10 per mode
eval: infra build
	scripts/services.sh restart
	scripts/secrets.sh exec java -cp "retrieval-service/target/quarkus-app/app/*:retrieval-service/target/quarkus-app/lib/main/*" \
	  -Dquire.home=$(QUIRE_HOME) dev.quire.retrieval.eval.EvalCli $(DATASET)

## ask the questions of DATASET/questions.json (see eval/answers/) through the running stack and print the rates of
## answers with the expected fact, citing the expected document, and "not found" on the unanswerable ones;
## ANSWERER=in-process answers with this build's offline answerer on the stack's search results instead
eval-answers:
	java -cp "chat-agent-service/target/quarkus-app/app/*:chat-agent-service/target/quarkus-app/lib/main/*" \
	  -Dquire.home=$(QUIRE_HOME) dev.quire.chat.eval.AnswerEvalCli $(DATASET) $(if $(filter in-process,$(ANSWERER)),--in-process)
