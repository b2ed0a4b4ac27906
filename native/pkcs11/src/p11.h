/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internals of libjtee-pkcs11.so, the PKCS#11 module over OP-TEE's PKCS#11 TA ABI
 * (docs/pkcs11.md; the ABI: OP-TEE's ta/pkcs11, summarised in the reference the TA follows).
 *
 * Layers, bottom up:
 *   wire.c      the control-buffer encoding: little-endian u32 fields, attribute templates,
 *               mechanism parameters, GetAttributeValue's round trip, the TA's info structures
 *   call.c      one TA command: status word and TEE result to CK_RV, the output-size protocol
 *   teec.c      the transport: one TEE context and session per C_Initialize, and a pool of
 *               shared-memory channels so that a call copies its data once and allocates nothing
 *   module.c    C_Initialize/C_Finalize, the entry guard (initialised, same process), locking
 *   api_*.c     the PKCS#11 functions
 */
#ifndef JTEE_P11_H
#define JTEE_P11_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jtee/pkcs11.h>

#define P11_EXPORT __attribute__((visibility("default")))

/* ---- The TA's command IDs (OP-TEE's pkcs11_ta.h numbering) --------------------------------- */

enum p11_cmd {
	P11_CMD_PING = 0,
	P11_CMD_SLOT_LIST = 1,
	P11_CMD_SLOT_INFO = 2,
	P11_CMD_TOKEN_INFO = 3,
	P11_CMD_MECHANISM_IDS = 4,
	P11_CMD_MECHANISM_INFO = 5,
	P11_CMD_OPEN_SESSION = 6,
	P11_CMD_CLOSE_SESSION = 7,
	P11_CMD_CLOSE_ALL_SESSIONS = 8,
	P11_CMD_SESSION_INFO = 9,
	P11_CMD_INIT_TOKEN = 10,
	P11_CMD_INIT_PIN = 11,
	P11_CMD_SET_PIN = 12,
	P11_CMD_LOGIN = 13,
	P11_CMD_LOGOUT = 14,
	P11_CMD_CREATE_OBJECT = 15,
	P11_CMD_DESTROY_OBJECT = 16,
	P11_CMD_ENCRYPT_INIT = 17,
	P11_CMD_DECRYPT_INIT = 18,
	P11_CMD_ENCRYPT_UPDATE = 19,
	P11_CMD_DECRYPT_UPDATE = 20,
	P11_CMD_ENCRYPT_FINAL = 21,
	P11_CMD_DECRYPT_FINAL = 22,
	P11_CMD_ENCRYPT_ONESHOT = 23,
	P11_CMD_DECRYPT_ONESHOT = 24,
	P11_CMD_SIGN_INIT = 25,
	P11_CMD_VERIFY_INIT = 26,
	P11_CMD_SIGN_UPDATE = 27,
	P11_CMD_VERIFY_UPDATE = 28,
	P11_CMD_SIGN_FINAL = 29,
	P11_CMD_VERIFY_FINAL = 30,
	P11_CMD_SIGN_ONESHOT = 31,
	P11_CMD_VERIFY_ONESHOT = 32,
	P11_CMD_GENERATE_KEY = 33,
	P11_CMD_FIND_OBJECTS_INIT = 34,
	P11_CMD_FIND_OBJECTS = 35,
	P11_CMD_FIND_OBJECTS_FINAL = 36,
	P11_CMD_GET_OBJECT_SIZE = 37,
	P11_CMD_GET_ATTRIBUTE_VALUE = 38,
	P11_CMD_SET_ATTRIBUTE_VALUE = 39,
	P11_CMD_COPY_OBJECT = 40,
	P11_CMD_SEED_RANDOM = 41,
	P11_CMD_GENERATE_RANDOM = 42,
	P11_CMD_DERIVE_KEY = 43,
	P11_CMD_RELEASE_ACTIVE_PROCESSING = 44,
	P11_CMD_DIGEST_INIT = 45,
	P11_CMD_DIGEST_KEY = 46,
	P11_CMD_DIGEST_UPDATE = 47,
	P11_CMD_DIGEST_FINAL = 48,
	P11_CMD_DIGEST_ONESHOT = 49,
	P11_CMD_GENERATE_KEY_PAIR = 50,
	P11_CMD_WRAP_KEY = 51,
	P11_CMD_UNWRAP_KEY = 52,
	/* jtee's additions for PKCS#11 3.2 key encapsulation (docs/pkcs11.md) */
	P11_CMD_ENCAPSULATE_KEY = 53,
	P11_CMD_DECAPSULATE_KEY = 54,
};

/* Sizes of the TA's fixed output structures (bytes). */
#define P11_SLOT_INFO_BYTES 104
#define P11_TOKEN_INFO_BYTES 160
#define P11_SESSION_INFO_BYTES 16
#define P11_MECHANISM_INFO_BYTES 12
#define P11_PING_BYTES 12

/* The 32-bit "unavailable" marker of the wire. */
#define P11_UNAVAILABLE32 0xFFFFFFFFu

/* ---- wire.c: the control buffer ------------------------------------------------------------ */

/* Bytes a buffer holds on the stack before it moves to the heap. */
#define P11_BUF_LOCAL 512
/* The largest control buffer the module builds (templates and parameters together). */
#define P11_MAX_CONTROL_BYTES (64u << 20)

/*
 * A growing byte string for one control buffer. Errors are sticky: after the first failure
 * every append does nothing and `rv` says why, so a serialiser checks once at the end.
 * p11_buf_free wipes what was written (PINs and key values travel here).
 */
struct p11_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
	CK_RV rv;
	uint8_t local[P11_BUF_LOCAL];
};

