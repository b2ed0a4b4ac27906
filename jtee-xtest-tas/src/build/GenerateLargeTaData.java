import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writes the read-only data of the large test TA: {@code SIZE} bytes that no compressor can
 * shrink (SHA-256 of a fixed label and a block counter), the same bytes on every build. Run by
 * the build as a single-file program, before the TAs are packaged:
 *
 * <pre>java GenerateLargeTaData.java OUT SIZE</pre>
 */
public final class GenerateLargeTaData {
    private static final byte[] LABEL = "jtee xtest large TA data".getBytes(StandardCharsets.US_ASCII);

    private GenerateLargeTaData() {}

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java GenerateLargeTaData.java OUT SIZE");
        }
        Path out = Path.of(args[0]);
        byte[] data = new byte[Integer.parseInt(args[1])];
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int offset = 0, block = 0; offset < data.length; offset += 32, block++) {
            sha256.update(LABEL);
            sha256.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
            byte[] digest = sha256.digest();
            System.arraycopy(digest, 0, data, offset, Math.min(digest.length, data.length - offset));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, data);
    }
}
