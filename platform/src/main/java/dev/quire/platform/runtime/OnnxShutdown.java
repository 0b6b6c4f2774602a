package dev.quire.platform.runtime;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps onnxruntime's native environment open until the JVM exits, so a graceful shutdown can finish the embeddings
 * it is running.
 *
 * <p>Why: onnxruntime closes its environment in a JVM shutdown hook of its own, and shutdown hooks run in parallel.
 * On SIGTERM that hook freed the native environment while Quarkus was still draining — ingestion workers finishing
 * their claimed items, retrieval answering its last searches — and the JVM died with SIGBUS in
 * {@code libonnxruntime.so} (seen in {@code GracefulShutdownIT}). Removing the hook leaves the memory to the process
 * exit, which frees it anyway. Reading the hook table needs {@code Add-Opens: java.base/java.lang} (the services'
 * runner jars carry it in their manifest); without it this logs and changes nothing.
 */
public final class OnnxShutdown {
    private static final Logger LOG = Logger.getLogger(OnnxShutdown.class);
    private static final String CLOSER = "ai.onnxruntime.OrtEnvironment$OrtEnvCloser";

    private OnnxShutdown() {}

    /** Removes onnxruntime's environment-closing shutdown hook; call once the environment exists. */
    public static void keepEnvironmentUntilExit() {
        try {
            Class<?> hooksClass = Class.forName("java.lang.ApplicationShutdownHooks");
            Field hooksField = hooksClass.getDeclaredField("hooks");
            hooksField.setAccessible(true);
            Field target = Thread.class.getDeclaredField("target");
            target.setAccessible(true);
            List<Thread> hooks;
            synchronized (hooksClass) {
                @SuppressWarnings("unchecked")
                var table = (Map<Thread, Thread>) hooksField.get(null);
                hooks = table == null ? List.of() : List.copyOf(table.keySet());
            }
            int removed = 0;
            for (Thread hook : hooks) {
                Object task = target.get(hook);
                if (task != null && task.getClass().getName().equals(CLOSER)) {
                    removed += Runtime.getRuntime().removeShutdownHook(hook) ? 1 : 0;
                }
            }
            LOG.debugf("onnxruntime shutdown hooks removed: %d", removed);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // InaccessibleObjectException without Add-Opens: the hook stays, a SIGTERM mid-embedding may crash
            LOG.warnf("onnxruntime's shutdown hook stays (%s): a SIGTERM during an embedding can crash the JVM", e);
        }
    }
}
