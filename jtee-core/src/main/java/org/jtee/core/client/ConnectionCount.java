package org.jtee.core.client;

import java.util.HashMap;
import java.util.Map;

/** Things clients hold now (connections, shared-memory registrations), per user and in all, against their limits. */
final class ConnectionCount {
    private final int perUid;
    private final int total;
    private final String what;
    private final Map<Long, Integer> byUid = new HashMap<>();
    private int open;

    ConnectionCount(int perUid, int total) {
        this(perUid, total, "connections");
    }

    ConnectionCount(int perUid, int total, String what) {
        this.perUid = perUid;
        this.total = total;
        this.what = what;
    }

    /** Counts a connection of {@code uid} in; null if it may stay, else why it may not. */
    synchronized String tryAdd(long uid) {
        if (open >= total) {
            return "the core has its limit of " + total + " " + what;
        }
        int mine = byUid.getOrDefault(uid, 0);
        if (mine >= perUid) {
            return "uid " + uid + " has its limit of " + perUid + " " + what;
        }
        byUid.put(uid, mine + 1);
        open++;
        return null;
    }

    synchronized void remove(long uid) {
        int mine = byUid.getOrDefault(uid, 0);
        if (mine <= 1) {
            byUid.remove(uid);
        } else {
            byUid.put(uid, mine - 1);
        }
        open--;
    }
}
