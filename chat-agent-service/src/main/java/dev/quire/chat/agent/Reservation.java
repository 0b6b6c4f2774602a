package dev.quire.chat.agent;

/**
 * Tokens the gateway reserved for one chat turn ({@code X-Quire-Reservation-*} headers or the forwarded frame's
 * {@code reservationId}/{@code reservedTokens}); prompt plus completion never exceed {@code tokens}.
 */
public record Reservation(String id, Integer tokens) {
    public static final Reservation NONE = new Reservation(null, null);

    /** Parses header or frame values; a missing or unusable token count means no reservation cap. */
    public static Reservation of(String id, String tokens) {
        Integer n = null;
        if (tokens != null && !tokens.isBlank()) {
            try {
                n = Math.max(0, Integer.parseInt(tokens.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("reserved tokens must be an integer");
            }
        }
        String rid = id == null || id.isBlank() ? null : id.strip();
        if (rid != null && rid.length() > 200) {
            throw new IllegalArgumentException("reservation id is too long");
        }
        return new Reservation(rid, n);
    }
}
