/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by xtcp's C selftests.
 */
#ifndef _XTCP_SELFTEST_LIB_H
#define _XTCP_SELFTEST_LIB_H

#include <stdio.h>

#include <linux/xtcp.h>

/*
 * The address family the loaded module registered, from sysfs; the default
 * number when the module is not loaded (socket() then fails with
 * EAFNOSUPPORT, which the caller sees).
 */
static inline int xtcp_family(void)
{
	FILE *f = fopen(XTCP_FAMILY_SYSFS, "r");
	int family = AF_XTCP_DEFAULT;

	if (f) {
		if (fscanf(f, "%d", &family) != 1)
			family = AF_XTCP_DEFAULT;
		fclose(f);
	}
	return family;
}

#endif /* _XTCP_SELFTEST_LIB_H */
