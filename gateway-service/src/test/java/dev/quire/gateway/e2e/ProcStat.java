package dev.quire.gateway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and context switches (all threads) of a local process, from Linux's {@code /proc}. */
record ProcStat(double cpuMs, long contextSwitches) {
    private static final double MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    static ProcStat of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
        long switches = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            switches += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return new ProcStat(cpu, switches);
    }

    ProcStat minus(ProcStat earlier) {
        return new ProcStat(cpuMs - earlier.cpuMs, contextSwitches - earlier.contextSwitches);
    }
}
