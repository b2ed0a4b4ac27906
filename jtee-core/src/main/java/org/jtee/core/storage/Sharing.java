package org.jtee.core.storage;

import org.jtee.crypto.TeeStorage;

/**
 * GP's rules for handles of one persistent object open at once (GP TEE Internal Core API 1.3.1
 * §5.7.1, Table 5-8), checked between a handle wanted and each handle open, in the whole core:
 * <ul>
 * <li>{@code ACCESS_WRITE_META} is exclusive: no other handle with it or beside it;
 * <li>if either handle has {@code ACCESS_READ}, both must have {@code SHARE_READ};
 * <li>if either handle has {@code ACCESS_WRITE}, both must have {@code SHARE_WRITE}.
 * </ul>
 * So a handle with share flags only locks the object against the access it does not share, and
 * a handle with no flags at all against every access. OP-TEE ({@code tee_pobj_check_access}) also
 * refuses two handles whose share flags differ when neither has the access they concern; GP does
 * not say so, and jtee follows GP there.
 */
final class Sharing {
    private static final int READ = TeeStorage.DATA_FLAG_ACCESS_READ;
    private static final int WRITE = TeeStorage.DATA_FLAG_ACCESS_WRITE;
    private static final int WRITE_META = TeeStorage.DATA_FLAG_ACCESS_WRITE_META;
    private static final int SHARE_READ = TeeStorage.DATA_FLAG_SHARE_READ;
    private static final int SHARE_WRITE = TeeStorage.DATA_FLAG_SHARE_WRITE;

    private Sharing() {}

    /** Whether a handle with {@code wanted} flags may be open beside one with {@code open} flags. */
    static boolean compatible(int open, int wanted) {
        if (((open | wanted) & WRITE_META) != 0) {
            return false;
        }
        if (((open | wanted) & READ) != 0 && (open & wanted & SHARE_READ) == 0) {
            return false;
        }
        return ((open | wanted) & WRITE) == 0 || (open & wanted & SHARE_WRITE) != 0;
    }
}
