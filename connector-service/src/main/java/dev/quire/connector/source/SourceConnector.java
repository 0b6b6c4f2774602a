package dev.quire.connector.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.contracts.events.ConnectorItemSynced.Access;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A type of source Quire can sync: it validates a connector's configuration and credentials, and opens sessions
 * that list the source's items page by page after a checkpoint and fetch an item's bytes when it changed.
 */
public interface SourceConnector {
    /** What the type can do, shown with its schema: the runner decides pruning and resumption from these. */
    record Capabilities(boolean changeFeed, boolean completeListing, boolean conditionalFetch, boolean accessLists) {}

    /** One item as the listing reports it; {@code version} is the source's ETag (or equivalent). */
    record Item(
            String id, String version, String name, String url, Instant modifiedAt, long sizeBytes, Access access) {}

    /**
     * A page of the listing and the cursor after it ({@code null}: the listing is complete). A change feed also
     * reports the ids it saw deleted, and on its last page where the next run starts ({@code resumeFrom}: Drive's
     * {@code newStartPageToken}, Graph's {@code deltaLink}); the runner hands that back as the next run's cursor.
     * {@code fullListing}: this page belongs to a listing of everything (not only changes), so after it completes
     * the items it did not see can be pruned even for a type that is not always a complete listing.
     */
    record Page(List<Item> items, String nextCursor, List<String> deletedIds, String resumeFrom, boolean fullListing) {
        public Page {
            items = List.copyOf(items);
            deletedIds = deletedIds == null ? List.of() : List.copyOf(deletedIds);
        }

        /** A page of a plain listing: no deletions reported, no change token. */
        public Page(List<Item> items, String nextCursor) {
            this(items, nextCursor, List.of(), null, false);
        }
    }

    /**
     * An item's bytes; {@code version} replaces the listed one when the fetch learned a newer one (a web page's
     * ETag). {@code unchanged} when a conditional fetch was answered "not modified".
     */
    record Content(byte[] bytes, String contentType, String version, boolean unchanged, String memo) {
        public static Content notModified(String version) {
            return new Content(null, null, version, true, null);
        }
    }

    /**
     * What the connector stored about an item last time: its version and a type's own memo (a web page's links, so
     * an unchanged page answered 304 still leads the crawl on).
     */
    record Prior(String version, String memo) {}

    /** Looks up what was stored about an item (empty: never sent). */
    @FunctionalInterface
    interface Known {
        java.util.Optional<Prior> prior(String itemId);
    }

    /** The time window a run covers; windows of successive runs overlap so nothing at a boundary is missed. */
    record Window(Instant from, Instant to) {}

    /** Something the source refused or failed at for one item, or for the whole listing. */
    class SourceException extends IOException {
        private final String code;

        public SourceException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }

        /**
         * {@code source_unreachable}: {@code what} did not answer, and why in an admin's words (a run's error is shown
         * in the web app and the API, so it never names the exception class behind it).
         */
        public static SourceException unreachable(String what, Throwable cause) {
            return new SourceException("source_unreachable", what + ": " + why(cause));
        }

        /**
         * The outbound guard's refusal as a run records it: {@code private_address}, or {@code source_unreachable}
         * for a name that does not resolve (nothing private about it: the host is misspelt or gone).
         */
        public static SourceException refused(dev.quire.connector.net.OutboundGuard.RefusedException e) {
            return new SourceException(
                    e instanceof dev.quire.connector.net.OutboundGuard.UnresolvedException
                            ? "source_unreachable"
                            : "private_address",
                    e.getMessage());
        }

        /** Why a connection failed, in an admin's words; "the connection failed" when nothing says more. */
        public static String why(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                    return "timed out";
                }
                if (t instanceof java.net.UnknownHostException) {
                    return "the host name does not resolve";
                }
                if (t instanceof java.net.ConnectException) {
                    return "the connection was refused or could not be made";
                }
                if (t instanceof javax.net.ssl.SSLException) {
                    return "the TLS handshake failed";
                }
                if (t instanceof java.net.SocketException) {
                    return "the connection was reset";
                }
            }
            return "the connection failed";
        }
    }

    /** An open connection to the source, for one run. */
    interface Session extends AutoCloseable {
        /** The items after {@code cursor} ({@code null}: from the start) changed within the window. */
        Page list(String cursor, Window window) throws IOException;

        /** The bytes of an item; {@code knownVersion} (null: none) allows a conditional fetch. */
        Content fetch(Item item, String knownVersion) throws IOException;

        @Override
        void close();
    }

    /**
     * What a type is: its id, its title, what it can do, and the JSON Schema (draft 2020-12) of
     * {@code {config, credentials}} from which the web app builds its form.
     */
    record Description(String type, String title, Capabilities capabilities, Map<String, Object> schema) {}

    Description description();

    default String type() {
        return description().type();
    }

    default String title() {
        return description().title();
    }

    default Capabilities capabilities() {
        return description().capabilities();
    }

    default Map<String, Object> schema() {
        return description().schema();
    }

    /** Throws {@code ApiException.validation} naming the first field that is wrong; checks shape, not reachability. */
    void validate(JsonNode config, JsonNode credentials);

    Session open(JsonNode config, JsonNode credentials, Known known) throws IOException;
}
