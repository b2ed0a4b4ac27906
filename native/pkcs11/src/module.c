/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The module's life cycle (PKCS#11 3.0 §5.4): C_Initialize, C_Finalize, C_GetInfo, and the
 * guard every other function passes.
 *
 * State: DOWN -> (C_Initialize) UP -> (C_Finalize) CLOSING -> DOWN. A call enters by counting
 * itself in `active` and then checking that the module is UP and that this is the process that
 * initialised it; C_Finalize marks CLOSING and waits until no call is inside before it closes
 * the TEE session, so no call ever runs on a closed transport. The guard costs two atomic
 * operations and getpid(), and takes no lock: calls from many threads run at once.
 *
 * Fork: the child inherits an UP module whose TEE connection belongs to the parent. Every
 * function answers CKR_CRYPTOKI_NOT_INITIALIZED there until the child calls C_Initialize,
 * which forgets the parent's state (without touching the connection) and connects anew.
 *
 * Locking: C_Initialize's mutex callbacks when the application gives them without
 * CKF_OS_LOCKING_OK, pthread mutexes otherwise. The module only locks its channel pool.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "p11.h"

enum { STATE_DOWN, STATE_UP, STATE_CLOSING };

static atomic_int state = STATE_DOWN;
static atomic_long active;
static pid_t owner;
static pthread_mutex_t life_lock = PTHREAD_MUTEX_INITIALIZER;
static CK_C_INITIALIZE_ARGS app_locks; /* CreateMutex NULL: pthread */

CK_RV p11_enter(void)
{
	atomic_fetch_add(&active, 1);
	if (atomic_load(&state) != STATE_UP || getpid() != owner) {
		atomic_fetch_sub(&active, 1);
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	}
	return CKR_OK;
}

void p11_leave(void)
{
	atomic_fetch_sub(&active, 1);
}

/* ---- Mutexes ------------------------------------------------------------------------------ */

void *p11_mutex_new(void)
{
	void *m = NULL;

	if (app_locks.CreateMutex)
		return app_locks.CreateMutex(&m) == CKR_OK ? m : NULL;
	pthread_mutex_t *pm = malloc(sizeof(*pm));

	if (pm && pthread_mutex_init(pm, NULL) != 0) {
		free(pm);
		pm = NULL;
	}
	return pm;
}

void p11_mutex_free(void *m)
{
	if (app_locks.CreateMutex) {
		app_locks.DestroyMutex(m);
		return;
	}
	pthread_mutex_destroy(m);
	free(m);
}

void p11_mutex_lock(void *m)
{
	if (app_locks.CreateMutex)
		(void)app_locks.LockMutex(m);
	else
		pthread_mutex_lock(m);
}

void p11_mutex_unlock(void *m)
{
	if (app_locks.CreateMutex)
		(void)app_locks.UnlockMutex(m);
	else
		pthread_mutex_unlock(m);
}

/* ---- C_Initialize, C_Finalize ---------------------------------------------------------- */

/* Checks C_Initialize's argument and picks the locking (PKCS#11 3.0 §5.4, C_Initialize). */
static CK_RV read_init_args(const CK_C_INITIALIZE_ARGS *args)
{
	memset(&app_locks, 0, sizeof(app_locks));
	if (!args)
		return CKR_OK;
	if (args->pReserved)
		return CKR_ARGUMENTS_BAD;
	int given = !!args->CreateMutex + !!args->DestroyMutex + !!args->LockMutex +
		    !!args->UnlockMutex;

	if (given != 0 && given != 4)
		return CKR_ARGUMENTS_BAD;
	if (given == 4 && !(args->flags & CKF_OS_LOCKING_OK))
		app_locks = *args;
	return CKR_OK;
}

static CK_RV initialize(CK_VOID_PTR init_args)
{
	int s = atomic_load(&state);

	if (s != STATE_DOWN && owner == getpid())
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	if (s != STATE_DOWN) {
		/* a fork's child: the parent's connection is not ours to use or close */
		p11_backend()->close(true);
		atomic_store(&state, STATE_DOWN);
		atomic_store(&active, 0);
	}
	CK_RV rv = read_init_args(init_args);

	if (rv != CKR_OK)
		return rv;
	rv = p11_backend()->open();
	if (rv != CKR_OK)
		return rv;
	owner = getpid();
	atomic_store(&state, STATE_UP);
	return CKR_OK;
}

P11_EXPORT CK_RV C_Initialize(CK_VOID_PTR pInitArgs)
{
	pthread_mutex_lock(&life_lock);
	CK_RV rv = initialize(pInitArgs);

	pthread_mutex_unlock(&life_lock);
	return rv;
}

static void wait_for_calls(void)
{
	struct timespec pause = { 0, 100000 };

	for (int spins = 0; atomic_load(&active) != 0; spins++) {
		if (spins < 100)
			sched_yield();
		else
			nanosleep(&pause, NULL);
	}
}

P11_EXPORT CK_RV C_Finalize(CK_VOID_PTR pReserved)
{
	if (pReserved)
		return CKR_ARGUMENTS_BAD;
	pthread_mutex_lock(&life_lock);
	CK_RV rv = CKR_OK;

	if (atomic_load(&state) != STATE_UP || owner != getpid()) {
		rv = CKR_CRYPTOKI_NOT_INITIALIZED;
	} else {
		atomic_store(&state, STATE_CLOSING);
		wait_for_calls();
		p11_backend()->close(false);
		memset(&app_locks, 0, sizeof(app_locks));
		atomic_store(&state, STATE_DOWN);
	}
	pthread_mutex_unlock(&life_lock);
	return rv;
}

/* ---- C_GetInfo ---------------------------------------------------------------------------- */

static void blank_padded(CK_UTF8CHAR *field, size_t n, const char *text)
{
	size_t len = strlen(text);

	memset(field, ' ', n);
	memcpy(field, text, len < n ? len : n);
}

/* The library's answer; cryptoki is the version of the table the caller reached it through. */
static CK_RV get_info(CK_INFO_PTR info, CK_VERSION cryptoki)
{
	if (!info)
		return CKR_ARGUMENTS_BAD;
	memset(info, 0, sizeof(*info));
	info->cryptokiVersion = cryptoki;
	blank_padded(info->manufacturerID, sizeof(info->manufacturerID), "jtee");
	blank_padded(info->libraryDescription, sizeof(info->libraryDescription),
		     "jtee PKCS#11 module");
	info->libraryVersion = (CK_VERSION){ 0, 1 };
	return CKR_OK;
}

P11_EXPORT CK_RV C_GetInfo(CK_INFO_PTR pInfo)
{
	P11_GUARDED(get_info(pInfo, (CK_VERSION){ 3, 0 }));
}

/* C_GetInfo as the 2.40 table has it: the same library, reporting Cryptoki 2.40. */
CK_RV p11_get_info_v240(CK_INFO_PTR pInfo);
CK_RV p11_get_info_v240(CK_INFO_PTR pInfo)
{
	P11_GUARDED(get_info(pInfo, (CK_VERSION){ 2, 40 }));
}
