package dev.quire.platform.testing;

import io.restassured.specification.RequestSpecification;

/** Uploads into a knowledge base through the documents API that ingestion-service serves and the gateway routes. */
public final class Uploads {
    private Uploads() {}

    /** Posts {@code request} (its file part, and any tags, added) into the knowledge base: 202; the document's id. */
    public static String accepted(RequestSpecification request, String kb) {
        return request.post("/api/v1/knowledge-bases/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .path("items[0].id");
    }
}
