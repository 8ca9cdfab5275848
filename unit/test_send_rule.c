// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/send_rule.h: the peer's window, the
 * congestion window, Nagle's algorithm and the cork.
 */
#include "kselftest_harness.h"

#include "core/send_rule.h"

TEST(send_rule__peer_window)
{
	/* [SND.UNA, SND.UNA + SND.WND]: the last byte may end at the edge. */
	EXPECT_TRUE(xtcp_send_in_rwnd(2000, false, 1000, 1000));
	EXPECT_FALSE(xtcp_send_in_rwnd(2001, false, 1000, 1000));
	/* The FIN takes no room in the window. */
	EXPECT_TRUE(xtcp_send_in_rwnd(2001, true, 1000, 1000));
	/* A closed window: only a bare FIN at SND.UNA. */
	EXPECT_FALSE(xtcp_send_in_rwnd(1001, false, 1000, 0));
	EXPECT_TRUE(xtcp_send_in_rwnd(1001, true, 1000, 0));
	/* Across the wrap. */
	EXPECT_TRUE(xtcp_send_in_rwnd(0x100, false, 0xffffff00, 0x200));
	EXPECT_FALSE(xtcp_send_in_rwnd(0x101, false, 0xffffff00, 0x200));
}

TEST(send_rule__congestion_window)
{
	EXPECT_TRUE(xtcp_send_in_cwnd(0, 1448, 14480, true));
	EXPECT_TRUE(xtcp_send_in_cwnd(13032, 1448, 14480, false));
	EXPECT_FALSE(xtcp_send_in_cwnd(13033, 1448, 14480, false));
	/* One segment may always go when nothing is out... */
	EXPECT_TRUE(xtcp_send_in_cwnd(0, 65535, 1000, true));
	/* ...and only then. */
	EXPECT_FALSE(xtcp_send_in_cwnd(0, 65535, 1000, false));
	EXPECT_TRUE(xtcp_send_in_cwnd(0, 0, 0, false));
}

TEST(send_rule__nagle_and_cork)
{
	struct xtcp_nagle_view v = {
		.len = 100, .mss = 1448, .fin = false, .nonagle = 0,
		.last = true, .idle = false,
	};
	struct xtcp_nagle_view w;

	/* RFC 9293 3.7.4: a short segment waits while data is unacknowledged. */
	EXPECT_FALSE(xtcp_send_nagle_ok(&v));
	w = v; w.idle = true;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	/* A full segment, or a FIN, always goes. */
	w = v; w.len = 1448;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	w = v; w.fin = true;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	/* Not the last queued: it will not grow, it goes. */
	w = v; w.last = false;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	/* TCP_NODELAY. */
	w = v; w.nonagle = XTCP_NAGLE_OFF;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	/* The cork holds it even with nothing in flight, even with NODELAY... */
	w = v; w.nonagle = XTCP_NAGLE_CORK | XTCP_NAGLE_OFF; w.idle = true;
	EXPECT_FALSE(xtcp_send_nagle_ok(&w));
	/* ...until its time is up... */
	w.nonagle |= XTCP_NAGLE_PUSH;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	/* ...but never one that is not last (cut from a longer segment when
	 * the path MTU fell): it will not grow (Linux's tcp_write_xmit()).
	 */
	w = v; w.nonagle = XTCP_NAGLE_CORK; w.last = false;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
	/* mss 0 (never on a connection): every segment is full. */
	w = v; w.mss = 0;
	EXPECT_TRUE(xtcp_send_nagle_ok(&w));
}
