/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Congestion control as an ops table: loss recovery (ack.c) asks the
 * connection's algorithm how to grow the window and where to cut it; a new
 * algorithm is one file that fills in struct xtcp_cong_ops and registers it.
 */
#ifndef _XTCP_CONG_H
#define _XTCP_CONG_H

#include <linux/list.h>
#include <net/sock.h>

#define XTCP_CONG_NAME_MAX	16
/* RFC 6928's initial window, Linux's TCP_INIT_CWND. */
#define XTCP_INIT_CWND_SEGS	10

/**
 * struct xtcp_cong_ops - a congestion control algorithm
 * @name: what TCP_CONGESTION and the congestion_control parameter call it
 * @init: (optional) a connection starts using it; sk locked
 * @ssthresh: the new slow start threshold, in bytes, when loss is detected
 *	(fast retransmit or timeout); it must be at least 2 * MSS
 * @cong_avoid: @acked bytes were newly acknowledged outside loss recovery;
 *	grow snd_cwnd (slow start below snd_ssthresh, avoidance above)
 * @restart: (optional) the window was cut back after an idle period
 * @owner: the module it lives in
 * @list: link in the list of registered algorithms
 */
struct xtcp_cong_ops {
	char name[XTCP_CONG_NAME_MAX];
	void (*init)(struct sock *sk);
	u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, u32 acked);
	void (*restart)(struct sock *sk);
	struct module *owner;
	struct list_head list;
};

int xtcp_cong_register(struct xtcp_cong_ops *ops);
void xtcp_cong_unregister(struct xtcp_cong_ops *ops);
void xtcp_cong_init_sock(struct sock *sk);
void xtcp_cong_put(struct sock *sk);
int xtcp_cong_set(struct sock *sk, const char *name);
int xtcp_cong_init(void);
void xtcp_cong_exit(void);

u32 xtcp_flight_size(const struct sock *sk);

extern struct xtcp_cong_ops xtcp_newreno;
extern struct xtcp_cong_ops xtcp_cubic_ops;

#endif /* _XTCP_CONG_H */
