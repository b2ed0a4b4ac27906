package org.jtee.xtest.ta.ostest;

/**
 * {@code os_test_global}: the global variable that the TA's and its libraries' ELF constructors
 * update, each multiplying it by 10 and adding its own digit, so that its value tells which ran
 * and in which order (xtest 1023). Here the constructors are the modules' static initialisers.
 */
final class OsTestGlobal {
    private static int value;

    private OsTestGlobal() {}

    /** A module's constructor ran: the value becomes value × 10 + {@code digit}. */
    static synchronized void constructed(int digit) {
        value = value * 10 + digit;
    }

    static synchronized int value() {
        return value;
    }
}
