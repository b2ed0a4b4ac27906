package org.jtee.tatest.tas;

import org.jtee.ta.Ta;

/** An instance per session. */
@Ta(uuid = GpTas.PER_SESSION, singleInstance = false)
public final class PerSessionTa extends InstanceTa {}
