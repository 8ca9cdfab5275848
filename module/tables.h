/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp's connection tables: bound ports, listeners, and established
 * connections, shared by all network namespaces (every key includes the
 * namespace).
 */
#ifndef _XTCP_TABLES_H
#define _XTCP_TABLES_H

#include <net/sock.h>

int xtcp_tables_init(void);
void xtcp_tables_exit(void);
unsigned int xtcp_ehash_size(void);

int xtcp_bind_port(struct sock *sk, __be32 addr, u16 port);
void xtcp_bind_child(struct sock *child, u16 port);
int xtcp_bind_ephemeral(struct sock *sk, __be32 daddr, __be16 dport);
int xtcp_bind_listen(struct sock *sk);
void xtcp_unbind(struct sock *sk);

void xtcp_listen_hash(struct sock *sk);
void xtcp_listen_unhash(struct sock *sk);
struct sock *xtcp_lookup_listener(struct net *net, __be32 saddr, __be16 sport,
				  __be32 daddr, u16 dport, int dif);

int xtcp_ehash_insert(struct sock *sk);
void xtcp_ehash_remove(struct sock *sk);
struct sock *xtcp_lookup_established(struct net *net, __be32 saddr,
				     __be16 sport, __be32 daddr, u16 dport);

void xtcp_for_each_sock(struct net *net, void (*fn)(struct sock *sk, void *arg),
			void *arg);

#endif /* _XTCP_TABLES_H */
