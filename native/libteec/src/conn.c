/* SPDX-License-Identifier: Apache-2.0 */

#include "conn.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "trace.h"

#define READ_CHUNK (64 * 1024)

struct pending {
	uint64_t id;
	const void *op;
	pthread_cond_t cond;
	bool sent;     /* the request is on the socket: its reply may come */
	bool done;
	uint32_t error;
	struct reply reply;
	struct pending *next;
};

/* Writes all n bytes; -1 with errno on failure, *written telling how many went out. */
static int send_all(int fd, const uint8_t *p, size_t n, int attach_fd, size_t *written)
{
	*written = 0;
	if (attach_fd >= 0 && n > 0) {
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(sizeof(int))];
		} control;
		struct iovec iov = { .iov_base = (void *)p, .iov_len = n };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
		struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

		memset(control.buf, 0, sizeof(control.buf));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &attach_fd, sizeof(int));
		ssize_t sent;

		do {
			sent = sendmsg(fd, &msg, MSG_NOSIGNAL);
		} while (sent < 0 && errno == EINTR);
		if (sent < 0)
			return -1;
		p += sent;
		n -= (size_t)sent;
		*written += (size_t)sent;
	}
	while (n > 0) {
		ssize_t sent = send(fd, p, n, MSG_NOSIGNAL);

		if (sent < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += sent;
		n -= (size_t)sent;
		*written += (size_t)sent;
	}
	return 0;
}


/* A hint to the CPU that this thread is spinning. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield");
#endif
}

/*
 * How long a caller polls for the core's answer before it sleeps, in nanoseconds:
 * $JTEE_TEEC_SPIN_US microseconds (default 50, 0 never, at most 10000). Most answers come within
 * microseconds, and on a virtual machine waking a thread whose CPU has halted costs 10-40 us,
 * several times a call; polling keeps the CPU awake for that long at most.
 */
static long spin_nanos(void)
{
	static long cached = -1;
	long v = __atomic_load_n(&cached, __ATOMIC_RELAXED);

	if (v < 0) {
		const char *env = getenv("JTEE_TEEC_SPIN_US");
		char *end = NULL;
		long us = 50;

		if (env && *env) {
			long parsed = strtol(env, &end, 10);

			if (end && *end == '\0' && parsed >= 0)
				us = parsed > 10000 ? 10000 : parsed;
		}
		v = us * 1000;
		__atomic_store_n(&cached, v, __ATOMIC_RELAXED);
	}
	return v;
}

static long elapsed_nanos(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000000000L + (now.tv_nsec - since->tv_nsec);
}

/*
 * read(2) on fd that first tries without waiting, for up to spin_nanos(), then sleeps in poll()
 * until there is input: an answer that is already there costs one system call, one that comes
 * within the spin costs no sleep. Not asleep in read(): a thread asleep in read() on a Unix stream
 * socket is also woken each time the core takes in a frame this side sent (the kernel signals
 * "writable" on the same wait queue), where poll()'s sleep wakes for input only.
 */
static ssize_t receive(int fd, void *buf, size_t len)
{
	long spin = spin_nanos();
	struct timespec start;
	int timing = 0;

	for (;;) {
		ssize_t got = recv(fd, buf, len, MSG_DONTWAIT);

		if (got >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return got;
		if (spin > 0) {
			if (!timing) {
				clock_gettime(CLOCK_MONOTONIC, &start);
				timing = 1;
			}
			if (elapsed_nanos(&start) < spin) {
				cpu_relax();
				continue;
			}
		}
		struct pollfd pfd = {.fd = fd, .events = POLLIN};

		if (poll(&pfd, 1, -1) < 0)
			return -1;
		spin = 0;
	}
}

/* Makes at least n bytes available at rbuf + rstart; -1 with errno (0 at end of stream). */
static int fill(struct teec_conn *c, size_t n)
{
	while (c->rend - c->rstart < n) {
		if (c->rstart > 0) {
			memmove(c->rbuf, c->rbuf + c->rstart, c->rend - c->rstart);
			c->rend -= c->rstart;
			c->rstart = 0;
		}
		if (c->rcap < n) {
			/* room for this frame exactly (a 16 MiB frame takes 16 MiB, not 32) */
			size_t cap = n > READ_CHUNK ? n : READ_CHUNK;
			uint8_t *grown = realloc(c->rbuf, cap);

			if (!grown) {
				errno = ENOMEM;
				return -1;
			}
			c->rbuf = grown;
			c->rcap = cap;
		}
		ssize_t got = receive(c->fd, c->rbuf + c->rend, c->rcap - c->rend);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0) {
			errno = 0;
			return -1;
		}
		c->rend += (size_t)got;
	}
	return 0;
}

/* Shrinks the read buffer back after a large frame, so one big reply does not pin memory. */
static void trim(struct teec_conn *c)
{
	if (c->rcap > READ_CHUNK && c->rend - c->rstart <= READ_CHUNK) {
		memmove(c->rbuf, c->rbuf + c->rstart, c->rend - c->rstart);
		c->rend -= c->rstart;
		c->rstart = 0;
		uint8_t *smaller = realloc(c->rbuf, READ_CHUNK);

		if (smaller) {
			c->rbuf = smaller;
			c->rcap = READ_CHUNK;
		}
	}
}

