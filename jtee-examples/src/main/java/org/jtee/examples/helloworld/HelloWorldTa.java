package org.jtee.examples.helloworld;

import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;

import java.lang.System.Logger.Level;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaProperty;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;

/** OP-TEE's hello_world TA: increments or decrements a value. */
@Ta(uuid = HelloWorldContract.UUID_STRING, version = "1.0", description = "Example of TA writing/reading a value")
@TaProperty(name = "org.linaro.optee.examples.hello_world.property1", string = "Some string")
@TaProperty(name = "org.linaro.optee.examples.hello_world.property2", type = TaProperty.Type.U32, u32 = 0x0010)
public final class HelloWorldTa implements TrustedApplication<Void> {
    private static final System.Logger LOG = System.getLogger("org.jtee.examples.helloworld");

    @Override
    public Void openSession(CallContext call, Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        LOG.log(Level.INFO, "Hello World!");
        return null;
    }

    @Override
    public void closeSession(Void session) {
        LOG.log(Level.INFO, "Goodbye!");
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        switch (commandId) {
            case HelloWorldContract.CMD_INC_VALUE -> add(params, 1);
            case HelloWorldContract.CMD_DEC_VALUE -> add(params, -1);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
    }

    private static void add(Parameters params, int delta) throws TeeException {
        params.expect(VALUE_INOUT, NONE, NONE, ParamTypes.NONE);
        Value v = params.value(0);
        LOG.log(Level.DEBUG, "Got value: {0} from NW", Integer.toUnsignedString(v.a()));
        v.setA(v.a() + delta);
        LOG.log(Level.DEBUG, "Increase value to: {0}", Integer.toUnsignedString(v.a()));
    }
}
