/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registration of the AF_XTCP address family and its protosw table.
 */
#ifndef _XTCP_AF_XTCP_H
#define _XTCP_AF_XTCP_H

int xtcp_family_register(int family);
void xtcp_family_unregister(void);

#endif /* _XTCP_AF_XTCP_H */
