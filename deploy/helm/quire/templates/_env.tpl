{{/*
The environment of one component: exactly the variables its src/main/resources/application.properties reads
(ports, database, Kafka, Redis, the other services' URLs, secrets). (dict "root" $ "name" "gateway")
deploy/helm-test's RenderedConfigurationRunsIT starts the six jars with this environment: a wrong name fails it.
*/}}
{{- define "quire.env" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $c := get $root.Values.components $name -}}
{{- $p := include "quire.envPrefix" $name -}}
{{- $schema := include "quire.schema" $name -}}
{{- $keys := $root.Values.global.keysPath -}}
- name: QUIRE_{{ $p }}_PORT
  value: {{ $c.port | quote }}
- name: QUIRE_{{ $p }}_MANAGEMENT_PORT
  value: {{ $c.managementPort | quote }}
- name: JAVA_OPTS
  value: {{ $c.javaOpts | quote }}
{{- /* DJL (tokenizers) and ONNX Runtime unpack native libraries under HOME: /tmp is the writable emptyDir */}}
- name: HOME
  value: /tmp
- name: QUIRE_KAFKA_BOOTSTRAP
  value: {{ include "quire.kafkaBootstrap" $root | quote }}
- name: QUIRE_JWT_ISSUER
  value: {{ $root.Values.global.jwtIssuer | quote }}
{{- if $schema }}
- name: QUIRE_PG_HOST
  value: {{ include "quire.pgHost" $root | quote }}
- name: QUIRE_PG_PORT
  value: {{ $root.Values.postgresql.port | quote }}
- name: QUIRE_PG_DB
  value: {{ $root.Values.postgresql.database | quote }}
- name: QUIRE_{{ $p }}_DB_USER
  value: {{ get $root.Values.postgresql.users $schema | quote }}
- name: QUIRE_{{ $p }}_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "quire.dbSecret" $root }}
      key: QUIRE_{{ $p }}_DB_PASSWORD
{{- if .job }}
- name: QUARKUS_FLYWAY_MIGRATE_AT_START
  value: "true"
- name: QUARKUS_INIT_AND_EXIT
  value: "true"
{{- else if and $root.Values.migrations.enabled (not $root.Values.postgresql.enabled) }}
{{- /* the migrations Job has applied them before this version's pods start (the trial PostgreSQL comes with the
   install, after which the Job runs: there the services migrate at start, Flyway's lock serializes replicas) */}}
- name: QUARKUS_FLYWAY_MIGRATE_AT_START
  value: "false"
{{- end }}
{{- end }}
{{- if ne $name "gateway" }}
- name: QUIRE_INTERNAL_PUBLIC_KEY
  value: file:{{ $keys }}/internal-public.pem
{{- end }}
{{- if has $name (list "gateway" "tenant" "retrieval" "chat-agent" "ingestion" "connector") }}
- name: QUIRE_INTERNAL_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "quire.appSecret" $root }}
      key: QUIRE_INTERNAL_SECRET
{{- end }}
{{- if has $name (list "gateway" "tenant") }}
- name: QUIRE_JWKS_URL
  value: {{ printf "%s/.well-known/jwks.json" (include "quire.url" (dict "root" $root "name" "tenant")) | quote }}
- name: QUIRE_ALLOWED_ORIGINS
  value: {{ $root.Values.global.allowedOrigins | quote }}
{{- end }}
{{- if eq $name "gateway" }}
- name: QUIRE_INTERNAL_SIGNING_KEY
  value: file:{{ $keys }}/internal-private.pem
{{- range $svc, $var := dict "tenant" "QUIRE_TENANT_URL" "ingestion" "QUIRE_INGESTION_URL" "retrieval" "QUIRE_RETRIEVAL_URL" "chat-agent" "QUIRE_CHAT_URL" "connector" "QUIRE_CONNECTOR_URL" }}
- name: {{ $var }}
  value: {{ include "quire.url" (dict "root" $root "name" $svc) | quote }}
{{- end }}
- name: QUIRE_REDIS_HOST
  value: {{ include "quire.redisHost" $root | quote }}
- name: QUIRE_REDIS_PORT
  value: {{ $root.Values.redis.port | quote }}
{{- if $root.Values.redis.existingSecret }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.redis.existingSecret }}
      key: QUIRE_REDIS_PASSWORD
{{- end }}
- name: QUIRE_GATEWAY_REPLICAS
  value: {{ include "quire.minReplicas" (dict "c" $c) | quote }}
- name: QUIRE_TRUSTED_PROXIES
  value: {{ $root.Values.gateway.trustedProxies | quote }}
- name: QUIRE_HSTS
  value: {{ $root.Values.gateway.hsts | quote }}
{{- end }}
{{- if eq $name "tenant" }}
- name: QUIRE_PLATFORM_ADMIN_EMAIL
  value: {{ $root.Values.platformAdmin.email | quote }}
- name: QUIRE_PLATFORM_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "quire.appSecret" $root }}
      key: QUIRE_PLATFORM_ADMIN_PASSWORD
- name: QUIRE_OPEN_SIGNUP
  value: {{ $root.Values.gateway.openSignup | quote }}
{{- /* an API key is restricted only to the tenant's own knowledge bases, which ingestion-service owns */}}
- name: QUIRE_INGESTION_URL
  value: {{ include "quire.url" (dict "root" $root "name" "ingestion") | quote }}
{{- end }}
{{- if eq $name "connector" }}
- name: QUIRE_CONNECTOR_KEK
  valueFrom:
    secretKeyRef:
      name: {{ include "quire.appSecret" $root }}
      key: QUIRE_CONNECTOR_KEK
{{- /* the plan's limits of each run's tenant (tenant-service's internal tenant directory) */}}
- name: QUIRE_TENANT_URL
  value: {{ include "quire.url" (dict "root" $root "name" "tenant") | quote }}
{{- /* a connector is made only into one of the caller's knowledge bases, which ingestion-service owns */}}
- name: QUIRE_INGESTION_URL
  value: {{ include "quire.url" (dict "root" $root "name" "ingestion") | quote }}
{{- end }}
{{- if eq $name "ingestion" }}
- name: QUIRE_MAX_REQUEST_BODY
  value: {{ $root.Values.ingestion.maxRequestBody | quote }}
- name: QUIRE_BLOBS_STORE
  value: {{ $root.Values.ingestion.blobsStore | quote }}
{{- /* a connector item too large for its Kafka record is fetched from connector-service's staging */}}
- name: QUIRE_CONNECTOR_URL
  value: {{ include "quire.url" (dict "root" $root "name" "connector") | quote }}
{{- end }}
{{- if has $name (list "retrieval" "chat-agent") }}
- name: QUIRE_INGESTION_URL
  value: {{ include "quire.url" (dict "root" $root "name" "ingestion") | quote }}
- name: QUIRE_LLM_BASE_URL
  value: {{ $root.Values.llm.baseUrl | quote }}
- name: QUIRE_LLM_MODEL
  value: {{ $root.Values.llm.model | quote }}
{{- if $root.Values.llm.existingSecret }}
- name: QUIRE_LLM_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.llm.existingSecret }}
      key: QUIRE_LLM_API_KEY
{{- end }}
{{- end }}
{{- if eq $name "chat-agent" }}
- name: QUIRE_RETRIEVAL_URL
  value: {{ include "quire.url" (dict "root" $root "name" "retrieval") | quote }}
{{- end }}
{{- end }}
