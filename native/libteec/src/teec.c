/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GP TEE Client API over the jtee protocol (docs/libteec.md, docs/protocol.md).
 *
 * A TEEC_Context is a connection to the core; its imp.fd is the socket, which also names the
 * connection in this library's registry. Shared memory is a file on tmpfs that this process and
 * the core both map: allocated memory is that mapping itself, registered memory is backed by one
 * (the "shadow", copied before and after each call that uses it), and a descriptor registered
 * with TEEC_RegisterSharedMemoryFileDescriptor is handed to the core as it is.
 */

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tee_client_api.h>
#include <tee_client_api_extensions.h>

#include "conn.h"
#include "trace.h"
#include "wire.h"

/* TEEC_SharedMemory.imp.flags */
#define SHM_ALLOCATED 0x1
#define SHM_SHADOWED 0x2
#define SHM_DESCRIPTOR 0x4

/* The largest size a segment may have on the wire (sizes are below 2^63). */
#define MAX_SEGMENT_BYTES ((uint64_t)INT64_MAX)

/*
 * Every open connection and every registered segment. One lock guards both lists, the
 * connections' reference counts and the segments' reference counts: calls take a reference on
 * their connection and on each segment they use, so neither disappears under a call when
 * another thread finalizes or releases it.
 */
struct conn_entry {
	struct teec_conn *conn;
	struct conn_entry *next;
};

/* A segment of shared memory registered on a connection. */
struct segment {
	int id;
	void *map;            /* the library's mapping (allocated or shadow), or NULL */
	size_t map_bytes;     /* bytes mapped at map */
	void *user_buffer;    /* TEEC_SharedMemory.buffer when registered */
	size_t size;          /* TEEC_SharedMemory.size when registered */
	uint32_t flags;
	bool shadow;          /* map backs the caller's buffer (TEEC_RegisterSharedMemory) */
	bool released;        /* TEEC_ReleaseSharedMemory was called */
	int refs;             /* 1 for the registration + 1 per call using it */
};

struct seg_entry {
	struct segment seg;
	struct teec_conn *conn;   /* NULL once the context is finalized */
	int fd;                   /* our descriptor of a registered file, or -1 */
	struct seg_entry *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_entry *conns;
static struct seg_entry *segments;

/* ---------------------------------------------------------------------------------------- */
/* Connections */

static struct teec_conn *conn_acquire(const TEEC_Context *ctx)
{
	struct teec_conn *found = NULL;

