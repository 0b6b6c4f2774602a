package dev.quire.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Quire chart rendered by the real Helm library and parsed strictly into the fabric8 Kubernetes model. */
final class Chart {

    static final Path DIR = Path.of(System.getProperty("quire.chart", "../helm/quire"));
    static final Path EXAMPLES = Path.of(System.getProperty("quire.examples", "../helm/examples"));
    static final String RELEASE = "quire";
    static final String NAMESPACE = "quire";

    /** kinds of the core API and the classes they must parse into; other kinds are CRDs (KEDA, Prometheus). */
    private static final Map<String, Class<? extends HasMetadata>> MODEL = Map.ofEntries(
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

    /**
     * fabric8's classes keep unknown fields in an "additionalProperties" map (@JsonAnySetter): with any-setters off and
     * FAIL_ON_UNKNOWN_PROPERTIES on, a misspelled or misplaced field fails the parse instead of disappearing.
     */
    static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Chart() {}

    static TemplateCommand template() {
        // the preStop sleep action needs Kubernetes 1.30 (Chart.yaml kubeVersion); Helm renders for 1.20 by default
        return template(DIR);
    }

    /**
     * helm-java's template answers the release manifest without its hooks (the CLI prints those separately): this
     * renders a copy of the chart whose hook annotations are renamed to {@value #HOOK}, so the Jobs come out as
     * plain objects and the annotation's value can still be checked.
     */
    static TemplateCommand templateWithHooks() {
        try {
            Path copy = Files.createTempDirectory("quire-chart");
            try (var files = Files.walk(DIR)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = copy.resolve(DIR.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.writeString(to, Files.readString(f).replace("helm.sh/hook", HOOK));
                    }
                }
            }
            return template(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TemplateCommand template(Path chart) {
        return new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion("v1.31.0")
                // no cluster here: the trial secrets' lookup would try one (localhost:8080) and fail the render
                .set("secrets.reuseGenerated", "false");
    }

    static final String HOOK = "test.quire.dev/hook";

    static Path example(String name) {
        return EXAMPLES.resolve(name + ".yaml");
    }

    /** the YAML documents of a rendering, as trees (empty documents dropped). */
    static List<JsonNode> documents(String rendered) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(rendered)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** every object strictly typed: core kinds into their model class, CRDs into GenericKubernetesResource. */
    static List<HasMetadata> objects(String rendered) {
        List<HasMetadata> out = new ArrayList<>();
        for (JsonNode doc : documents(rendered)) {
            out.add(parse(doc));
        }
        return out;
    }

    static HasMetadata parse(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> type = MODEL.get(key);
        try {
            if (type == null) {
                return YAML.treeToValue(doc, GenericKubernetesResource.class);
            }
            return STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new IllegalStateException(key + " " + doc.path("metadata").path("name") + ": " + e.getMessage(), e);
        }
    }

    static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The shell script of the rendered Job that creates the Kafka topics. */
    static String topicsScript(List<HasMetadata> objects) {
        Job topics = ofType(objects, Job.class).stream()
                .filter(j -> j.getMetadata().getName().startsWith("quire-topics"))
                .findFirst()
                .orElseThrow();
        return topics.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs()
                .get(0);
    }
}
