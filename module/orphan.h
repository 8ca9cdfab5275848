/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Orphans: connections their process closed that are still closing.  How
 * many there are, the limit on them, and what happens to one over it.
 */
#ifndef _XTCP_ORPHAN_H
#define _XTCP_ORPHAN_H

#include <net/sock.h>

int xtcp_orphan_init(void);
void xtcp_orphan_exit(void);

void xtcp_orphan_count(struct sock *sk);
void xtcp_orphan_uncount(struct sock *sk);
bool xtcp_orphan_check_oom(const struct sock *sk, unsigned int shift);
bool xtcp_orphan_out_of_resources(struct sock *sk, bool do_reset);
unsigned int xtcp_orphan_retry_limit(const struct sock *sk, bool alive);

#endif /* _XTCP_ORPHAN_H */
