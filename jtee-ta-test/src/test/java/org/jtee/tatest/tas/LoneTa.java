package org.jtee.tatest.tas;

import org.jtee.ta.Ta;

/** Single instance, one session at a time. */
@Ta(uuid = GpTas.LONE, singleInstance = true)
public final class LoneTa extends InstanceTa {}
