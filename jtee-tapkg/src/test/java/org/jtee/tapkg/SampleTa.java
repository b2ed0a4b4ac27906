package org.jtee.tapkg;

import java.util.function.Supplier;
import org.jtee.ta.Ta;

/** A class shaped like a TA, with member, local and anonymous classes, for TaJar and PackageTa. */
@Ta(uuid = "c3f6e2c0-3548-11e1-b86c-0800200c9a66", version = "2.5.1")
public class SampleTa {
    static final class Member {}

    Supplier<String> anonymous() {
        return new Supplier<>() {
            @Override
            public String get() {
                return "anonymous";
            }
        };
    }

    Object local() {
        final class Local {}
        return new Local();
    }
}
