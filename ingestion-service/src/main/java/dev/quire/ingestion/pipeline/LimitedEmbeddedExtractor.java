package dev.quire.ingestion.pipeline;

import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Parses embedded documents (attachments, archive entries, OLE objects) only down to {@code maxDepth} levels and
 * only the first {@code maxCount} of them per file, so nested archives and documents stuffed with attachments
 * cannot multiply the work. Skipped ones are counted; the text of the others is kept.
 */
final class LimitedEmbeddedExtractor extends ParsingEmbeddedDocumentExtractor {
    private final int maxDepth;
    private final int maxCount;
    private int depth;
    private int count;
    private int skipped;

    LimitedEmbeddedExtractor(ParseContext context, int maxDepth, int maxCount) {
        super(context);
        this.maxDepth = maxDepth;
        this.maxCount = maxCount;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        if (depth >= maxDepth || count >= maxCount) {
            skipped++;
            return false;
        }
        return super.shouldParseEmbedded(metadata);
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
            throws SAXException, IOException {
        count++;
        depth++;
        try {
            super.parseEmbedded(stream, handler, metadata, outputHtml);
        } finally {
            depth--;
        }
    }

    int skipped() {
        return skipped;
    }
}
