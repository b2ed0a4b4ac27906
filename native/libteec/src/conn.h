/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One connection to the jtee core, shared by every thread that uses its TEEC_Context.
 *
 * Requests carry ids; replies come back in any order. There is no reader thread: a caller
 * waiting for its reply reads the socket itself if nobody else is (the "reader"), hands each
 * reply it reads to the caller it belongs to, and when its own reply has come passes the reader
 * role to another waiting caller. A call therefore costs no thread switch when it is alone, and
 * a slow call never holds up the replies of others.
 */
#ifndef JTEE_CONN_H
#define JTEE_CONN_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

struct pending;

struct teec_conn {
	int fd;
	char *socket_path;
	uint32_t max_frame;
	int refs;                      /* guarded by the registry lock in teec.c */

	pthread_mutex_t write_lock;    /* one frame at a time on the socket */
	pthread_mutex_t fd_register_lock; /* one REGISTER_SHM with a descriptor in flight */
	pthread_mutex_t lock;          /* everything below */
	bool reading;                  /* a caller holds the reader role */
	bool dead;                     /* the link failed: every call fails with COMMS */
	uint64_t next_id;
	struct pending *pending;       /* requests waiting for their reply */

	/* the reader's buffer, touched only by the caller in the reader role */
	uint8_t *rbuf;
	size_t rcap;
	size_t rstart;
	size_t rend;
};

/* A reply: its body (after the 16-byte header), owned by the caller. */
struct reply {
	uint8_t *body;
	size_t len;
};

/*
 * Connects to the core at path and exchanges HELLO. On failure returns NULL and sets *result
 * (TEEC_ERROR_COMMUNICATION, or the core's refusal) after tracing why.
 */
struct teec_conn *conn_open(const char *path, uint32_t *result);

/* Closes the socket and frees the connection; no call may be in progress. */
void conn_free(struct teec_conn *c);

/* Shuts the socket down: calls in progress fail with COMMS, new ones fail at once. */
void conn_shutdown(struct teec_conn *c);

/* A fresh request id. */
uint64_t conn_next_id(struct teec_conn *c);

/*
 * Sends the frame in w (built with frame_begin/frame_end for id) and waits for its reply,
 * attaching descriptor attach_fd when it is not -1. op identifies the operation for
 * TEEC_RequestCancellation (may be NULL). Returns 0 and the reply, or TEEC_ERROR_COMMUNICATION
 * when the link failed (traced) — the request may or may not have reached the core — or
 * TEEC_ERROR_OUT_OF_MEMORY when the frame could not be built or sent for want of memory.
 */
uint32_t conn_call(struct teec_conn *c, struct wbuf *w, uint64_t id, const void *op, int attach_fd,
		   struct reply *out);

/* The request id of the open or invoke running with op, or 0 if none is. */
uint64_t conn_find_call(struct teec_conn *c, const void *op);

#endif /* JTEE_CONN_H */