/*
 * Reads one frame. Returns 0 with its type, id and body; -1 if the link failed or the frame
 * breaks the protocol (traced).
 */
static int read_frame(struct teec_conn *c, uint8_t *type, uint64_t *id, struct reply *out)
{
	if (fill(c, WIRE_HEADER_BYTES) < 0) {
		if (errno == 0)
			EMSG("the jtee core at %s closed the connection", c->socket_path);
		else
			EMSG("reading from the jtee core at %s: %s", c->socket_path, strerror(errno));
		return -1;
	}
	struct rbuf r = { .data = c->rbuf + c->rstart, .len = WIRE_HEADER_BYTES };
	uint32_t length = get_u32(&r);
	uint8_t version = get_u8(&r);

	*type = get_u8(&r);
	uint16_t flags = get_u16(&r);

	*id = get_u64(&r);
	if (length < 12 || length > c->max_frame || version != WIRE_VERSION || flags != 0) {
		EMSG("protocol error from the jtee core: frame length %u, version %u, flags %u",
		     length, version, flags);
		return -1;
	}
	size_t body = length - 12;

	if (fill(c, WIRE_HEADER_BYTES + body) < 0) {
		EMSG("the jtee core at %s closed the connection inside a frame", c->socket_path);
		return -1;
	}
	out->body = malloc(body ? body : 1);
	if (!out->body) {
		EMSG("no memory for a reply of %zu bytes", body);
		return -1;
	}
	memcpy(out->body, c->rbuf + c->rstart + WIRE_HEADER_BYTES, body);
	out->len = body;
	c->rstart += WIRE_HEADER_BYTES + body;
	if (c->rstart == c->rend)
		c->rstart = c->rend = 0;
	trim(c);
	return 0;
}

static void fail_all_locked(struct teec_conn *c)
{
	c->dead = true;
	for (struct pending *p = c->pending; p; p = p->next) {
		if (!p->done) {
			p->done = true;
			p->error = TEEC_ERROR_COMMUNICATION;
			pthread_cond_signal(&p->cond);
		}
	}
}

/*
 * Wakes one caller waiting for its reply, so that it takes over the reader role. Only a caller
 * whose request is on the socket waits on its condition; one still sending takes the role
 * itself when its send returns.
 */
static void pass_reader_locked(struct teec_conn *c)
{
	for (struct pending *p = c->pending; p; p = p->next) {
		if (p->sent && !p->done) {
			pthread_cond_signal(&p->cond);
			return;
		}
	}
}

static void unlink_locked(struct teec_conn *c, struct pending *p)
{
	for (struct pending **at = &c->pending; *at; at = &(*at)->next) {
		if (*at == p) {
			*at = p->next;
			return;
		}
	}
}

uint32_t conn_call(struct teec_conn *c, struct wbuf *w, uint64_t id, const void *op, int attach_fd,
		   struct reply *out)
{
	struct pending p = { .id = id, .op = op };

