package dev.quire.ingestion.pipeline;

import java.util.List;

/** Text of a document split where the page or the section title changes. */
public record ParsedDocument(List<Section> sections, boolean truncated) {
    /** A run of text on one page (null when the format has none) under one section title (or null). */
    public record Section(Integer page, String title, String text) {}

    public String fullText() {
        var sb = new StringBuilder();
        for (Section s : sections) {
            sb.append(s.text()).append("\n\n");
        }
        return sb.toString().strip();
    }
}
