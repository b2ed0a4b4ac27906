/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The trace functions libteec.so.2 exports for the libraries built on it (OP-TEE's libckteec
 * calls _dprintf). Lines go to standard error when their level is at most $TEEC_LOG_LEVEL
 * (default 1: errors only).
 */
#ifndef TEEC_TRACE_H
#define TEEC_TRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRACE_ERROR  1
#define TRACE_INFO   2
#define TRACE_DEBUG  3
#define TRACE_FLOW   4

/* One trace line: "<level> [pid] <prefix>:<function>:<line>: <message>". */
void _dprintf(const char *function, int line, int level, const char *prefix,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Hex dump of blen bytes of buffer, titled bname, at level TRACE_DEBUG. */
void dump_buffer(const char *bname, const uint8_t *buffer, size_t blen);

#ifdef __cplusplus
}
#endif

#endif /* TEEC_TRACE_H */
