package dev.quire.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart linted and rendered by the real Helm library, every object valid Kubernetes and within policy. */
class ChartTest {

    static final Set<String> COMPONENTS =
            Set.of("gateway", "tenant", "ingestion", "retrieval", "chat-agent", "connector");

    /** the values sets an operator installs: the defaults (trial), and the three examples. */
    static final Map<String, List<HasMetadata>> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() {
        RENDERED.put("defaults", rendered(Chart.template()));
        RENDERED.put("trial", rendered(Chart.template(), "trial"));
        RENDERED.put("production", rendered(Chart.template(), "production"));
        RENDERED.put("ha", rendered(Chart.template(), "production", "ha"));
        RENDERED.put("production+hooks", rendered(Chart.templateWithHooks(), "production"));
        RENDERED.put("trial+hooks", rendered(Chart.templateWithHooks()));
    }

    /** The objects the template renders with the named example values files, in order (later ones win). */
    private static List<HasMetadata> rendered(TemplateCommand template, String... examples) {
        for (String example : examples) {
            template = template.withValuesFile(Chart.example(example));
        }
        return Chart.objects(template.call());
    }

    static Stream<String> valuesSets() {
        return Stream.of("defaults", "trial", "production", "ha", "production+hooks", "trial+hooks");
    }

    @Test
    void chartLintsStrictly() {
        var result = new Helm(Chart.DIR).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyValuesSetRendersEveryComponent(String set) {
        var deployments = Chart.ofType(RENDERED.get(set), Deployment.class);
        assertEquals(
                COMPONENTS.stream().map(c -> "quire-" + c).collect(Collectors.toSet()),
                deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()),
                set);
    }

    @Test
    void productionWithoutItsSecretsFailsToRender() {
        var noAppSecret = assertThrows(Exception.class, () -> Chart.template()
                .withValuesFile(Chart.example("production"))
                .set("secrets.existingSecret", "")
                .call());
        assertTrue(noAppSecret.getMessage().contains("secrets.existingSecret is required"), noAppSecret.getMessage());
        var noDbSecret = assertThrows(Exception.class, () -> Chart.template()
                .withValuesFile(Chart.example("production"))
                .set("postgresql.existingSecret", "")
                .call());
        assertTrue(noDbSecret.getMessage().contains("postgresql.existingSecret is required"), noDbSecret.getMessage());
        var noDbHost = assertThrows(Exception.class, () -> Chart.template()
                .withValuesFile(Chart.example("production"))
                .set("postgresql.host", "")
                .call());
        assertTrue(noDbHost.getMessage().contains("postgresql.host is required"), noDbHost.getMessage());
        // positive control: the same values with the secrets named render
        assertFalse(RENDERED.get("production").isEmpty());
    }

    @Test
    void strictSchemaRefusesAnUnknownKeyAndTheLatestTag() {
        var typo = assertThrows(
                Exception.class,
                () -> Chart.template().set("components.gateway.replica", 3).call());
        assertTrue(typo.getMessage().contains("replica"), typo.getMessage());
        var unknownComponent = assertThrows(
                Exception.class,
                () -> Chart.template().set("components.search.enabled", true).call());
        assertTrue(unknownComponent.getMessage().contains("search"), unknownComponent.getMessage());
        var latest = assertThrows(
                Exception.class,
                () -> Chart.template().set("global.imageTag", "latest").call());
        assertTrue(latest.getMessage().contains("imageTag"), latest.getMessage());
    }

