package org.jtee.protocol;

import static org.jtee.protocol.MessageAssert.assertMessageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The table of message types: every entry decodes, names and pairs as it says. */
class MessageTypeTest {
    /** The corpus frames of {@code type}: at least one for every type in the table. */
    private static List<Frame> corpusOf(MessageType type) {
        List<Frame> of = new ArrayList<>();
        for (Frame f : Corpus.frames()) {
            if (f.message().type() == type.code()) {
                of.add(f);
            }
        }
        assertFalse(of.isEmpty(), "the corpus has no " + type);
        return of;
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyType_roundTripsThroughTheCodec(MessageType type) throws Exception {
        for (Frame f : corpusOf(type)) {
            byte[] bytes = Frames.encode(f.requestId(), f.message());
            Frame decoded = Frames.decode(bytes);
            assertEquals(f.requestId(), decoded.requestId());
            assertEquals(type.record(), decoded.message().getClass(), "record of " + type);
            assertMessageEquals(f.message(), decoded.message());
            assertEquals(type, MessageType.of(bytes[5] & 0xff), "type byte of the frame");
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyType_isNamedAsInTheTable(MessageType type) {
        assertEquals(type.name(), Wire.typeName(type.code()));
        assertEquals(type, MessageType.of(type.code()));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyRequest_hasAReplyOneBitAway(MessageType type) {
        if (type == MessageType.MAP_MEMORY) {
            assertNull(type.reply(), "MAP_MEMORY is a notice: the host does not answer it");
        } else if (type.isRequest()) {
            MessageType reply = type.reply();
            assertNotNull(reply, type + " has no reply type");
            assertEquals(type.code() | Wire.REPLY, reply.code());
            assertEquals(type.name() + "_REPLY", reply.name());
            assertFalse(reply.isRequest());
        } else {
            assertNull(type.reply());
            assertNotNull(MessageType.of(type.code() & ~Wire.REPLY), "a reply to no request: " + type);
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyType_travelsOnSomeLink(MessageType type) {
        assertFalse(type.toCore().isEmpty() && type.fromCore().isEmpty(), type + " is carried by no link");
    }

    @Test
    void codesOutsideTheTable_haveNoTypeAndKeepTheirHexNames() {
        int known = 0;
        for (int code = -1; code <= 0x100; code++) {
            if (MessageType.of(code) != null) {
                known++;
            }
        }
        assertEquals(MessageType.values().length, known);
        assertEquals(31, known);
        assertNull(MessageType.of(0x40));
        assertEquals("0x40", Wire.typeName(0x40));
        assertEquals("0x40_REPLY", Wire.typeName(0xc0));
        assertEquals("0x08_REPLY", Wire.typeName(0x88));
        assertEquals("0x00", Wire.typeName(0));
    }

    /**
     * docs/protocol.md shows the table ("Which message may go where"); this keeps it true. A row
     * reads {@code | `0x03` | INVOKE | `Invoke` | client, TA host | TA host |}.
     */
    @Test
    void theTableInTheProtocolDocument_isTheTableInTheCode() throws IOException {
        Path doc = Path.of("..", "docs", "protocol.md");
        List<String> rows = Files.readAllLines(doc, StandardCharsets.UTF_8).stream()
                .filter(l -> l.matches("\\| `0x[0-9A-F]{2}` \\| [A-Z_]+ \\| `\\w+` \\|.*"))
                .collect(Collectors.toList());
        assertEquals(MessageType.values().length, rows.size(), "rows of the table in " + doc);
        for (String row : rows) {
            String[] cells = row.substring(1).split("\\|");
            MessageType type = MessageType.of(Integer.parseInt(cells[0].trim().replace("`", "").substring(2), 16));
            assertNotNull(type, row);
            assertEquals(type.name(), cells[1].trim(), row);
            assertEquals(type.record().getSimpleName(), cells[2].trim().replace("`", ""), row);
            assertEquals(type.toCore(), links(cells[3]), "sent to the core by, in: " + row);
            assertEquals(type.fromCore(), links(cells[4]), "sent by the core to, in: " + row);
        }
    }

    private static Set<Link> links(String cell) {
        Set<Link> links = EnumSet.noneOf(Link.class);
        for (String name : cell.trim().split(", ")) {
            if (!name.equals("—")) {
                Link link = null;
                for (Link l : Link.values()) {
                    if (l.peer().equals(name)) {
                        link = l;
                    }
                }
                assertNotNull(link, "no link named \"" + name + "\"");
                links.add(link);
            }
        }
        assertTrue(links.size() <= 3);
        return links;
    }
}
