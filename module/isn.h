/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initial sequence numbers (RFC 6528) and timestamp offsets (RFC 7323 5.4).
 */
#ifndef _XTCP_ISN_H
#define _XTCP_ISN_H

#include <linux/types.h>

void xtcp_isn_init(void);
u32 xtcp_isn(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
u32 xtcp_ts_offset(__be32 saddr, __be32 daddr);
u32 xtcp_ts_clock(void);

#endif /* _XTCP_ISN_H */
