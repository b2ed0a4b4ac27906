package org.jtee.core.ta;

import java.io.IOException;
import java.util.UUID;
import org.jtee.tahost.TaInfo;
import org.jtee.tapkg.TaDeclaration;

/**
 * The {@link org.jtee.ta.Ta} properties of a dynamic TA, read from the class file in its verified
 * JAR without loading the class into the core (the core never runs a dynamic TA's code): the
 * declaration {@link TaDeclaration} reads, as {@code jtee ta sign} and {@code jtee ta verify} read
 * it. Only called on an image whose signature has verified.
 */
final class TaClassInfo {
    /** The UUID the class declares and its properties. */
    record Declared(TaDeclaration declaration, TaInfo info) {
        UUID uuid() {
            return declaration.uuid();
        }
    }

    private TaClassInfo() {}

    /**
     * Reads the {@code @Ta} annotation of the class the JAR's manifest names.
     *
     * @throws IOException if the JAR, the manifest, the class or the annotation is missing or malformed
     */
    static Declared read(byte[] jar) throws IOException {
        TaDeclaration d = TaDeclaration.ofJar(jar);
        return new Declared(d, new TaInfo(d.singleInstance(), d.multiSession(), d.instanceKeepAlive(), d.dataSize(),
                d.stackSize(), d.version(), d.description()));
    }
}