void p11_buf_init(struct p11_buf *b);
void p11_buf_free(struct p11_buf *b);
void p11_buf_fail(struct p11_buf *b, CK_RV rv);
uint8_t *p11_buf_reserve(struct p11_buf *b, size_t n);
void p11_buf_u32(struct p11_buf *b, uint32_t v);
void p11_buf_bytes(struct p11_buf *b, const void *p, size_t n);
void p11_put_u32(uint8_t *at, uint32_t v);
uint32_t p11_get_u32(const uint8_t *at);

/* CK_ULONG to the wire's u32; false when it does not fit. CK_UNAVAILABLE_INFORMATION fits. */
bool p11_u32(CK_ULONG v, uint32_t *out);
/* The wire's u32 back to CK_ULONG (0xFFFFFFFF becomes CK_UNAVAILABLE_INFORMATION). */
CK_ULONG p11_ulong(uint32_t v);

/* Attribute types whose CK_ULONG value crosses as a u32. */
bool p11_attr_is_ulong(CK_ATTRIBUTE_TYPE type);
/* Nested templates (CKA_WRAP/UNWRAP/DERIVE_TEMPLATE). */
bool p11_attr_is_nested(CK_ATTRIBUTE_TYPE type);

/* Appends a template (ATTRS: head, then records); count > 0 needs attrs. */
void p11_ser_template(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count);
/* Appends a mechanism (MECH: id, parameter size, parameter blob). */
void p11_ser_mechanism(struct p11_buf *b, const CK_MECHANISM *mech);

/* C_GetAttributeValue: the query template offers each attribute's room (ABI §4.5). */
void p11_ser_gav_template(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count);
/* Writes the TA's answer back into the application's template; returns the merged CK_RV. */
CK_RV p11_gav_decode(CK_RV ta_rv, const uint8_t *out, size_t out_len, CK_ATTRIBUTE *attrs,
		     CK_ULONG count);

void p11_decode_slot_info(const uint8_t *in, CK_SLOT_INFO *info);
void p11_decode_token_info(const uint8_t *in, CK_TOKEN_INFO *info);
void p11_decode_session_info(const uint8_t *in, CK_SESSION_INFO *info);
void p11_decode_mechanism_info(const uint8_t *in, CK_MECHANISM_INFO *info);

/* ---- call.c and the backends: one TA command -------------------------------------------- */

enum p11_p2 { P11_P2_NONE, P11_P2_OUT, P11_P2_IN };

/*
 * One invocation as the backend sees it. p0 is the control buffer (in/out, the status word
 * comes back in it), p1 an optional input, p2 an output (capacity p2_len) or a second input.
 */
struct p11_exchange {
	uint32_t cmd;
	const uint8_t *ctl;
	size_t ctl_len;
	const void *p1;
	size_t p1_len;
	bool p1_present;
	bool p1_output;      /* p1 is an output of p1_len bytes instead (ENCAPSULATE_KEY) */
	enum p11_p2 p2_type;
	const void *p2_in;   /* P11_P2_IN: the bytes */
	size_t p2_len;       /* P11_P2_IN: their length; P11_P2_OUT: the capacity offered */
	/* set by the backend */
	uint8_t status[4];
	size_t status_len;   /* size the TA gave p0 */
	const uint8_t *p1_out; /* p1_output: the TA's bytes, valid until done() */
	size_t p1_out_len;   /* size the TA gave p1 */
	const uint8_t *p2_out; /* P11_P2_OUT: the TA's bytes, valid until done() */
	size_t p2_out_len;   /* size the TA gave p2 */
	void *backend_state;
};

/* The largest channel (teec.c) kept in the pool between calls; a larger one is freed after its
 * call. Pieces of multi-part input are cut to fit one kept channel. */
