package dev.quire.retrieval.store;

/** pgvector's text form of a vector, bound as a string and cast with {@code ::vector}. */
public final class Vectors {
    private Vectors() {}

    public static String literal(float[] v) {
        var sb = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.append(']').toString();
    }
}
