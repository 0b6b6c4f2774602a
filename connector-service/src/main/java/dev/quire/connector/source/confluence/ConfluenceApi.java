package dev.quire.connector.source.confluence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The parts of Confluence Cloud's REST v1 content JSON the connector reads (everything else is ignored). */
final class ConfluenceApi {
    private ConfluenceApi() {}

    /** {@code GET /wiki/rest/api/content/search}: a page of results and the link to the next one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchResult(List<Entry> results, @JsonProperty("_links") Links links) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Links(String next, String webui, String download) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(
            String id,
            String type,
            String title,
            Version version,
            Space space,
            Body body,
            Extensions extensions,
            @JsonProperty("_links") Links links) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Version(long number, String when) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Space(String key) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(Storage storage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Storage(String value) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Extensions(String mediaType, Long fileSize) {}
}
