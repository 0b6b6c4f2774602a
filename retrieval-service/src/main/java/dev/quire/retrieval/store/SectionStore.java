package dev.quire.retrieval.store;

import dev.quire.platform.db.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;

/** The headings (chunk sections) of a knowledge base's searchable documents, in each document's order. */
@ApplicationScoped
@RequiredArgsConstructor
public class SectionStore {
    /** One heading of one document. */
    public record Section(UUID documentId, String filename, String section) {}

    private final Db db;

    /** Distinct headings of the live chunks, newest documents first, each document's in reading order. */
    public List<Section> sections(UUID tenantId, UUID kbId, UUID documentId, int limit) {
        var args = new ArrayList<Object>(List.of(tenantId, kbId));
        if (documentId != null) {
            args.add(documentId);
        }
        args.add(limit);
        return db.inTenant(
                tenantId,
                c -> Db.list(
                        c,
                        "select document_id, filename, section from chunks where tenant_id = ?"
                                + " and knowledge_base_id = ? and live and coalesce(btrim(section), '') <> ''"
                                + (documentId == null ? "" : " and document_id = ?")
                                + " group by document_id, filename, section"
                                + " order by max(max(created_at)) over (partition by document_id) desc, document_id,"
                                + " min(idx) limit ?",
                        rs -> new Section(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                        args.toArray()));
    }
}
