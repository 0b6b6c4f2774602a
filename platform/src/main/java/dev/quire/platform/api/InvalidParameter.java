package dev.quire.platform.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;

/**
 * A request parameter refused before the resource method runs ({@code limit=abc}, {@code limit=0}): rendered 400
 * {@code validation_failed} with {@code errors: [{field, message}]} by {@link ValidationProblems}.
 */
public class InvalidParameter extends BadRequestException {
    public final String field;
    public final String reason;

    public InvalidParameter(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The name a client sends the parameter under, or null for an unannotated parameter (the body). */
    static String nameOf(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            } else if (a instanceof PathParam q) {
                return q.value();
            } else if (a instanceof HeaderParam q) {
                return q.value();
            } else if (a instanceof CookieParam q) {
                return q.value();
            } else if (a instanceof FormParam q) {
                return q.value();
            }
        }
        return null;
    }
}
