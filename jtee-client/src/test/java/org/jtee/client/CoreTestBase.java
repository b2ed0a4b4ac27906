package org.jtee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Frame;
import org.jtee.protocol.Message;
import org.jtee.protocol.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A {@link TestCore} per test, in a fresh directory. */
abstract class CoreTestBase {
    static final UUID TA = UUID.fromString("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    @TempDir
    Path dir;
    TestCore core;

    @BeforeEach
    void startCore() throws Exception {
        core = new TestCore(dir);
    }

    @AfterEach
    void stopCore() throws Exception {
        core.close();
    }

    static TeeException assertTee(int result, int origin, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(TeeResult.name(result), TeeResult.name(e.result()), e.getMessage());
        assertEquals(ReturnOrigin.name(origin), ReturnOrigin.name(e.origin()), e.getMessage());
        return e;
    }

    /** The last INVOKE the core received. */
    Message.Invoke lastInvoke() {
        List<Frame> invokes = core.requestsOfType(Wire.INVOKE);
        return (Message.Invoke) invokes.get(invokes.size() - 1).message();
    }

    long lastInvokeId() {
        List<Frame> invokes = core.requestsOfType(Wire.INVOKE);
        return invokes.get(invokes.size() - 1).requestId();
    }

    int count(int type) {
        return core.requestsOfType(type).size();
    }
}
