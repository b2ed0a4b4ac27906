package org.jtee.cli;

import java.util.concurrent.Callable;
import org.jtee.core.CoreMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jtee core}: the core in this process, in the foreground ({@code jtee up} runs it hardened). */
@Command(name = "core", description = "Run the core in this process (it starts its own supplicant): --state-dir DIR "
        + "--client-socket PATH [--call-slots N] [--ta-dir DIR]... [--ta-debug=UUID[:PORT][:suspend]]... "
        + "(docs/debugging.md)")
final class CoreCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "Options passed to the core.")
    String[] args = new String[0];

    @Override
    public Integer call() throws Exception {
        CoreMain.main(args);
        return 0;
    }
}
