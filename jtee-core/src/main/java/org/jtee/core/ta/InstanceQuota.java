package org.jtee.core.ta;

import java.util.HashMap;
import java.util.Map;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.InstanceLimits;

/**
 * Counts TA instances and TA hosts per client uid and in all, against {@link InstanceLimits}. A
 * new instance is counted in before it is constructed (so no host is taken for an open that is
 * refused) and out once, when it is gone or dead.
 */
final class InstanceQuota {
    private InstanceLimits limits;
    private final Map<Long, int[]> perUid = new HashMap<>();
    private int instances;
    private int hosts;

    InstanceQuota(InstanceLimits limits) {
        this.limits = limits;
    }

    synchronized void limits(InstanceLimits l) {
        this.limits = l;
    }

    /**
     * Counts in an instance of {@code uid}, in a host if {@code inHost}.
     *
     * @throws TeeException {@code TEE_ERROR_OUT_OF_MEMORY}, origin TEE, naming the limit it would pass
     */
    synchronized void acquire(long uid, boolean inHost) throws TeeException {
        int[] mine = perUid.getOrDefault(uid, new int[2]);
        check(instances < limits.instances(), "TA instances in all", limits.instances(), "--max-ta-instances");
        check(mine[0] < limits.instancesPerUid(), "TA instances per client uid", limits.instancesPerUid(),
                "--max-ta-instances-per-uid");
        if (inHost) {
            check(hosts < limits.hosts(), "TA hosts in all", limits.hosts(), "--max-ta-hosts");
            check(mine[1] < limits.hostsPerUid(), "TA hosts per client uid", limits.hostsPerUid(), "--max-ta-hosts-per-uid");
        }
        instances++;
        mine[0]++;
        if (inHost) {
            hosts++;
            mine[1]++;
        }
        perUid.put(uid, mine);
    }

    /** Counts out what {@link #acquire} counted in. */
    synchronized void release(long uid, boolean inHost) {
        int[] mine = perUid.get(uid);
        if (mine == null) {
            throw new IllegalStateException("no instance of uid " + uid + " is counted");
        }
        instances--;
        mine[0]--;
        if (inHost) {
            hosts--;
            mine[1]--;
        }
        if (mine[0] == 0) {
            perUid.remove(uid);
        }
    }

    synchronized int instances() {
        return instances;
    }

    synchronized int hosts() {
        return hosts;
    }

    private static void check(boolean ok, String what, int limit, String flag) throws TeeException {
        if (!ok) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, ReturnOrigin.TEE,
                    "limit reached: " + limit + " " + what + " (" + flag + ")");
        }
    }
}
