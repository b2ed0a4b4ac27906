package org.jtee.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SmapsRollupTest {
    /** The shape of a real /proc/<pid>/smaps_rollup (Linux 6.x), numbers changed. */
    private static final String SAMPLE = """
            55d0b7a1e000-7ffc5d5f4000 ---p 00000000 00:00 0                          [rollup]
            Rss:               43520 kB
            Pss:               25873 kB
            Pss_Dirty:         19324 kB
            Pss_Anon:          19012 kB
            Pss_File:           6549 kB
            Pss_Shmem:           312 kB
            Shared_Clean:      22016 kB
            Shared_Dirty:          0 kB
            Private_Clean:      1280 kB
            Private_Dirty:     20224 kB
            Referenced:        43520 kB
            Anonymous:         19012 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            """;

    @Test
    void parse_sample_readsRssAndPrivateSizes() {
        SmapsRollup m = SmapsRollup.parse(SAMPLE);
        assertEquals(43520, m.rssKib());
        assertEquals(1280, m.privateCleanKib());
        assertEquals(20224, m.privateDirtyKib());
    }

    @Test
    void ussKib_isPrivateCleanPlusPrivateDirty() {
        assertEquals(21504, SmapsRollup.parse(SAMPLE).ussKib());
    }

    @Test
    void parse_withoutPrivateDirty_throws() {
        String text = SAMPLE.replace("Private_Dirty:     20224 kB\n", "");
        assertThrows(IllegalArgumentException.class, () -> SmapsRollup.parse(text));
    }

    @Test
    void parse_valueWithoutUnit_throws() {
        String text = SAMPLE.replace("Rss:               43520 kB", "Rss:               43520");
        assertThrows(IllegalArgumentException.class, () -> SmapsRollup.parse(text));
    }

    @Test
    void parse_valueNotANumber_throws() {
        String text = SAMPLE.replace("Private_Clean:      1280 kB", "Private_Clean:      12x0 kB");
        assertThrows(IllegalArgumentException.class, () -> SmapsRollup.parse(text));
    }

    @Test
    void parse_ownProcess_ussAtMostRss() throws Exception {
        Path self = Path.of(SmapsRollup.SELF);
        assumeTrue(Files.isReadable(self), "no procfs");
        SmapsRollup m = SmapsRollup.parse(Files.readString(self));
        assertTrue(m.ussKib() > 0 && m.ussKib() <= m.rssKib(), m.toString());
    }
}
