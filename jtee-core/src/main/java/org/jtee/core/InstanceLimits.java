package org.jtee.core;

/**
 * How many TA instances and TA hosts the core runs at once, per client uid and in all. An open
 * that would pass a limit fails with {@code TEE_ERROR_OUT_OF_MEMORY}, origin TEE, and a message
 * naming the limit; nothing else is affected. Every instance counts, in the core or in a host;
 * the host limits count the instances that run in a TA host of their own (a dynamic TA's), not
 * the hosts booted ahead of need in the pool. An instance counts against the uid of the client
 * whose operation created it, also when a TA opened it (a TA-to-TA session). Pseudo TAs are part
 * of the core and do not count.
 *
 * @param instancesPerUid TA instances created by one client uid
 * @param instances TA instances in all
 * @param hostsPerUid TA hosts running an instance created by one client uid
 * @param hosts TA hosts running an instance, in all
 */
public record InstanceLimits(int instancesPerUid, int instances, int hostsPerUid, int hosts) {
    /** A user may run 256 instances, 16 of them in hosts (each host is a JVM of ~20 MiB and more). */
    public static final InstanceLimits DEFAULTS = new InstanceLimits(256, 1024, 16, 64);

    public InstanceLimits {
        positive("instancesPerUid", instancesPerUid);
        positive("instances", instances);
        positive("hostsPerUid", hostsPerUid);
        positive("hosts", hosts);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    public InstanceLimits withInstancesPerUid(int n) {
        return new InstanceLimits(n, instances, hostsPerUid, hosts);
    }

    public InstanceLimits withInstances(int n) {
        return new InstanceLimits(instancesPerUid, n, hostsPerUid, hosts);
    }

    public InstanceLimits withHostsPerUid(int n) {
        return new InstanceLimits(instancesPerUid, instances, n, hosts);
    }

    public InstanceLimits withHosts(int n) {
        return new InstanceLimits(instancesPerUid, instances, hostsPerUid, n);
    }
}
