package org.jtee.xtest.ta.ostest;

/**
 * The commands of OP-TEE's os_test TA ({@link OsTestTa}), as xtest 1006–1010, 1016–1019,
 * 1022–1031, 1036–1038 and 1042 call them. Every invoke unmasks cancellation first. A result the
 * TA returns comes with origin TRUSTED_APP; a panic is TARGET_DEAD with origin TEE. Types are the
 * whole {@code paramTypes} word (VI value input, VO value output, MI/MO/MIO memref input, output,
 * inout); a mismatch is BAD_PARAMETERS.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>types</th><th>behaviour</th></tr>
 * <tr><td>INIT</td><td>0</td><td>any</td><td>the result of {@code TEE_GetTAPersistentTime}</td></tr>
 * <tr><td>CLIENT_WITH_TIMEOUT</td><td>1</td><td>VI</td><td>opens os_test (a new instance) and
 *     invokes its WAIT with the same parameters and a cancellation timeout of [0].a / 2 ms:
 *     SUCCESS if that gives TEE_ERROR_CANCEL from the callee (origin TRUSTED_APP), else GENERIC</td></tr>
 * <tr><td>BASIC</td><td>5</td><td>MI</td><td>heap, properties (every standard and custom one read
 *     with its getter), memory access rights ([0] readable only with ANY_OWNER; the TA's constant
 *     data read-only; its own memory read-write; NULL and a bare address denied), a TA-to-TA
 *     PARAMS_ACCESS on itself, persistent time (set 0 → under 60 s; set 2^32-1.999, wait 1 s →
 *     OVERFLOW with wrapped seconds), floating point, a non-local exit (setjmp/longjmp), a heap
 *     allocator test</td></tr>
 * <tr><td>PANIC</td><td>6</td><td>any</td><td>panics (0xBEEF)</td></tr>
 * <tr><td>CLIENT</td><td>7</td><td>any</td><td>SHA-256 of "abc" by crypt's command 2 (TA-to-TA,
 *     input from the heap, output to a local buffer), compared with the known digest: SUCCESS, or
 *     GENERIC on a wrong digest, or crypt's (or the open's) error</td></tr>
 * <tr><td>PARAMS_ACCESS</td><td>8</td><td>MI, MI</td><td>[0] readable with ANY_OWNER and not
 *     without (else GENERIC); [1] NULL with size 0 (else BAD_PARAMETERS)</td></tr>
 * <tr><td>WAIT</td><td>9</td><td>any</td><td>{@code TEE_Wait([0].a ms)}: CANCEL when cancelled</td></tr>
 * <tr><td>BAD_MEM_ACCESS</td><td>10</td><td>VI or VI, MIO</td><td>[0].a 1..7: a fault, so a
 *     panic: write to NULL, write far away, call through NULL, call into data, code the machine
 *     refuses, read and write of a zero-byte allocation; other values: SUCCESS</td></tr>
 * <tr><td>TA2TA_MEMREF</td><td>11</td><td>none</td><td>opens itself, twice TA2TA_MEMREF_MIX on
 *     three 2 KiB local buffers (in 5, inout 10, out 0; all +1 between): in 6, inout 13, out 19
 *     or GENERIC</td></tr>
 * <tr><td>TA2TA_MEMREF_MIX</td><td>12</td><td>MI, MIO, MO</td><td>equal sizes (else
 *     BAD_PARAMETERS); out[i] = ++inout[i] + in[i], bytes</td></tr>
 * <tr><td>PARAMS</td><td>13</td><td>MI, MI, MO, MO</td><td>all four non-NULL and non-empty, else
 *     BAD_PARAMETERS</td></tr>
 * <tr><td>CALL_LIB</td><td>14</td><td>none</td><td>the linked library's add(1, 2) is 3, else GENERIC</td></tr>
 * <tr><td>CALL_LIB_PANIC</td><td>15</td><td>none</td><td>the linked library panics</td></tr>
 * <tr><td>CALL_LIB_DL</td><td>16</td><td>none</td><td>dlopen of {@link #LIB_DL_UUID}: its add(3, 4)
 *     is 7, and the same symbol through dlopen(NULL) adds 5 and 6 to 11; else GENERIC</td></tr>
 * <tr><td>CALL_LIB_DL_PANIC</td><td>17</td><td>none</td><td>the dlopen'ed library panics</td></tr>
 * <tr><td>GET_GLOBAL_VAR</td><td>18</td><td>VO</td><td>[0].a = the global the constructors
 *     update: 21 once loaded (library ×10+2, then TA ×10+1), 213 after the first dlopen (×10+3)</td></tr>
 * <tr><td>NULL_MEMREF_PARAMS</td><td>19</td><td>MI, MI, MO, MO</td><td>[0], [2] non-NULL and
 *     empty; [1], [3] NULL with size 0; else BAD_PARAMETERS</td></tr>
 * <tr><td>CLIENT_IDENTITY</td><td>20</td><td>VO, MO</td><td>[1] under 16 bytes: size 16,
 *     SHORT_BUFFER; else [0].a = the client's login, [1] = its UUID as a {@code TEE_UUID} struct</td></tr>
 * <tr><td>TLS_TEST_MAIN, TLS_TEST_SHLIB</td><td>21, 22</td><td>any</td><td>NOT_SUPPORTED</td></tr>
 * <tr><td>DL_PHDR</td><td>23</td><td>any</td><td>dl_iterate_phdr visits at least 2 modules (TA and
 *     linked library) and returns the callback's last value, else GENERIC</td></tr>
 * <tr><td>DL_PHDR_DL</td><td>24</td><td>any</td><td>the same after a dlopen: at least 3</td></tr>
 * <tr><td>CXX_*</td><td>25–29</td><td>any</td><td>NOT_SUPPORTED</td></tr>
 * <tr><td>PAUTH_NOP, PAUTH_CORRUPT_PAC</td><td>30, 31</td><td>any</td><td>NOT_SUPPORTED</td></tr>
 * <tr><td>ATTESTATION</td><td>32</td><td>any</td><td>the parameters, to the attestation PTA's
 *     HASH_TA_MEMORY: its result, or its open's (ITEM_NOT_FOUND in jtee)</td></tr>
 * <tr><td>MEMTAG_*</td><td>33–36</td><td>any</td><td>NOT_SUPPORTED</td></tr>
 * <tr><td>TA2TA_MEMREF_SIZE0</td><td>37</td><td>MI, MIO, MO</td><td>all three non-NULL and empty
 *     (else BAD_PARAMETERS), forwarded to TA2TA_MEMREF_MIX on itself: its result</td></tr>
 * <tr><td>ASAN_*</td><td>38–42</td><td>any</td><td>NOT_SUPPORTED</td></tr>
 * <tr><td>other</td><td></td><td></td><td>BAD_PARAMETERS</td></tr>
 * </table>
 */