#define P11_CHANNEL_KEEP_BYTES (8u << 20)

/* Where calls go: the TEE (teec.c), or a fake TA in the unit tests. */
struct p11_backend {
	CK_RV (*open)(void);
	/* forget: the process is a fork's child; drop the state without touching the TEE */
	void (*close)(bool forget);
	/* Returns the TEEC result; fills status, status_len, p2_out and p2_out_len. */
	uint32_t (*invoke)(struct p11_exchange *x);
	void (*done)(struct p11_exchange *x);
};

extern const struct p11_backend p11_teec_backend;
/* Tests only: route calls to another backend (NULL: back to the TEE). */
void p11_set_backend(const struct p11_backend *backend);
const struct p11_backend *p11_backend(void);

/* What a command sends and receives besides its control buffer. */
struct p11_io {
	const void *in;         /* p1 */
	size_t in_len;
	bool in_present;
	void *in_out;           /* instead: p1 is an output of in_len bytes, copied here on CKR_OK */
	enum p11_p2 p2_type;
	const void *p2_in;      /* P11_P2_IN */
	size_t p2_in_len;
	void *out;              /* P11_P2_OUT: where the bytes go; NULL copies nothing */
	size_t out_cap;         /* P11_P2_OUT: capacity offered to the TA */
	size_t out_len;         /* result: the size the TA reported */
	/* P11_P2_OUT: called on the TA's bytes in place instead of copying them to out */
	CK_RV (*sink)(void *ctx, CK_RV rv, const uint8_t *bytes, size_t len);
	void *sink_ctx;
};

/* Sends cmd with the control buffer ctl; maps the TEE result and status word to a CK_RV. */
CK_RV p11_call(uint32_t cmd, struct p11_buf *ctl, struct p11_io *io);
/* Maps a TEEC result and the returned p0 to the CK_RV the application gets (ABI §2.2). */
CK_RV p11_status(uint32_t teec_result, const uint8_t status[4], size_t status_len);

/*
 * The output-size protocol (ABI §2.3) of a command whose output goes to the application's
 * (out, *out_len): NULL out is a size query. Retries with the real capacity when a clamped
 * offer was too small. `len_hint` bounds the first offer.
 */
CK_RV p11_call_out(uint32_t cmd, struct p11_buf *ctl, struct p11_io *io, CK_BYTE_PTR out,
		   CK_ULONG_PTR out_len, size_t len_hint);

/* ---- module.c ------------------------------------------------------------------------------ */

/* The entry guard: CKR_CRYPTOKI_NOT_INITIALIZED unless initialised in this process. */
CK_RV p11_enter(void);
void p11_leave(void);

#define P11_GUARDED(expr)                      \
	do {                                    \
		CK_RV guard_rv_ = p11_enter();  \
		if (guard_rv_ != CKR_OK)        \
			return guard_rv_;       \
		guard_rv_ = (expr);             \
		p11_leave();                    \
		return guard_rv_;               \
	} while (0)

/* A function the module does not provide: CKR_FUNCTION_NOT_SUPPORTED once initialised. */
#define P11_NOT_SUPPORTED(name, params, ...)             \
	P11_EXPORT CK_RV name params                     \
	{                                                \
		(void)0, __VA_ARGS__;                    \
		P11_GUARDED(CKR_FUNCTION_NOT_SUPPORTED); \
	}

/* The application's locking (C_Initialize's callbacks) or pthread's. */
void *p11_mutex_new(void);
void p11_mutex_free(void *m);
void p11_mutex_lock(void *m);
void p11_mutex_unlock(void *m);

/* ---- helpers shared by the api_*.c files ---------------------------------------------- */

/* A u32 session handle, or CKR_SESSION_HANDLE_INVALID. */
CK_RV p11_session(CK_SESSION_HANDLE h, uint32_t *out);
/* A u32 object handle, or `invalid`. */
CK_RV p11_handle(CK_OBJECT_HANDLE h, CK_RV invalid, uint32_t *out);
/* Sends a command whose control buffer is one session handle and whose p2 is absent. */
CK_RV p11_session_cmd(uint32_t cmd, CK_SESSION_HANDLE h);
/* Sends a command with a fixed-size output of exactly n bytes into out. */
CK_RV p11_call_fixed(uint32_t cmd, struct p11_buf *ctl, void *out, size_t n);
/* Releases the active operation of the function that cmd belongs to (errors ignored). */
void p11_release_operation(uint32_t session, uint32_t cmd);

extern CK_FUNCTION_LIST p11_function_list;
extern CK_FUNCTION_LIST_3_0 p11_function_list_3_0;

#endif /* JTEE_P11_H */