	if (!ctx || ctx->imp.fd < 0)
		return NULL;
	pthread_mutex_lock(&registry_lock);
	for (struct conn_entry *e = conns; e; e = e->next) {
		if (e->conn->fd == ctx->imp.fd) {
			found = e->conn;
			found->refs++;
			break;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	return found;
}

static void conn_release(struct teec_conn *c)
{
	pthread_mutex_lock(&registry_lock);
	bool last = --c->refs == 0;

	pthread_mutex_unlock(&registry_lock);
	if (last)
		conn_free(c);
}

/* $JTEE_SOCKET, else <home>/client.sock, home as the Java client finds it. */
static char *socket_path(void)
{
	const char *v = getenv("JTEE_SOCKET");
	char *path = NULL;

	if (v && *v)
		return strdup(v);
	v = getenv("JTEE_HOME");
	if (v && *v) {
		if (asprintf(&path, "%s/client.sock", v) < 0)
			return NULL;
		return path;
	}
	v = getenv("XDG_STATE_HOME");
	if (v && *v) {
		if (asprintf(&path, "%s/jtee/client.sock", v) < 0)
			return NULL;
		return path;
	}
	v = getenv("HOME");
	char pwbuf[4096];
	struct passwd pwd;
	struct passwd *pw = NULL;

	if (!v || !*v) {
		/* getpwuid_r: several threads may initialize contexts at once */
		if (getpwuid_r(geteuid(), &pwd, pwbuf, sizeof(pwbuf), &pw) != 0 || !pw)
			pw = NULL;
		v = pw ? pw->pw_dir : "/";
	}
	if (asprintf(&path, "%s/.local/state/jtee/client.sock", v) < 0)
		return NULL;
	return path;
}

TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *ctx)
{
	if (!ctx)
		return TEEC_ERROR_BAD_PARAMETERS;
	ctx->imp.fd = -1;
	if (name && strcmp(name, "optee-tz") != 0) {
		EMSG("no TEE named \"%s\": jtee answers to NULL and \"optee-tz\"", name);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	char *path = socket_path();

	if (!path)
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint32_t result;
	struct teec_conn *c = conn_open(path, &result);

	free(path);
	if (!c)
		return result;
	struct conn_entry *e = malloc(sizeof(*e));

	if (!e) {
		conn_free(c);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	c->refs = 1; /* the registry's */
	e->conn = c;
	pthread_mutex_lock(&registry_lock);
	e->next = conns;
	conns = e;
	pthread_mutex_unlock(&registry_lock);
	ctx->imp.fd = c->fd;
	ctx->imp.reg_mem = false;
	ctx->imp.memref_null = true;
	return TEEC_SUCCESS;
}

void TEEC_FinalizeContext(TEEC_Context *ctx)
{
	struct teec_conn *c = NULL;

	if (!ctx || ctx->imp.fd < 0)
		return;
	pthread_mutex_lock(&registry_lock);
	for (struct conn_entry **at = &conns; *at; at = &(*at)->next) {
		if ((*at)->conn->fd == ctx->imp.fd) {
			struct conn_entry *e = *at;

			c = e->conn;
			*at = e->next;
			free(e);
			break;
		}
	}
	if (c) {
		/* the core releases the connection's memory; local mappings live until released */
		for (struct seg_entry *s = segments; s; s = s->next) {
			if (s->conn == c)
				s->conn = NULL;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	ctx->imp.fd = -1;
	if (!c)
		return;
	conn_shutdown(c);
	conn_release(c);
}

/* ---------------------------------------------------------------------------------------- */
/* Shared memory */

static bool flags_valid(uint32_t flags)
{
	return flags && !(flags & ~(uint32_t)(TEEC_MEM_INPUT | TEEC_MEM_OUTPUT));
}

/* Where segment files are made: $JTEE_SHM_DIR, else /dev/shm, else $TMPDIR or /tmp. */
static const char *segment_dir(void)
{
	const char *v = getenv("JTEE_SHM_DIR");
	struct stat st;

	if (v && *v)
		return v;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode))
		return "/dev/shm";
	v = getenv("TMPDIR");
	return v && *v ? v : "/tmp";
}

/* Sends REGISTER_SHM: the file at path, or (path NULL) the descriptor fd. */
static TEEC_Result register_segment(struct teec_conn *c, const char *path, int fd, uint64_t size,
				    uint32_t flags, int *id)
{
	struct wbuf w = { 0 };
	uint64_t rid = conn_next_id(c);
	size_t path_len = path ? strlen(path) : 0;
	struct reply r;

	frame_begin(&w, WIRE_REGISTER_SHM, rid);
	put_u64(&w, size);
	put_u32(&w, flags);
	put_u16(&w, (uint16_t)path_len);
	put_u16(&w, 0);
	put_bytes(&w, path, path_len);
	frame_end(&w);
	if (!path)
		pthread_mutex_lock(&c->fd_register_lock);
	uint32_t rc = conn_call(c, &w, rid, NULL, path ? -1 : fd, &r);

	if (!path)
		pthread_mutex_unlock(&c->fd_register_lock);
	wbuf_free(&w);
	if (rc)
		return rc;
	struct rbuf in = { .data = r.body, .len = r.len };
	uint32_t result = get_u32(&in);

	(void)get_u32(&in);
	uint32_t got = get_u32(&in);

	free(r.body);
	if (in.bad)
		return TEEC_ERROR_COMMUNICATION;
	if (result != TEEC_SUCCESS) {
		EMSG("the core refused shared memory of %llu bytes: 0x%08x",
		     (unsigned long long)size, result);
		return result;
	}
	*id = (int)got;
	return TEEC_SUCCESS;
}

static void send_unregister(struct teec_conn *c, int id)
{
	struct wbuf w = { 0 };
	uint64_t rid = conn_next_id(c);
	struct reply r;

	frame_begin(&w, WIRE_UNREGISTER_SHM, rid);
	put_u32(&w, (uint32_t)id);
	frame_end(&w);
	if (conn_call(c, &w, rid, NULL, -1, &r) == 0)
		free(r.body);
	wbuf_free(&w);
}

/*
 * A memfd of bytes sealed at that size (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL), or -1 where
 * the kernel has no sealed memfds. The core sees the seal and knows the memory stays backed, so
 * it does not ask the kernel again at every call that names it (docs/libteec.md).
 */
static int sealed_memfd(size_t bytes)
{
	int fd = memfd_create("jtee-shm", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)bytes) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A file made owner-only in the segment directory and sized to bytes: its descriptor in *fd and,
 * once it exists, its path in *path, for the caller to unlink and free whatever happens next.
 */
static TEEC_Result segment_file(size_t bytes, char **path, int *fd)
{
	uint8_t random[16];

	if (getrandom(random, sizeof(random), 0) != (ssize_t)sizeof(random))
		return TEEC_ERROR_GENERIC;
	char name[2 * sizeof(random) + 1];

	for (size_t i = 0; i < sizeof(random); i++)
		snprintf(name + 2 * i, 3, "%02x", random[i]);
	if (asprintf(path, "%s/jtee-shm-%s", segment_dir(), name) < 0) {
		*path = NULL;
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	if (strlen(*path) > WIRE_MAX_PATH_BYTES) {
		EMSG("the shared memory path %s is too long; set JTEE_SHM_DIR", *path);
		free(*path);
		*path = NULL;
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	*fd = open(*path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (*fd < 0) {
		EMSG("cannot create shared memory %s: %s", *path, strerror(errno));
		free(*path);
		*path = NULL; /* not ours to unlink */
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	if (ftruncate(*fd, (off_t)bytes) < 0) {
		EMSG("cannot size shared memory to %zu bytes: %s", bytes, strerror(errno));
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	return TEEC_SUCCESS;
}

/*
 * A new segment of bytes mapped here and in the core, announced as size bytes with flags: a
 * sealed memfd handed over with the REGISTER_SHM frame or, where the kernel has none, a file made
 * owner-only in the segment directory, registered by path and unlinked whatever the answer. Either
 * way only the two mappings remain.
 */
static TEEC_Result new_segment(struct teec_conn *c, size_t size, size_t bytes, uint32_t flags,
			       void **map, int *id)
{
	char *path = NULL;

	if ((uint64_t)bytes > MAX_SEGMENT_BYTES)
		return TEEC_ERROR_OUT_OF_MEMORY;
	TEEC_Result res = TEEC_SUCCESS;
	void *m = MAP_FAILED;
	int fd = sealed_memfd(bytes);

	if (fd < 0)
		res = segment_file(bytes, &path, &fd);
	if (res == TEEC_SUCCESS) {
		m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED) {
			EMSG("cannot map %zu bytes of shared memory: %s", bytes, strerror(errno));
			res = TEEC_ERROR_OUT_OF_MEMORY;
		}
	}
	if (res == TEEC_SUCCESS)
		res = register_segment(c, path, fd, size, flags, id);
	if (path)
		unlink(path);
	if (fd >= 0)
		close(fd);
	free(path);
	if (res != TEEC_SUCCESS) {
		if (m != MAP_FAILED)
			munmap(m, bytes);
		return res;
	}
	*map = m;
	return TEEC_SUCCESS;
}

static struct seg_entry *track_segment(struct teec_conn *c, const struct segment *seg, int fd)
{
	struct seg_entry *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->seg = *seg;
	e->seg.refs = 1;
	e->fd = fd;
	pthread_mutex_lock(&registry_lock);
	/* a context finalized meanwhile is gone from conns: the segment then has no connection */
	for (struct conn_entry *ce = conns; ce; ce = ce->next) {
		if (ce->conn == c)
			e->conn = c;
	}
	e->next = segments;
	segments = e;
	pthread_mutex_unlock(&registry_lock);
	return e;
}

/* Drops a reference; the last one unmaps. Called with registry_lock held. */
static void segment_unref_locked(struct seg_entry *e)
{
	if (--e->seg.refs > 0)
		return;
	for (struct seg_entry **at = &segments; *at; at = &(*at)->next) {
		if (*at == e) {
			*at = e->next;
			break;
		}
	}
	if (e->seg.map)
		munmap(e->seg.map, e->seg.map_bytes);
	if (e->fd >= 0)
		close(e->fd);
	free(e);
}

/* Common checks and the mapping of Allocate and Register. */
static TEEC_Result map_shared(TEEC_Context *ctx, TEEC_SharedMemory *shm, bool shadow)
{
	if (!ctx || !shm || !flags_valid(shm->flags))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (shadow && !shm->buffer)
		return TEEC_ERROR_BAD_PARAMETERS;
	struct teec_conn *c = conn_acquire(ctx);

	if (!c) {
		EMSG("the context is not initialized, or was finalized");
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	size_t bytes = shm->size ? shm->size : 8; /* like OP-TEE: a zero-size buffer is mapped too */
	void *map = NULL;
	int id = 0;
	TEEC_Result res = new_segment(c, shm->size, bytes, shm->flags, &map, &id);

	if (res == TEEC_SUCCESS) {
		struct segment seg = { .id = id, .map = map, .map_bytes = bytes,
				       .user_buffer = shadow ? shm->buffer : map, .size = shm->size,
				       .flags = shm->flags, .shadow = shadow };

		if (!track_segment(c, &seg, -1)) {
			send_unregister(c, id);
			munmap(map, bytes);
			res = TEEC_ERROR_OUT_OF_MEMORY;
		} else {
			if (!shadow)
				shm->buffer = map;
			shm->imp.id = id;
			shm->imp.alloced_size = bytes;
			shm->imp.shadow_buffer = shadow ? map : NULL;
			shm->imp.registered_fd = -1;
			shm->imp.flags = shadow ? SHM_SHADOWED : SHM_ALLOCATED;
		}
	}
	conn_release(c);
	return res;
}

TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	return map_shared(ctx, shm, false);
}

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	return map_shared(ctx, shm, true);
}

TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context *ctx, TEEC_SharedMemory *shm,
						    int fd)
{
	struct stat st;

	if (!ctx || !shm || fd < 0 || !flags_valid(shm->flags))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		EMSG("descriptor %d is not a file jtee can share: give a memfd or a tmpfs file", fd);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	struct teec_conn *c = conn_acquire(ctx);

	if (!c) {
		EMSG("the context is not initialized, or was finalized");
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	TEEC_Result res = own < 0 ? TEEC_ERROR_OUT_OF_MEMORY : TEEC_SUCCESS;
	int id = 0;

	if (res == TEEC_SUCCESS)
		res = register_segment(c, NULL, own, (uint64_t)st.st_size, shm->flags, &id);
	if (res == TEEC_SUCCESS) {
		struct segment seg = { .id = id, .size = (size_t)st.st_size, .flags = shm->flags };

		if (!track_segment(c, &seg, own)) {
			send_unregister(c, id);
			res = TEEC_ERROR_OUT_OF_MEMORY;
		}
	}
	if (res != TEEC_SUCCESS) {
		if (own >= 0)
			close(own);
		if (res == TEEC_ERROR_ACCESS_DENIED || res == TEEC_ERROR_SECURITY)
			res = TEEC_ERROR_BAD_PARAMETERS;
	} else {
		shm->buffer = NULL;
		shm->size = (size_t)st.st_size;
		shm->imp.id = id;
		shm->imp.alloced_size = 0;
		shm->imp.shadow_buffer = NULL;
		shm->imp.registered_fd = own;
		shm->imp.flags = SHM_DESCRIPTOR;
	}
	conn_release(c);
	return res;
}

/* The segment entry that shm describes, matched by what only it holds (its mapping or fd). */
static struct seg_entry *find_segment_locked(const TEEC_SharedMemory *shm)
{
	for (struct seg_entry *e = segments; e; e = e->next) {
		if (e->seg.released || e->seg.id != shm->imp.id)
			continue;
		if (shm->imp.flags & SHM_DESCRIPTOR) {
			if (e->fd >= 0 && e->fd == shm->imp.registered_fd)
				return e;
		} else if (e->seg.map && e->seg.map == (e->seg.shadow ? shm->imp.shadow_buffer
							       : shm->buffer)) {
			return e;
		}
	}
	return NULL;
}

void TEEC_ReleaseSharedMemory(TEEC_SharedMemory *shm)
{
	if (!shm || shm->imp.id == -1)
		return;
	struct teec_conn *c = NULL;
	int id = shm->imp.id;

	pthread_mutex_lock(&registry_lock);
	struct seg_entry *e = find_segment_locked(shm);

	if (e) {
		e->seg.released = true;
		c = e->conn;
		if (c)
			c->refs++;
		segment_unref_locked(e); /* calls in progress keep it mapped until they end */
	}
	pthread_mutex_unlock(&registry_lock);
	if (c) {
		send_unregister(c, id);
		conn_release(c);
	}
	shm->imp.id = -1;
	shm->imp.shadow_buffer = NULL;
	shm->buffer = NULL;
	shm->imp.registered_fd = -1;
	shm->imp.flags = 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Operations */

/* What a call's parameters became on the wire, for writing back. */
struct marshal {
	uint8_t wire[TEEC_CONFIG_PAYLOAD_REF_COUNT];
	struct seg_entry *seg[TEEC_CONFIG_PAYLOAD_REF_COUNT];
	size_t offset[TEEC_CONFIG_PAYLOAD_REF_COUNT];
	size_t size[TEEC_CONFIG_PAYLOAD_REF_COUNT];
};

static void marshal_release(struct marshal *m)
{
	pthread_mutex_lock(&registry_lock);
	for (int i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; i++) {
		if (m->seg[i]) {
			segment_unref_locked(m->seg[i]);
			m->seg[i] = NULL;
		}
	}
	pthread_mutex_unlock(&registry_lock);
}

static uint8_t direction_slot(uint32_t flags)
{
	switch (flags & (TEEC_MEM_INPUT | TEEC_MEM_OUTPUT)) {
	case TEEC_MEM_INPUT:
		return SLOT_RMEM_INPUT;
	case TEEC_MEM_OUTPUT:
		return SLOT_RMEM_OUTPUT;
	default:
		return SLOT_RMEM_INOUT;
	}
}

/* Takes a reference on the segment behind parent, registered on connection c. */
static TEEC_Result use_segment(struct teec_conn *c, const TEEC_SharedMemory *parent,
			       struct seg_entry **out)
{
	if (!parent) {
		EMSG("a memory reference has no parent shared memory");
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	pthread_mutex_lock(&registry_lock);
	struct seg_entry *e = find_segment_locked(parent);

	if (e && (e->conn != c || e->seg.size != parent->size || e->seg.flags != parent->flags))
		e = NULL;
	if (e)
		e->seg.refs++;
	pthread_mutex_unlock(&registry_lock);
	if (!e) {
		EMSG("a memory reference names shared memory that is not registered in this context "
		     "(released, or changed since)");
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	*out = e;
	return TEEC_SUCCESS;
}

/*
 * Writes op's parameter block (docs/protocol.md, "Parameters") and checks each parameter as
 * the GP API and OP-TEE's library do. Failures are the caller's: origin API.
 */
static TEEC_Result marshal(struct teec_conn *c, const TEEC_Operation *op, struct wbuf *w,
			   struct marshal *m)
{
	uint32_t types = op ? op->paramTypes : 0;
	uint16_t wire_types = 0;
	uint64_t in_bytes = 0;
	uint64_t out_bytes = 0;
	uint64_t reply_bytes = 12 + 12 + 4;

	memset(m, 0, sizeof(*m));
	if (types > 0xFFFF) {
		EMSG("paramTypes 0x%x has bits above the four parameters", types);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	for (int i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; i++) {
		uint32_t t = TEEC_PARAM_TYPE_GET(types, i);
		const TEEC_Parameter *p = op ? &op->params[i] : NULL;
		TEEC_Result res = TEEC_SUCCESS;

		switch (t) {
		case TEEC_NONE:
			break;
		case TEEC_VALUE_INPUT:
		case TEEC_VALUE_OUTPUT:
		case TEEC_VALUE_INOUT:
			m->wire[i] = (uint8_t)t;
			reply_bytes += 24;
			break;
		case TEEC_MEMREF_TEMP_INPUT:
		case TEEC_MEMREF_TEMP_OUTPUT:
		case TEEC_MEMREF_TEMP_INOUT:
			if (!p->tmpref.buffer && p->tmpref.size) {
				EMSG("parameter %d: a temporary reference with a NULL buffer must have "
				     "size 0, not %zu", i, p->tmpref.size);
				res = TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			if (p->tmpref.size > c->max_frame) {
				EMSG("parameter %d: temporary memory of %zu bytes does not fit a frame of "
				     "%u bytes: use shared memory for large buffers", i, p->tmpref.size,
				     c->max_frame);
				res = TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			m->wire[i] = (uint8_t)(t + 4);
			m->size[i] = p->tmpref.size;
			if (t != TEEC_MEMREF_TEMP_OUTPUT)
				in_bytes += p->tmpref.size;
			if (t != TEEC_MEMREF_TEMP_INPUT) {
				out_bytes += p->tmpref.size;
				reply_bytes += 12 + (uint64_t)p->tmpref.size;
			}
			break;
		case TEEC_MEMREF_WHOLE:
			res = use_segment(c, p->memref.parent, &m->seg[i]);
			if (res)
				break;
			m->wire[i] = direction_slot(p->memref.parent->flags);
			m->offset[i] = 0;
			m->size[i] = p->memref.parent->size;
			reply_bytes += 8;
			break;
		case TEEC_MEMREF_PARTIAL_INPUT:
		case TEEC_MEMREF_PARTIAL_OUTPUT:
		case TEEC_MEMREF_PARTIAL_INOUT: {
			uint32_t need = (t == TEEC_MEMREF_PARTIAL_INPUT ? TEEC_MEM_INPUT : 0) |
					(t == TEEC_MEMREF_PARTIAL_OUTPUT ? TEEC_MEM_OUTPUT : 0) |
					(t == TEEC_MEMREF_PARTIAL_INOUT ?
						 (TEEC_MEM_INPUT | TEEC_MEM_OUTPUT) : 0);
			const TEEC_SharedMemory *parent = p->memref.parent;

			res = use_segment(c, parent, &m->seg[i]);
			if (res)
				break;
			if ((parent->flags & need) != need) {
				EMSG("parameter %d: a partial reference of type 0x%x needs shared memory "
				     "with flags 0x%x, not 0x%x", i, t, need, parent->flags);
				res = TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			if (p->memref.offset > parent->size ||
			    p->memref.size > parent->size - p->memref.offset) {
				EMSG("parameter %d: offset %zu + size %zu lies outside shared memory of "
				     "%zu bytes", i, p->memref.offset, p->memref.size, parent->size);
				res = TEEC_ERROR_BAD_PARAMETERS;
				break;
			}
			m->wire[i] = (uint8_t)(t - TEEC_MEMREF_PARTIAL_INPUT + SLOT_RMEM_INPUT);
			m->offset[i] = p->memref.offset;
			m->size[i] = p->memref.size;
			reply_bytes += 8;
			break;
		}
		default:
			EMSG("parameter %d has type 0x%x, which the GP API does not define", i, t);
			res = TEEC_ERROR_BAD_PARAMETERS;
		}
		if (res) {
			marshal_release(m);
			return res;
		}
		wire_types |= (uint16_t)(m->wire[i] << (4 * i));
	}
	if (out_bytes > WIRE_MAX_TMEM_OUT_BYTES || reply_bytes > c->max_frame ||
	    in_bytes + w->len + 4 + 4 * 29 > c->max_frame) {
		EMSG("temporary memory references of %llu bytes in and %llu out do not fit a frame "
		     "of %u bytes: use shared memory for large buffers",
		     (unsigned long long)in_bytes, (unsigned long long)out_bytes, c->max_frame);
		marshal_release(m);
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	if (!wbuf_reserve(w, 4 + 4 * 29 + in_bytes)) {
		marshal_release(m);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	put_u16(w, wire_types);
	put_u16(w, 0);
	for (int i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT && op; i++) {
		const TEEC_Parameter *p = &op->params[i];

		switch (m->wire[i]) {
		case SLOT_NONE:
			break;
		case SLOT_VALUE_INPUT:
		case SLOT_VALUE_INOUT:
			put_u64(w, p->value.a);
			put_u64(w, p->value.b);
			put_u64(w, 0);
			break;
		case SLOT_VALUE_OUTPUT:
			put_u64(w, 0);
			put_u64(w, 0);
			put_u64(w, 0);
			break;
		case SLOT_TMEM_INPUT:
		case SLOT_TMEM_INOUT:
			put_u64(w, p->tmpref.size);
			put_u8(w, p->tmpref.buffer ? 0 : 1);
			put_bytes(w, p->tmpref.buffer, p->tmpref.size);
			break;
		case SLOT_TMEM_OUTPUT:
			put_u64(w, p->tmpref.size);
			put_u8(w, p->tmpref.buffer ? 0 : 1);
			break;
		default: { /* RMEM */
			struct segment *s = &m->seg[i]->seg;

			if (s->shadow && m->wire[i] != SLOT_RMEM_OUTPUT && m->size[i])
				memcpy((uint8_t *)s->map + m->offset[i],
				       (const uint8_t *)s->user_buffer + m->offset[i], m->size[i]);
			put_u32(w, (uint32_t)s->id);
			put_u64(w, m->offset[i]);
			put_u64(w, m->size[i]);
		}
		}
	}
	return TEEC_SUCCESS;
}

/*
 * Copies back what the TA wrote, as OP-TEE's library does after every completed call whatever
 * its result (docs/protocol.md, "Write-back rules").
 */
static bool write_back(TEEC_Operation *op, struct rbuf *r, const struct marshal *m)
{
	uint16_t types = get_u16(r);

	(void)get_u16(r);
	if (r->bad)
		return false;
	if (!op || types == 0)
		return true;
	for (int i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; i++) {
		uint8_t t = (uint8_t)((types >> (4 * i)) & 0xF);
		TEEC_Parameter *p = &op->params[i];

		if (t == 0)
			continue;
		if (t != m->wire[i]) {
			EMSG("protocol error: reply slot %d has type %u for request type %u", i, t,
			     m->wire[i]);
			return false;
		}
		switch (t) {
		case SLOT_VALUE_OUTPUT:
		case SLOT_VALUE_INOUT: {
			uint64_t a = get_u64(r);
			uint64_t b = get_u64(r);

			(void)get_u64(r);
			if (r->bad)
				return false;
			p->value.a = (uint32_t)a;
			p->value.b = (uint32_t)b;
			break;
		}
		case SLOT_TMEM_OUTPUT:
		case SLOT_TMEM_INOUT: {
			uint64_t size = get_u64(r);
			uint32_t n = get_u32(r);
			const uint8_t *bytes = get_bytes(r, n);

			if (r->bad)
				return false;
			if (n && n <= size && n <= m->size[i] && p->tmpref.buffer)
				memcpy(p->tmpref.buffer, bytes, n);
			p->tmpref.size = (size_t)size;
			break;
		}
		case SLOT_RMEM_OUTPUT:
		case SLOT_RMEM_INOUT: {
			uint64_t size = get_u64(r);

			if (r->bad)
				return false;
			const struct segment *s = &m->seg[i]->seg;

			/* as OP-TEE's library: the shadow is copied back when the size fits */
			if (s->shadow && size && size <= m->size[i])
				memcpy((uint8_t *)s->user_buffer + m->offset[i],
				       (const uint8_t *)s->map + m->offset[i], (size_t)size);
			p->memref.size = (size_t)size;
			break;
		}
		default:
			break; /* input slots carry nothing back */
		}
	}
	return true;
}

static void set_origin(uint32_t *origin, uint32_t value)
{
	if (origin)
		*origin = value;
}

static void uuid_octets(struct wbuf *w, const TEEC_UUID *u)
{
	uint8_t b[16] = {
		(uint8_t)(u->timeLow >> 24), (uint8_t)(u->timeLow >> 16),
		(uint8_t)(u->timeLow >> 8), (uint8_t)u->timeLow,
		(uint8_t)(u->timeMid >> 8), (uint8_t)u->timeMid,
		(uint8_t)(u->timeHiAndVersion >> 8), (uint8_t)u->timeHiAndVersion,
	};

	memcpy(b + 8, u->clockSeqAndNode, 8);
	put_bytes(w, b, sizeof(b));
}

/*
 * The common part of an open and an invoke, whose header fields w already holds: marshals op,
 * sends, waits, and writes back. For an open, *session_id receives the new session's id (it
 * follows result and origin in the reply). Releases c.
 */
static TEEC_Result run_operation(struct teec_conn *c, struct wbuf *w, uint64_t id,
				 TEEC_Operation *op, uint32_t *session_id, uint32_t *returnOrigin)
{
	struct marshal m;
	TEEC_Result res = marshal(c, op, w, &m);

	if (res) {
		wbuf_free(w);
		conn_release(c);
		return res; /* origin API */
	}
	frame_end(w);
	struct reply r;
	uint32_t rc = conn_call(c, w, id, op, -1, &r);

	wbuf_free(w);
	if (rc) {
		/* nothing was sent for want of memory: the library's own failure */
		set_origin(returnOrigin, rc == TEEC_ERROR_OUT_OF_MEMORY ? TEEC_ORIGIN_API
								    : TEEC_ORIGIN_COMMS);
		marshal_release(&m);
		conn_release(c);
		return rc;
	}
	struct rbuf in = { .data = r.body, .len = r.len };
	uint32_t origin;

	res = get_u32(&in);
	origin = get_u32(&in);
	if (session_id)
		*session_id = get_u32(&in);
	if (in.bad || !write_back(op, &in, &m)) {
		/* a reply that breaks the protocol: the connection can no longer be trusted */
		EMSG("protocol error in the reply of the jtee core at %s; closing the connection",
		     c->socket_path);
		conn_shutdown(c);
		res = TEEC_ERROR_COMMUNICATION;
		origin = TEEC_ORIGIN_COMMS;
	}
	free(r.body);
	marshal_release(&m);
	conn_release(c);
	set_origin(returnOrigin, origin);
	return res;
}

TEEC_Result TEEC_OpenSession(TEEC_Context *ctx, TEEC_Session *session,
			     const TEEC_UUID *destination, uint32_t connectionMethod,
			     const void *connectionData, TEEC_Operation *op,
			     uint32_t *returnOrigin)
{
	set_origin(returnOrigin, TEEC_ORIGIN_API);
	if (!ctx || !session || !destination)
		return TEEC_ERROR_BAD_PARAMETERS;
	uint32_t group = 0;

	if (connectionMethod == TEEC_LOGIN_GROUP ||
	    connectionMethod == TEEC_LOGIN_GROUP_APPLICATION) {
		if (!connectionData) {
			EMSG("a GROUP login needs the group id as connection data");
			return TEEC_ERROR_BAD_PARAMETERS;
		}
		gid_t gid;

		memcpy(&gid, connectionData, sizeof(gid));
		group = (uint32_t)gid;
	}
	if (op)
		op->imp.session = NULL; /* an open cannot be found through a session */
	struct teec_conn *c = conn_acquire(ctx);

	if (!c) {
		EMSG("the context is not initialized, or was finalized");
		set_origin(returnOrigin, TEEC_ORIGIN_COMMS);
		return TEEC_ERROR_COMMUNICATION;
	}
	struct wbuf w = { 0 };
	uint64_t id = conn_next_id(c);
	uint32_t session_id = 0;

	frame_begin(&w, WIRE_OPEN_SESSION, id);
	uuid_octets(&w, destination);
	put_u32(&w, connectionMethod);
	put_u32(&w, group);
	TEEC_Result res = run_operation(c, &w, id, op, &session_id, returnOrigin);

	if (res == TEEC_SUCCESS) {
		session->imp.ctx = ctx;
		session->imp.session_id = session_id;
	}
	return res;
}

void TEEC_CloseSession(TEEC_Session *session)
{
	if (!session || !session->imp.ctx)
		return;
	struct teec_conn *c = conn_acquire(session->imp.ctx);

	if (!c)
		return; /* the context was finalized: the core closed the session then */
	struct wbuf w = { 0 };
	uint64_t id = conn_next_id(c);
	struct reply r;

	frame_begin(&w, WIRE_CLOSE_SESSION, id);
	put_u32(&w, session->imp.session_id);
	frame_end(&w);
	if (conn_call(c, &w, id, NULL, -1, &r) == 0)
		free(r.body); /* ITEM_NOT_FOUND for a session closed twice: nothing to do */
	wbuf_free(&w);
	conn_release(c);
}

TEEC_Result TEEC_InvokeCommand(TEEC_Session *session, uint32_t commandID, TEEC_Operation *op,
			       uint32_t *returnOrigin)
{
	set_origin(returnOrigin, TEEC_ORIGIN_API);
	if (!session || !session->imp.ctx)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (op)
		op->imp.session = session;
	struct teec_conn *c = conn_acquire(session->imp.ctx);

	if (!c) {
		EMSG("the session's context is not initialized, or was finalized");
		set_origin(returnOrigin, TEEC_ORIGIN_COMMS);
		return TEEC_ERROR_COMMUNICATION;
	}
	struct wbuf w = { 0 };
	uint64_t id = conn_next_id(c);

	frame_begin(&w, WIRE_INVOKE, id);
	put_u32(&w, session->imp.session_id);
	put_u32(&w, commandID);
	return run_operation(c, &w, id, op, NULL, returnOrigin);
}

static void send_cancel(struct teec_conn *c, uint64_t target)
{
	struct wbuf w = { 0 };
	uint64_t id = conn_next_id(c);
	struct reply r;

	frame_begin(&w, WIRE_CANCEL, id);
	put_u64(&w, target);
	frame_end(&w);
	if (conn_call(c, &w, id, NULL, -1, &r) == 0)
		free(r.body); /* ITEM_NOT_FOUND: the call had ended already */
	wbuf_free(&w);
}

void TEEC_RequestCancellation(TEEC_Operation *op)
{
	if (!op)
		return;
	TEEC_Session *session = op->imp.session;
	struct teec_conn *c = NULL;
	uint64_t target = 0;

	if (session && session->imp.ctx) {
		c = conn_acquire(session->imp.ctx);
		if (c)
			target = conn_find_call(c, op);
	} else {
		/* an open: look for the operation on every connection */
		pthread_mutex_lock(&registry_lock);
		for (struct conn_entry *e = conns; e && !target; e = e->next) {
			target = conn_find_call(e->conn, op);
			if (target) {
				c = e->conn;
				c->refs++;
			}
		}
		pthread_mutex_unlock(&registry_lock);
	}
	if (c && target)
		send_cancel(c, target);
	if (c)
		conn_release(c);
}
