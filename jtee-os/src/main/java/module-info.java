/**
 * Linux system calls through the FFM API. A named module so that a TA host can grant native
 * access to this module alone ({@code --enable-native-access=org.jtee.os}): the TA's own code,
 * in another module, cannot call native code. On a class path (the core, the supplicant,
 * clients) the module declaration is ignored and the code runs in the unnamed module.
 */
module org.jtee.os {
    exports org.jtee.os;
}
