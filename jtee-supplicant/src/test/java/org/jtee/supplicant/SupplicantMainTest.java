package org.jtee.supplicant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.jtee.protocol.Rpc;
import org.junit.jupiter.api.Test;

class SupplicantMainTest {
    @Test
    void parse_taDirectoriesInOrder_andTheStorageDirectory() {
        SupplicantMain.Options o = SupplicantMain.parse(new String[] {"--ta-dir", "a", "--storage-dir", "s", "--ta-dir", "b"});
        assertEquals(List.of(Path.of("a"), Path.of("b")), o.taDirectories());
        assertEquals(Path.of("s"), o.storageDirectory());
    }

    @Test
    void parse_withoutStorage_hasNone() {
        assertNull(SupplicantMain.parse(new String[] {"--ta-dir", "a"}).storageDirectory());
        assertEquals(new SupplicantMain.Options(List.of(), null), SupplicantMain.parse(new String[0]));
    }

    @Test
    void parse_badCommandLines_areRefused() {
        assertNull(SupplicantMain.parse(new String[] {"--storage-dir"}));
        assertNull(SupplicantMain.parse(new String[] {"--storage-dir", "a", "--storage-dir", "b"}));
        assertNull(SupplicantMain.parse(new String[] {"--unknown", "x"}));
    }

    @Test
    void defaultServices_serveFsAndRpmb_onlyWithAStorageDirectory() {
        assertEquals(List.of(Rpc.GET_TIME, Rpc.LOAD_TA), commands(Supplicant.defaultServices(List.of())));
        assertEquals(List.of(Rpc.GET_TIME, Rpc.LOAD_TA, Rpc.FS, Rpc.RPMB), commands(Supplicant.defaultServices(List.of(), Path.of("s"))));
    }

    private static List<Integer> commands(List<RpcService> services) {
        return services.stream().map(RpcService::command).toList();
    }
}
