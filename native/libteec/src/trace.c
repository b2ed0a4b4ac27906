/* SPDX-License-Identifier: Apache-2.0 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <teec_trace.h>

static const char *const level_names[] = { "", "ERR", "INF", "DBG", "FLW" };

/* TEEC_LOG_LEVEL from the environment, read once per line (cheap; lines are rare). */
static int trace_level(void)
{
	const char *v = getenv("TEEC_LOG_LEVEL");

	if (!v || !*v)
		return TRACE_ERROR;
	return atoi(v);
}

void _dprintf(const char *function, int line, int level, const char *prefix, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (level > trace_level())
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	const char *name = level >= 1 && level <= 4 ? level_names[level] : "???";

	/* one write per line, so the lines of several threads do not interleave */
	if (function)
		fprintf(stderr, "%s [%d] %s:%s:%d: %s", name, (int)getpid(), prefix ? prefix : "",
			function, line, text);
	else
		fprintf(stderr, "%s", text);
}

void dump_buffer(const char *bname, const uint8_t *buffer, size_t blen)
{
	if (TRACE_DEBUG > trace_level())
		return;
	fprintf(stderr, "#### %s (%zu bytes)\n", bname ? bname : "", blen);
	for (size_t i = 0; buffer && i < blen; i += 16) {
		char line[16 * 3 + 1];
		size_t n = 0;

		for (size_t j = i; j < blen && j < i + 16; j++)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%02x ", buffer[j]);
		fprintf(stderr, "%06zx: %s\n", i, line);
	}
}