	memset(out, 0, sizeof(*out));
	if (w->failed) {
		EMSG("no memory for a request frame");
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	pthread_cond_init(&p.cond, NULL);
	pthread_mutex_lock(&c->lock);
	if (c->dead) {
		pthread_mutex_unlock(&c->lock);
		pthread_cond_destroy(&p.cond);
		EMSG("the connection to the jtee core at %s is closed", c->socket_path);
		return TEEC_ERROR_COMMUNICATION;
	}
	p.next = c->pending;
	c->pending = &p;
	pthread_mutex_unlock(&c->lock);

	pthread_mutex_lock(&c->write_lock);
	size_t written;
	int sent = send_all(c->fd, w->data, w->len, attach_fd, &written);
	int send_errno = errno;

	pthread_mutex_unlock(&c->write_lock);

	pthread_mutex_lock(&c->lock);
	p.sent = sent == 0;
	if (sent < 0 && !p.done) {
		EMSG("writing to the jtee core at %s: %s", c->socket_path, strerror(send_errno));
		if (written == 0 && !c->dead) {
			/* nothing went out (a descriptor the kernel refused, say): only this call fails */
			p.done = true;
			p.error = send_errno == ENOMEM ? TEEC_ERROR_OUT_OF_MEMORY : TEEC_ERROR_COMMUNICATION;
		} else {
			/* a frame cut short: the stream is lost; wake the reader blocked in read() */
			fail_all_locked(c);
			shutdown(c->fd, SHUT_RDWR);
		}
	}
	while (!p.done) {
		if (c->reading) {
			pthread_cond_wait(&p.cond, &c->lock);
			continue;
		}
		c->reading = true;
		pthread_mutex_unlock(&c->lock);
		uint8_t type = 0;
		uint64_t got_id = 0;
		struct reply r = { 0 };
		int rc = read_frame(c, &type, &got_id, &r);

		pthread_mutex_lock(&c->lock);
		c->reading = false;
		if (rc < 0) {
			fail_all_locked(c);
			shutdown(c->fd, SHUT_RDWR);
			break;
		}
		struct pending *to = NULL;

		for (struct pending *q = c->pending; q; q = q->next) {
			if (q->id == got_id && !q->done) {
				to = q;
				break;
			}
		}
		if (!to || !(type & WIRE_REPLY)) {
			EMSG("protocol error from the jtee core: frame type 0x%02x for request %llu, "
			     "which is not waiting", type, (unsigned long long)got_id);
			free(r.body);
			fail_all_locked(c);
			shutdown(c->fd, SHUT_RDWR);
			break;
		}
		to->reply = r;
		to->done = true;
		if (to != &p)
			pthread_cond_signal(&to->cond);
	}
	unlink_locked(c, &p);
	if (!c->reading)
		pass_reader_locked(c);
	pthread_mutex_unlock(&c->lock);
	pthread_cond_destroy(&p.cond);
	if (p.error) {
		free(p.reply.body);
		return p.error;
	}
	*out = p.reply;
	return 0;
}

uint64_t conn_find_call(struct teec_conn *c, const void *op)
{
	uint64_t id = 0;

	pthread_mutex_lock(&c->lock);
	for (struct pending *p = c->pending; p; p = p->next) {
		if (p->op == op && !p->done) {
			id = p->id;
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return id;
}

uint64_t conn_next_id(struct teec_conn *c)
{
	pthread_mutex_lock(&c->lock);
	uint64_t id = c->next_id++;

	pthread_mutex_unlock(&c->lock);
	return id;
}

static struct teec_conn *conn_new(int fd, const char *path)
{
	struct teec_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->socket_path = strdup(path);
	if (!c->socket_path) {
		free(c);
		return NULL;
	}
	c->fd = fd;
	c->max_frame = WIRE_MAX_FRAME_BYTES;
	c->next_id = 1;
	pthread_mutex_init(&c->write_lock, NULL);
	pthread_mutex_init(&c->fd_register_lock, NULL);
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

struct teec_conn *conn_open(const char *path, uint32_t *result)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	*result = TEEC_ERROR_COMMUNICATION;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		EMSG("the jtee core's socket path %s is longer than %zu bytes; set JTEE_SOCKET to a "
		     "shorter one", path, sizeof(addr.sun_path) - 1);
		return NULL;
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		EMSG("socket: %s", strerror(errno));
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		EMSG("cannot connect to the jtee core at %s: %s (is it running? start it with "
		     "`bin/jtee up`, or point JTEE_SOCKET at its socket)", path, strerror(errno));
		close(fd);
		return NULL;
	}
	struct teec_conn *c = conn_new(fd, path);

	if (!c) {
		close(fd);
		*result = TEEC_ERROR_OUT_OF_MEMORY;
		return NULL;
	}
	struct wbuf w = { 0 };
	uint64_t id = conn_next_id(c);

	frame_begin(&w, WIRE_HELLO, id);
	put_u16(&w, WIRE_VERSION);
	put_u16(&w, WIRE_VERSION);
	put_u8(&w, WIRE_ROLE_CLIENT);
	put_u8(&w, 0);
	put_u16(&w, 0);
	frame_end(&w);
	struct reply r;
	uint32_t rc = conn_call(c, &w, id, NULL, -1, &r);

	wbuf_free(&w);
	if (rc) {
		*result = rc;
		conn_free(c);
		return NULL;
	}
	struct rbuf in = { .data = r.body, .len = r.len };
	uint32_t res = get_u32(&in);

	(void)get_u32(&in); /* origin */
	uint16_t version = get_u16(&in);

	(void)get_u16(&in);
	uint32_t max_frame = get_u32(&in);

	free(r.body);
	if (in.bad || res != TEEC_SUCCESS) {
		EMSG("the jtee core at %s refused the connection: 0x%08x", path, in.bad ? 0u : res);
		*result = in.bad ? TEEC_ERROR_COMMUNICATION : res;
		conn_free(c);
		return NULL;
	}
	if (version != WIRE_VERSION || max_frame < 12 || max_frame > WIRE_MAX_FRAME_BYTES) {
		EMSG("the jtee core at %s answered version %u, frame bound %u", path, version, max_frame);
		conn_free(c);
		return NULL;
	}
	c->max_frame = max_frame;
	*result = TEEC_SUCCESS;
	return c;
}

void conn_shutdown(struct teec_conn *c)
{
	pthread_mutex_lock(&c->lock);
	c->dead = true;
	pthread_mutex_unlock(&c->lock);
	shutdown(c->fd, SHUT_RDWR);
}

void conn_free(struct teec_conn *c)
{
	if (!c)
		return;
	close(c->fd);
	pthread_mutex_destroy(&c->write_lock);
	pthread_mutex_destroy(&c->fd_register_lock);
	pthread_mutex_destroy(&c->lock);
	free(c->rbuf);
	free(c->socket_path);
	free(c);
}
