/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One TA command (ABI §2): the control buffer goes in p0 and comes back holding exactly the
 * 4-byte status word; p1 carries input data, p2 output data (or, for verification, the
 * signature). The TA's status word is the CK_RV, except that CKR_BUFFER_TOO_SMALL travels as
 * TEEC_ERROR_SHORT_BUFFER, whose p2 size is the size the output needs.
 */
#include <string.h>

#include <tee_client_api.h>

#include "p11.h"

/* What a first offer of output room is bounded by, unless the input suggests more. */
#define P11_OUT_DEFAULT (64u << 10)
/* The most output one call offers (the channel is shared memory of about that size). */
#define P11_MAX_OUT (256u << 20)

static const struct p11_backend *current = &p11_teec_backend;

void p11_set_backend(const struct p11_backend *backend)
{
	current = backend ? backend : &p11_teec_backend;
}

const struct p11_backend *p11_backend(void)
{
	return current;
}

CK_RV p11_status(uint32_t teec_result, const uint8_t status[4], size_t status_len)
{
	switch (teec_result) {
	case TEEC_SUCCESS:
		return status_len == 4 ? (CK_RV)p11_get_u32(status) : CKR_GENERAL_ERROR;
	case TEEC_ERROR_SHORT_BUFFER:
		return CKR_BUFFER_TOO_SMALL;
	case TEEC_ERROR_OUT_OF_MEMORY:
		return CKR_DEVICE_MEMORY;
	case TEEC_ERROR_COMMUNICATION:
	case TEEC_ERROR_TARGET_DEAD:
		return CKR_DEVICE_ERROR;
	default:
		return CKR_GENERAL_ERROR;
	}
}

/* Hands p2's bytes to the caller: to its sink, or copied to io->out when they fit. */
static CK_RV take_output(struct p11_io *io, CK_RV rv, const struct p11_exchange *x)
{
	io->out_len = x->p2_out_len;
	if (io->sink)
		return io->sink(io->sink_ctx, rv, x->p2_out,
				x->p2_out_len < io->out_cap ? x->p2_out_len : io->out_cap);
	if (rv != CKR_OK && rv != CKR_BUFFER_TOO_SMALL)
		return rv;
	if (x->p2_out_len > io->out_cap)
		return rv == CKR_OK ? CKR_DEVICE_ERROR : rv; /* OK with more than was offered */
	if (io->out && x->p2_out_len)
		memcpy(io->out, x->p2_out, x->p2_out_len);
	return rv;
}

CK_RV p11_call(uint32_t cmd, struct p11_buf *ctl, struct p11_io *io)
{
	if (ctl->rv != CKR_OK)
		return ctl->rv;
	struct p11_exchange x = {
		.cmd = cmd, .ctl = ctl->data, .ctl_len = ctl->len,
		.p1 = io->in, .p1_len = io->in_len, .p1_present = io->in_present || io->in_out,
		.p1_output = io->in_out != NULL, .p2_type = io->p2_type,
	};

	if (io->p2_type == P11_P2_IN) {
		x.p2_in = io->p2_in;
		x.p2_len = io->p2_in_len;
	} else if (io->p2_type == P11_P2_OUT) {
		x.p2_len = io->out_cap;
	}
	uint32_t res = current->invoke(&x);
	CK_RV rv = p11_status(res, x.status, x.status_len);

	if (io->p2_type == P11_P2_OUT && (res == TEEC_SUCCESS || res == TEEC_ERROR_SHORT_BUFFER))
		rv = take_output(io, rv, &x);
	if (io->in_out && rv == CKR_OK) {
		if (x.p1_out_len == io->in_len)
			memcpy(io->in_out, x.p1_out, io->in_len);
		else
			rv = CKR_DEVICE_ERROR;
	}
	current->done(&x);
	return rv;
}

CK_RV p11_call_out(uint32_t cmd, struct p11_buf *ctl, struct p11_io *io, CK_BYTE_PTR out,
		   CK_ULONG_PTR out_len, size_t len_hint)
{
	CK_ULONG room = out ? *out_len : 0;
	size_t first = len_hint > P11_OUT_DEFAULT ? len_hint : P11_OUT_DEFAULT;

	if (first > P11_MAX_OUT)
		first = P11_MAX_OUT;
	io->p2_type = P11_P2_OUT;
	io->out = out;
	io->out_cap = room < first ? (size_t)room : first;
	CK_RV rv = p11_call(cmd, ctl, io);

	/* the first offer was bounded below the application's room: offer what is needed */
	if (rv == CKR_BUFFER_TOO_SMALL && out && io->out_cap < room && io->out_len <= room &&
	    io->out_len <= P11_MAX_OUT) {
		io->out_cap = io->out_len;
		rv = p11_call(cmd, ctl, io);
	}
	if (rv == CKR_OK || rv == CKR_BUFFER_TOO_SMALL)
		*out_len = io->out_len;
	if (rv == CKR_BUFFER_TOO_SMALL && !out)
		rv = CKR_OK; /* a size query */
	return rv;
}

CK_RV p11_session(CK_SESSION_HANDLE h, uint32_t *out)
{
	return p11_u32(h, out) && *out != P11_UNAVAILABLE32 ? CKR_OK : CKR_SESSION_HANDLE_INVALID;
}

CK_RV p11_handle(CK_OBJECT_HANDLE h, CK_RV invalid, uint32_t *out)
{
	return p11_u32(h, out) && *out != P11_UNAVAILABLE32 ? CKR_OK : invalid;
}

CK_RV p11_session_cmd(uint32_t cmd, CK_SESSION_HANDLE h)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	rv = p11_call(cmd, &b, &io);
	p11_buf_free(&b);
	return rv;
}

CK_RV p11_call_fixed(uint32_t cmd, struct p11_buf *ctl, void *out, size_t n)
{
	struct p11_io io = { .p2_type = P11_P2_OUT, .out = out, .out_cap = n };
	CK_RV rv = p11_call(cmd, ctl, &io);

	if (rv == CKR_OK && io.out_len != n)
		return CKR_DEVICE_ERROR;
	return rv;
}

void p11_release_operation(uint32_t session, uint32_t cmd)
{
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, session);
	p11_buf_u32(&b, cmd);
	(void)p11_call(P11_CMD_RELEASE_ACTIVE_PROCESSING, &b, &io);
	p11_buf_free(&b);
}
