package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

class DetailsTest {
    @Test
    void bounded_shortText_isKept_emptyOrNullIsNull() {
        assertEquals("why", Details.bounded("why"));
        assertNull(Details.bounded(""));
        assertNull(Details.bounded(null));
    }

    @Test
    void bounded_longText_isCutWithinTheBound_onACharacterBoundary_andSaysSo() {
        String text = "é".repeat(3000); // 6000 bytes of UTF-8
        String cut = Details.bounded(text);
        byte[] utf8 = cut.getBytes(StandardCharsets.UTF_8);
        assertTrue(utf8.length <= Wire.MAX_DETAIL_BYTES, "bytes: " + utf8.length);
        assertTrue(cut.endsWith(" [cut: 6000 bytes in all]"), cut.substring(cut.length() - 30));
        assertTrue(cut.replace(" [cut: 6000 bytes in all]", "").chars().allMatch(c -> c == 'é'), "no broken character");
    }

    @Test
    void bounded_aBoundTooSmallForTheNote_keepsTheTextsStartAlone_withinTheBound() {
        String text = "é".repeat(100); // 200 bytes, 2 per character
        String cut = Details.bounded(text, 9);
        assertEquals("éééé", cut);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 9);
        assertEquals("", Details.bounded(text, 0));
    }

    @Test
    void aReplyWithTooLongADetail_cannotBeMade() {
        String text = "x".repeat(Wire.MAX_DETAIL_BYTES + 1);
        assertThrows(IllegalArgumentException.class,
                () -> new Message.InvokeReply(Wire.INVOKE | Wire.REPLY, TeeResult.GENERIC, ReturnOrigin.TEE, WireParams.EMPTY, text));
    }

    @Test
    void oneLine_turnsLineBreaksAndControlCharactersIntoSpaces() {
        assertEquals("a b c d", Details.oneLine("a\nb\rc\u001bd"));
    }

    @Test
    void lines_indentsEveryLine_soNoneCanPassForALogLineOfItsOwn() {
        assertEquals("  | boom\n  | \tat X.y(X.java:1)\n  | 2026-01-01 jtee-core SEVERE: forged",
                Details.lines("boom\n\tat X.y(X.java:1)\r\n2026-01-01 jtee-core SEVERE: forged\n", "  | "));
    }
}
