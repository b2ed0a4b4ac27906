package org.jtee.cli;

import java.util.concurrent.Callable;
import org.jtee.supplicant.SupplicantMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jtee supplicant}: only the supplicant, in this process. */
@Command(name = "supplicant", description = "Run only the supplicant: --core-socket PATH.")
final class SupplicantCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "Options passed to the supplicant.")
    String[] args = new String[0];

    @Override
    public Integer call() throws Exception {
        SupplicantMain.main(args);
        return 0;
    }
}
