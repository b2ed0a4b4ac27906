/* SPDX-License-Identifier: Apache-2.0 */
/* The layout numbers of p11-kit's PKCS#11 header (p11_layout.h). */
#include <string.h>

#include <p11-kit/pkcs11.h>

#include "p11_layout.h"

size_t layout_p11kit(size_t *out)
{
	static const size_t numbers[] = {
		LAYOUT_MEMBERS(LAYOUT_MEMBER) LAYOUT_SIZES(LAYOUT_SIZE) LAYOUT_FUNCTIONS(LAYOUT_FUNCTION)
	};

	memcpy(out, numbers, sizeof(numbers));
	return sizeof(numbers) / sizeof(numbers[0]);
}
