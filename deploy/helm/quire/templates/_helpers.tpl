{{/* Quire chart helpers. One component = one key of .Values.components; its name makes every object's name. */}}

{{- define "quire.labels" -}}
app.kubernetes.io/part-of: quire
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* selector labels of one component: (dict "root" $ "name" "gateway") */}}
{{- define "quire.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end }}

{{- define "quire.name" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* the QUIRE_<X>_... prefix each service reads its own ports and credentials with */}}
{{- define "quire.envPrefix" -}}
{{- get (dict "gateway" "GATEWAY" "tenant" "TENANT" "ingestion" "INGESTION" "retrieval" "RETRIEVAL" "chat-agent" "CHAT" "connector" "CONNECTOR") . -}}
{{- end }}

{{/* the database schema (and role suffix) of a component; empty for the gateway, which has no database */}}
{{- define "quire.schema" -}}
{{- get (dict "tenant" "tenant" "ingestion" "ingestion" "retrieval" "retrieval" "chat-agent" "chat" "connector" "connector") . -}}
{{- end }}

{{/* host of a component or trial infrastructure: global.serviceHost when set (one machine), else the Service */}}
{{- define "quire.host" -}}
{{- if .root.Values.global.serviceHost -}}{{ .root.Values.global.serviceHost }}{{- else -}}{{ include "quire.name" . }}{{- end -}}
{{- end }}

{{- define "quire.url" -}}
{{- $c := get .root.Values.components .name -}}
{{- printf "http://%s:%v" (include "quire.host" .) $c.port -}}
{{- end }}

{{- define "quire.pgHost" -}}
{{- if .Values.postgresql.enabled -}}{{ include "quire.host" (dict "root" . "name" "postgresql") }}
{{- else -}}{{ required "postgresql.host is required (an external PostgreSQL with pgvector), or set postgresql.enabled=true for a trial" .Values.postgresql.host }}
{{- end -}}
{{- end }}

{{- define "quire.kafkaBootstrap" -}}
{{- if .Values.kafka.enabled -}}{{ include "quire.host" (dict "root" . "name" "kafka") }}:9092
{{- else -}}{{ required "kafka.bootstrapServers is required (external Kafka), or set kafka.enabled=true for a trial" .Values.kafka.bootstrapServers }}
{{- end -}}
{{- end }}

{{- define "quire.redisHost" -}}
{{- if .Values.redis.enabled -}}{{ include "quire.host" (dict "root" . "name" "redis") }}
{{- else -}}{{ required "redis.host is required (external Redis), or set redis.enabled=true for a trial" .Values.redis.host }}
{{- end -}}
{{- end }}

{{/* the Secret holding QUIRE_INTERNAL_SECRET, QUIRE_PLATFORM_ADMIN_PASSWORD, QUIRE_CONNECTOR_KEK and the key pair; fails closed */}}
{{- define "quire.appSecret" -}}
{{- if .Values.secrets.existingSecret -}}{{ .Values.secrets.existingSecret }}
{{- else if .Values.trial -}}{{ .Release.Name }}-secrets
{{- else -}}{{ fail "secrets.existingSecret is required outside trial mode: a Secret with QUIRE_INTERNAL_SECRET, QUIRE_PLATFORM_ADMIN_PASSWORD, QUIRE_CONNECTOR_KEK, internal-private.pem and internal-public.pem (docs/KUBERNETES.md, Secrets)" }}
{{- end -}}
{{- end }}

{{/* the Secret holding the five database passwords; fails closed */}}
{{- define "quire.dbSecret" -}}
{{- if .Values.postgresql.existingSecret -}}{{ .Values.postgresql.existingSecret }}
{{- else if .Values.trial -}}{{ .Release.Name }}-db
{{- else -}}{{ fail "postgresql.existingSecret is required outside trial mode: a Secret with QUIRE_TENANT_DB_PASSWORD, QUIRE_INGESTION_DB_PASSWORD, QUIRE_RETRIEVAL_DB_PASSWORD, QUIRE_CHAT_DB_PASSWORD and QUIRE_CONNECTOR_DB_PASSWORD (docs/KUBERNETES.md, Secrets)" }}
{{- end -}}
{{- end }}

{{- define "quire.image" -}}
{{- $tag := .root.Values.global.imageTag | default .root.Chart.AppVersion -}}
{{- if eq (toString $tag) "latest" }}{{ fail "global.imageTag: latest is refused; pin a version" }}{{ end -}}
{{- printf "%s%s:%s" .root.Values.global.imageRegistry .image $tag -}}
{{- end }}

{{/* the replicas a component runs at least with (PDB and the gateway's limit share) */}}
{{- define "quire.minReplicas" -}}
{{- $c := .c -}}
{{- if and $c.keda $c.keda.enabled -}}{{ $c.keda.minReplicas }}
{{- else if $c.autoscaling.enabled -}}{{ $c.autoscaling.minReplicas }}
{{- else -}}{{ $c.replicas }}
{{- end -}}
{{- end }}

{{/* hooks: before install with external PostgreSQL/Kafka; after install when the trial StatefulSets come with it */}}
{{- define "quire.hookPhase" -}}
{{- if . -}}post-install,pre-upgrade{{- else -}}pre-install,pre-upgrade{{- end -}}
{{- end }}

{{/* the restricted container securityContext every container gets */}}
{{- define "quire.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* one byte as a string (Go templates cannot make a byte from a number otherwise) */}}
{{- define "quire.byte" -}}
{{- index (list "\x00" "\x01" "\x02" "\x03" "\x04" "\x05" "\x06" "\x07" "\x08" "\x09" "\x0a" "\x0b" "\x0c" "\x0d" "\x0e" "\x0f" "\x10" "\x11" "\x12" "\x13" "\x14" "\x15" "\x16" "\x17" "\x18" "\x19" "\x1a" "\x1b" "\x1c" "\x1d" "\x1e" "\x1f" "\x20" "\x21" "\x22" "\x23" "\x24" "\x25" "\x26" "\x27" "\x28" "\x29" "\x2a" "\x2b" "\x2c" "\x2d" "\x2e" "\x2f" "\x30" "\x31" "\x32" "\x33" "\x34" "\x35" "\x36" "\x37" "\x38" "\x39" "\x3a" "\x3b" "\x3c" "\x3d" "\x3e" "\x3f" "\x40" "\x41" "\x42" "\x43" "\x44" "\x45" "\x46" "\x47" "\x48" "\x49" "\x4a" "\x4b" "\x4c" "\x4d" "\x4e" "\x4f" "\x50" "\x51" "\x52" "\x53" "\x54" "\x55" "\x56" "\x57" "\x58" "\x59" "\x5a" "\x5b" "\x5c" "\x5d" "\x5e" "\x5f" "\x60" "\x61" "\x62" "\x63" "\x64" "\x65" "\x66" "\x67" "\x68" "\x69" "\x6a" "\x6b" "\x6c" "\x6d" "\x6e" "\x6f" "\x70" "\x71" "\x72" "\x73" "\x74" "\x75" "\x76" "\x77" "\x78" "\x79" "\x7a" "\x7b" "\x7c" "\x7d" "\x7e" "\x7f" "\x80" "\x81" "\x82" "\x83" "\x84" "\x85" "\x86" "\x87" "\x88" "\x89" "\x8a" "\x8b" "\x8c" "\x8d" "\x8e" "\x8f" "\x90" "\x91" "\x92" "\x93" "\x94" "\x95" "\x96" "\x97" "\x98" "\x99" "\x9a" "\x9b" "\x9c" "\x9d" "\x9e" "\x9f" "\xa0" "\xa1" "\xa2" "\xa3" "\xa4" "\xa5" "\xa6" "\xa7" "\xa8" "\xa9" "\xaa" "\xab" "\xac" "\xad" "\xae" "\xaf" "\xb0" "\xb1" "\xb2" "\xb3" "\xb4" "\xb5" "\xb6" "\xb7" "\xb8" "\xb9" "\xba" "\xbb" "\xbc" "\xbd" "\xbe" "\xbf" "\xc0" "\xc1" "\xc2" "\xc3" "\xc4" "\xc5" "\xc6" "\xc7" "\xc8" "\xc9" "\xca" "\xcb" "\xcc" "\xcd" "\xce" "\xcf" "\xd0" "\xd1" "\xd2" "\xd3" "\xd4" "\xd5" "\xd6" "\xd7" "\xd8" "\xd9" "\xda" "\xdb" "\xdc" "\xdd" "\xde" "\xdf" "\xe0" "\xe1" "\xe2" "\xe3" "\xe4" "\xe5" "\xe6" "\xe7" "\xe8" "\xe9" "\xea" "\xeb" "\xec" "\xed" "\xee" "\xef" "\xf0" "\xf1" "\xf2" "\xf3" "\xf4" "\xf5" "\xf6" "\xf7" "\xf8" "\xf9" "\xfa" "\xfb" "\xfc" "\xfd" "\xfe" "\xff") (int .) -}}
{{- end }}

{{/*
A PKCS#8 PEM from Sprig's PKCS#1 RSA key: smallrye-jwt reads only PKCS#8. PrivateKeyInfo = SEQUENCE { INTEGER 0,
AlgorithmIdentifier { rsaEncryption, NULL }, OCTET STRING pkcs1 }: 22 header bytes around the PKCS#1 DER.
*/}}
{{- define "quire.pkcs8" -}}
{{- $der := . | replace "-----BEGIN RSA PRIVATE KEY-----" "" | replace "-----END RSA PRIVATE KEY-----" "" | nospace | b64dec -}}
{{- $n := len $der -}}
{{- $t := add $n 22 -}}
{{- $out := printf "%s%s%s%s%s%s%s%s" "\x30\x82" (include "quire.byte" (div $t 256)) (include "quire.byte" (mod $t 256)) "\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00\x04\x82" (include "quire.byte" (div $n 256)) (include "quire.byte" (mod $n 256)) $der "" -}}
{{- printf "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n" (b64enc $out) -}}
{{- end }}

{{/* one schema's migrations: the service image, its database environment, init-and-exit */}}
{{- define "quire.migrationContainer" -}}
{{- $c := get .root.Values.components .name -}}
- name: migrate-{{ .name }}
  image: {{ include "quire.image" (dict "root" .root "image" $c.image) }}
  imagePullPolicy: {{ .root.Values.global.imagePullPolicy }}
  env:
    {{- include "quire.env" (dict "root" .root "name" .name "job" true) | nindent 4 }}
  resources:
    requests: {cpu: 100m, memory: 256Mi}
    limits: {cpu: "1", memory: {{ $c.resources.limits.memory }}}
  securityContext:
    {{- include "quire.containerSecurity" .root | nindent 4 }}
  volumeMounts:
    - {name: tmp, mountPath: /tmp}
    - {name: keys, mountPath: {{ .root.Values.global.keysPath }}, readOnly: true}
{{- end }}