public final class OsTestContract {
    /** os_test's UUID. */
    public static final String UUID_STRING = "5b9e0e40-2636-11e1-ad9e-0002a5d5c51b";
    /** os_test_lib, the library linked into os_test (its UUID names it, as OP-TEE's does). */
    public static final String LIB_UUID = "ffd2bded-ab7d-4988-95ee-e4962fff7154";
    /** os_test_lib_dl, the library os_test loads with dlopen. */
    public static final String LIB_DL_UUID = "b3091a65-9751-4784-abf7-0298a7cc35ba";

    public static final int CMD_INIT = 0;
    public static final int CMD_CLIENT_WITH_TIMEOUT = 1;
    public static final int CMD_BASIC = 5;
    public static final int CMD_PANIC = 6;
    public static final int CMD_CLIENT = 7;
    public static final int CMD_PARAMS_ACCESS = 8;
    public static final int CMD_WAIT = 9;
    public static final int CMD_BAD_MEM_ACCESS = 10;
    public static final int CMD_TA2TA_MEMREF = 11;
    public static final int CMD_TA2TA_MEMREF_MIX = 12;
    public static final int CMD_PARAMS = 13;
    public static final int CMD_CALL_LIB = 14;
    public static final int CMD_CALL_LIB_PANIC = 15;
    public static final int CMD_CALL_LIB_DL = 16;
    public static final int CMD_CALL_LIB_DL_PANIC = 17;
    public static final int CMD_GET_GLOBAL_VAR = 18;
    public static final int CMD_NULL_MEMREF_PARAMS = 19;
    public static final int CMD_CLIENT_IDENTITY = 20;
    public static final int CMD_TLS_TEST_MAIN = 21;
    public static final int CMD_TLS_TEST_SHLIB = 22;
    public static final int CMD_DL_PHDR = 23;
    public static final int CMD_DL_PHDR_DL = 24;
    public static final int CMD_CXX_CTOR_MAIN = 25;
    public static final int CMD_CXX_CTOR_SHLIB = 26;
    public static final int CMD_CXX_CTOR_SHLIB_DL = 27;
    public static final int CMD_CXX_EXC_MAIN = 28;
    public static final int CMD_CXX_EXC_MIXED = 29;
    public static final int CMD_PAUTH_NOP = 30;
    public static final int CMD_PAUTH_CORRUPT_PAC = 31;
    public static final int CMD_ATTESTATION = 32;
    public static final int CMD_MEMTAG_USE_AFTER_FREE = 33;
    public static final int CMD_MEMTAG_INVALID_TAG = 34;
    public static final int CMD_MEMTAG_DOUBLE_FREE = 35;
    public static final int CMD_MEMTAG_BUFFER_OVERRUN = 36;
    public static final int CMD_TA2TA_MEMREF_SIZE0 = 37;
    public static final int CMD_ASAN_STACK = 38;
    public static final int CMD_ASAN_GLOBAL = 39;
    public static final int CMD_ASAN_MALLOC = 40;
    public static final int CMD_ASAN_UAF = 41;
    public static final int CMD_ASAN_MEMFUNC = 42;

    /** The code PANIC panics with. */
    public static final int PANIC_CODE = 0xBEEF;
    /** The size of each buffer of TA2TA_MEMREF. */
    public static final int TA2TA_BUFFER_BYTES = 2 * 1024;

    private OsTestContract() {}
}
