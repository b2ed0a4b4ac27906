package org.jtee.tatest.tas;

import org.jtee.ta.Ta;

/** Single instance, multi session, not kept alive. */
@Ta(uuid = GpTas.SHARED, singleInstance = true, multiSession = true)
public final class SharedTa extends InstanceTa {}
