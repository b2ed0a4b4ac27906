/* SPDX-License-Identifier: Apache-2.0 */
/* OP-TEE's extension of the GP TEE Client API, as jtee's libteec.so.2 implements it. */
#ifndef TEE_CLIENT_API_EXTENSIONS_H
#define TEE_CLIENT_API_EXTENSIONS_H

#include <tee_client_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Registers the file behind descriptor fd as shared memory, without a copy: a memfd or a file on
 * tmpfs, owned by the caller. The core maps the same file; sharedMem->size becomes the file's
 * size and sharedMem->buffer NULL (map fd yourself to reach the bytes). A descriptor the core
 * cannot share (a pipe, a file on disk, another user's file) gets TEEC_ERROR_BAD_PARAMETERS.
 */
TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context *context,
						    TEEC_SharedMemory *sharedMem,
						    int fd);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_EXTENSIONS_H */
