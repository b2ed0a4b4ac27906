package org.jtee.tatest.tas;

import org.jtee.ta.Ta;

/** Single instance, multi session, kept alive. */
@Ta(uuid = GpTas.SHARED_KEPT, singleInstance = true, multiSession = true, instanceKeepAlive = true)
public final class SharedKeptTa extends InstanceTa {}
