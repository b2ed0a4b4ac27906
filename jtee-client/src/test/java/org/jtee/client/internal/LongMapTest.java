package org.jtee.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        Random random = new Random(42);
        LongMap<String> map = new LongMap<>();
        Map<Long, String> model = new HashMap<>();
        long next = 1;
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 4 || model.isEmpty()) {
                // mostly sequential ids, as request ids are, with some far-apart keys
                long key = random.nextInt(8) == 0 ? random.nextLong() | 1 : next++;
                map.put(key, "v" + key);
                model.put(key, "v" + key);
            } else if (op < 8) {
                Long key = model.keySet().iterator().next();
                if (random.nextBoolean()) {
                    key = key + random.nextInt(3); // sometimes absent
                }
                assertEquals(model.remove(key), map.remove(key));
            } else {
                long key = next - 1 - random.nextInt(50);
                assertEquals(model.get(key), map.get(key));
            }
            assertEquals(model.size(), map.size());
        }
        Set<String> values = new HashSet<>();
        map.forEachValue(values::add);
        assertEquals(new HashSet<>(model.values()), values);
        if (!model.isEmpty()) {
            assertTrue(model.containsValue(map.any()));
        }
        for (Long key : new HashSet<>(model.keySet())) {
            assertEquals(model.remove(key), map.remove(key));
        }
        assertEquals(0, map.size());
        assertNull(map.any());
        assertNull(map.get(5));
    }

    @Test
    void zeroIsReserved() {
        assertThrows(IllegalArgumentException.class, () -> new LongMap<String>().put(0, "x"));
    }
}
