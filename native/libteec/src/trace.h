/* SPDX-License-Identifier: Apache-2.0 */
/* The library's own trace lines, through the exported _dprintf (include/teec_trace.h). */
#ifndef JTEE_TRACE_H
#define JTEE_TRACE_H

#include <teec_trace.h>

#define TEEC_TRACE_PREFIX "TEEC"

#define EMSG(fmt, ...) \
	_dprintf(__func__, __LINE__, TRACE_ERROR, TEEC_TRACE_PREFIX, fmt "\n", ##__VA_ARGS__)
#define IMSG(fmt, ...) \
	_dprintf(__func__, __LINE__, TRACE_INFO, TEEC_TRACE_PREFIX, fmt "\n", ##__VA_ARGS__)
#define DMSG(fmt, ...) \
	_dprintf(__func__, __LINE__, TRACE_DEBUG, TEEC_TRACE_PREFIX, fmt "\n", ##__VA_ARGS__)

#endif /* JTEE_TRACE_H */