    @Test
    void aMisspelledFieldFailsTheStrictParse() {
        // positive control for the "no unknown field" check below: fabric8 would otherwise keep it silently
        var doc = Chart.documents(
                        """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          readinesProbe: {httpGet: {path: /q/health/ready, port: 9000}}
                """)
                .get(0);
        var e = assertThrows(IllegalStateException.class, () -> Chart.parse(doc));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyRenderedObjectIsAKnownKubernetesObject(String set) {
        // parsing happened in render() with unknown fields refused; here: which CRDs appear, and that they are whole
        for (HasMetadata o : RENDERED.get(set)) {
            if (o instanceof GenericKubernetesResource g) {
                assertTrue(
                        Set.of("ScaledObject", "PrometheusRule", "ServiceMonitor")
                                .contains(g.getKind()),
                        set + ": unexpected " + g.getApiVersion() + " " + g.getKind());
                assertNotNull(g.getAdditionalProperties().get("spec"), g.getKind() + " has a spec");
            }
            assertNotNull(o.getMetadata().getName(), set + ": every object is named");
            assertEquals(
                    "quire",
                    o.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    o.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyContainerIsProbedBoundedNonRootReadOnlyAndPinned(String set) {
        List<String> problems = new ArrayList<>();
        for (var w : workloads(set).entrySet()) {
            PodSpec pod = w.getValue();
            assertTrue(
                    Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()), w.getKey() + " pod runs non-root");
            assertFalse(
                    Boolean.TRUE.equals(pod.getAutomountServiceAccountToken()), w.getKey() + " mounts no API token");
            boolean job = w.getKey().startsWith("Job/");
            for (Container c : allContainers(pod)) {
                String where = set + " " + w.getKey() + "/" + c.getName();
                if (!job && (c.getLivenessProbe() == null || c.getReadinessProbe() == null)) {
                    problems.add(where + ": liveness and readiness probes");
                }
                var r = c.getResources();
                if (r == null
                        || !r.getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                        || !r.getLimits().keySet().containsAll(Set.of("cpu", "memory"))) {
                    problems.add(where + ": cpu and memory requests and limits");
                }
                var sc = c.getSecurityContext();
                if (sc == null
                        || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())
                        || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())
                        || !Boolean.TRUE.equals(sc.getRunAsNonRoot())
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(where + ": read-only root, no escalation, non-root, ALL capabilities dropped");
                }
                if (!c.getImage().matches(".+:[A-Za-z0-9._-]+") || c.getImage().endsWith(":latest")) {
                    problems.add(where + ": image pinned to a tag other than latest: " + c.getImage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void serviceProbesAskQuarkusHealthOnTheManagementPort(String set) {
        for (Deployment d : Chart.ofType(RENDERED.get(set), Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
            assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
            assertEquals(
                    "management", c.getLivenessProbe().getHttpGet().getPort().getStrVal());
            assertEquals(
                    "management", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
            assertTrue(c.getPorts().stream().anyMatch(p -> p.getName().equals("management")));
            // graceful termination: a preStop pause, and a grace period longer than it
            long pause = c.getLifecycle().getPreStop().getSleep().getSeconds();
            assertTrue(
                    pause > 0 && d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > pause + 15);
            assertTrue(
                    d.getSpec().getTemplate().getSpec().getVolumes().stream()
                            .anyMatch(v -> v.getEmptyDir() != null
                                    && c.getVolumeMounts().stream()
                                            .anyMatch(m -> m.getName().equals(v.getName())
                                                    && m.getMountPath().equals("/tmp"))),
                    d.getMetadata().getName() + " has a writable /tmp");
        }
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyComponentWithMoreThanOneReplicaHasADisruptionBudget(String set) {
        var objects = RENDERED.get(set);
        Map<String, Integer> minReplicas = new LinkedHashMap<>();
        for (Deployment d : Chart.ofType(objects, Deployment.class)) {
            minReplicas.put(
                    d.getMetadata().getName(),
                    d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas());
        }
        for (HorizontalPodAutoscaler h : Chart.ofType(objects, HorizontalPodAutoscaler.class)) {
            minReplicas.put(
                    h.getSpec().getScaleTargetRef().getName(), h.getSpec().getMinReplicas());
        }
        for (GenericKubernetesResource k : Chart.ofType(objects, GenericKubernetesResource.class)) {
            if (k.getKind().equals("ScaledObject")) {
                Map<?, ?> spec = (Map<?, ?>) k.getAdditionalProperties().get("spec");
                minReplicas.put(
                        (String) ((Map<?, ?>) spec.get("scaleTargetRef")).get("name"),
                        ((Number) spec.get("minReplicaCount")).intValue());
            }
        }
        var budgets = Chart.ofType(objects, PodDisruptionBudget.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
        minReplicas.forEach((name, min) -> {
            assertTrue(min > 0, set + " " + name + " has a replica count, an HPA or a ScaledObject");
            if (min > 1) {
                assertTrue(budgets.containsKey(name), set + " " + name + " runs " + min + " replicas: needs a PDB");
            }
        });
        if (set.equals("ha")) {
            assertEquals(COMPONENTS.size(), budgets.size(), "in HA every component runs ≥ 2 and has a PDB");
        }
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void onlyTheGatewayHasAnIngressSizedForTheLargestUploadAndStreams(String set) {
        var ingresses = Chart.ofType(RENDERED.get(set), Ingress.class);
        assertEquals(1, ingresses.size(), set);
        Ingress in = ingresses.get(0);
        var backends = in.getSpec().getRules().stream()
                .flatMap(r -> r.getHttp().getPaths().stream())
                .map(p -> p.getBackend().getService().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("quire-gateway"), backends);
        var a = in.getMetadata().getAnnotations();
        // the enterprise plan's maxUploadMb is 500 (tenant-service V1__tenants.sql)
        long body = new Quantity(a.get("nginx.ingress.kubernetes.io/proxy-body-size")
                        .toUpperCase()
                        .replace("M", "Mi"))
                .getNumericalAmount()
                .longValue();
        assertTrue(body >= 500L * 1024 * 1024, "body size " + body);
        assertTrue(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout")) >= 3600);
        assertEquals("off", a.get("nginx.ingress.kubernetes.io/proxy-buffering"));
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void networkPoliciesDenyByDefaultAndOpenOnlyTheFlows(String set) {
        var policies = Chart.ofType(RENDERED.get(set), NetworkPolicy.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
        NetworkPolicy deny = policies.get("quire-default-deny");
        assertNotNull(deny, set);
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null
                || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertTrue(deny.getSpec().getPolicyTypes().contains("Ingress"));
        assertTrue(deny.getSpec().getIngress() == null
                || deny.getSpec().getIngress().isEmpty());
        assertEquals(
                Set.of("gateway", "retrieval", "chat-agent", "connector", "tenant"),
                callersOfHttp(policies.get("quire-ingestion")));
        assertEquals(Set.of("gateway", "connector", "tenant"), callersOfHttp(policies.get("quire-tenant")));
        assertEquals(Set.of("gateway", "chat-agent"), callersOfHttp(policies.get("quire-retrieval")));
        assertEquals(Set.of("gateway"), callersOfHttp(policies.get("quire-chat-agent")));
        assertEquals(Set.of("gateway", "ingestion"), callersOfHttp(policies.get("quire-connector")));
        for (String c : COMPONENTS) {
            var management = policies.get("quire-" + c).getSpec().getIngress().stream()
                    .filter(r -> r.getPorts().get(0).getPort().getStrVal().equals("management"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    "monitoring",
                    management
                            .getFrom()
                            .get(0)
                            .getNamespaceSelector()
                            .getMatchLabels()
                            .get("kubernetes.io/metadata.name"),
                    c + " metrics only from the monitoring namespace");
        }
    }

    @Test
    void trialModeGeneratesAUsableInternalKeyPairAndNoPublishedSecret() throws Exception {
        var secrets = Chart.ofType(RENDERED.get("trial"), Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
        Secret app = secrets.get("quire-secrets");
        String privatePem = decode(app.getData().get("internal-private.pem"));
        String certPem = decode(app.getData().get("internal-public.pem"));
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8, the form smallrye-jwt reads");
        var key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(
                        Base64.getMimeDecoder().decode(privatePem.replaceAll("-----[A-Z ]+-----", ""))));
        var cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certPem.getBytes()));
        assertEquals(
                key.getModulus(), ((RSAPublicKey) cert.getPublicKey()).getModulus(), "the certificate is the key's");
        assertTrue(key.getModulus().bitLength() >= 2048);
        // two renderings never share a secret (nothing published in the chart)
        Secret again = Chart.ofType(Chart.objects(Chart.template().call()), Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals("quire-secrets"))
                .findFirst()
                .orElseThrow();
        for (String k : List.of(
                "QUIRE_INTERNAL_SECRET",
                "QUIRE_PLATFORM_ADMIN_PASSWORD",
                "QUIRE_CONNECTOR_KEK",
                "internal-private.pem")) {
            assertFalse(again.getData().get(k).equals(app.getData().get(k)), k + " differs per install");
            assertTrue(decode(app.getData().get(k)).length() >= 24, k);
        }
        assertFalse(new BigInteger(1, Base64.getDecoder().decode(app.getData().get("QUIRE_INTERNAL_SECRET")))
                .equals(BigInteger.ZERO));
    }

    @Test
    void productionRendersNoSecretAndReadsEveryPasswordFromTheNamedSecrets() {
        var objects = RENDERED.get("production");
        assertEquals(List.of(), Chart.ofType(objects, Secret.class), "production renders no Secret of its own");
        assertEquals(List.of(), Chart.ofType(objects, StatefulSet.class), "no trial infrastructure");
        for (Deployment d : Chart.ofType(objects, Deployment.class)) {
            for (EnvVar e :
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                if (e.getName().contains("PASSWORD") || e.getName().equals("QUIRE_INTERNAL_SECRET")) {
                    assertNotNull(e.getValueFrom(), d.getMetadata().getName() + " " + e.getName() + " from a Secret");
                    assertTrue(Set.of("quire-app", "quire-db", "quire-redis")
                            .contains(e.getValueFrom().getSecretKeyRef().getName()));
                }
            }
        }
    }

    @Test
    void migrationsAndTopicsRunBeforeInstallWithExternalServicesAndAfterItWithTheTrialOnes() {
        for (var set : Map.of("production+hooks", "pre-install,pre-upgrade", "trial+hooks", "post-install,pre-upgrade")
                .entrySet()) {
            var jobs = Chart.ofType(RENDERED.get(set.getKey()), Job.class);
            assertEquals(2, jobs.size(), "migrations and topics");
            for (Job j : jobs) {
                assertEquals(
                        set.getValue(),
                        j.getMetadata().getAnnotations().get(Chart.HOOK),
                        j.getMetadata().getName());
            }
            Job migrations = jobs.stream()
                    .filter(j -> j.getMetadata().getName().startsWith("quire-migrations"))
                    .findFirst()
                    .orElseThrow();
            var pod = migrations.getSpec().getTemplate().getSpec();
            var schemas = allContainers(pod).stream().map(Container::getName).toList();
            assertEquals(
                    List.of(
                            "migrate-connector",
                            "migrate-tenant",
                            "migrate-ingestion",
                            "migrate-retrieval",
                            "migrate-chat-agent"),
                    schemas,
                    "init containers in order, then the Job's own container");
            for (Container c : allContainers(pod)) {
                var env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
                assertEquals("true", env.get("QUARKUS_INIT_AND_EXIT").getValue(), c.getName());
                assertEquals("true", env.get("QUARKUS_FLYWAY_MIGRATE_AT_START").getValue(), c.getName());
                assertNotNull(env.get("QUIRE_PG_HOST"), c.getName());
            }
            String script = Chart.topicsScript(RENDERED.get(set.getKey()));
            for (String t : List.of("document.ingest-requested", "document.chunked", "usage.requests.dlq")) {
                assertTrue(script.contains(" " + t + " ") || script.contains(" " + t + ";"), t + " created");
            }
        }
        // with the Job in charge the production pods do not migrate at start
        for (Deployment d : Chart.ofType(RENDERED.get("production"), Deployment.class)) {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("QUARKUS_FLYWAY_MIGRATE_AT_START"))
                    .forEach(e ->
                            assertEquals("false", e.getValue(), d.getMetadata().getName()));
        }
    }

    /** A service URL in a Deployment's env is a flow: the callee's network policy must let the caller in. */
    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyServiceADeploymentIsGivenTheUrlOfLetsItIn(String set) {
        var policies = Chart.ofType(RENDERED.get(set), NetworkPolicy.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
        var url = java.util.regex.Pattern.compile("^https?://quire-([a-z-]+):\\d+");
        int flows = 0;
        for (Deployment d : Chart.ofType(RENDERED.get(set), Deployment.class)) {
            String caller = d.getMetadata().getName().substring("quire-".length());
            for (var container : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (var e : container.getEnv()) {
                    var m = url.matcher(e.getValue() == null ? "" : e.getValue());
                    if (!m.find() || !COMPONENTS.contains(m.group(1))) {
                        continue;
                    }
                    flows++;
                    var policy = policies.get("quire-" + m.group(1));
                    assertNotNull(policy, set + ": no network policy for " + m.group(1));
                    assertTrue(
                            callersOfHttp(policy).contains(caller),
                            set + ": " + caller + " calls " + m.group(1) + " (" + e.getName()
                                    + ") but that service's network policy does not let it in");
                }
            }
        }
        assertTrue(flows >= 10, set + ": the Deployments' service URLs were found (" + flows + ")");
    }

    private static Set<String> callersOfHttp(NetworkPolicy p) {
        return p.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().get(0).getPort().getStrVal().equals("http"))
                .flatMap(r -> r.getFrom().stream())
                .map(f -> f.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
                .collect(Collectors.toSet());
    }

    private static Map<String, PodSpec> workloads(String set) {
        Map<String, PodSpec> out = new LinkedHashMap<>();
        for (HasMetadata o : RENDERED.get(set)) {
            if (o instanceof Deployment d) {
                out.put(
                        "Deployment/" + o.getMetadata().getName(),
                        d.getSpec().getTemplate().getSpec());
            } else if (o instanceof StatefulSet s) {
                out.put(
                        "StatefulSet/" + o.getMetadata().getName(),
                        s.getSpec().getTemplate().getSpec());
            } else if (o instanceof Job j) {
                out.put(
                        "Job/" + o.getMetadata().getName(),
                        j.getSpec().getTemplate().getSpec());
            }
        }
        return out;
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        return all;
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64));
    }
}
