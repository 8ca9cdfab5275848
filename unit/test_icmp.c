// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/icmp.h: the ICMP error rules of Linux's
 * icmp_unreach(), tcp_v4_err(), tcp_req_err(), tcp_ld_RTO_revert() and
 * tcp_mtu_to_mss().
 */
#include "kselftest_harness.h"

#include "core/icmp.h"

TEST(icmp__error_types_are_the_four_that_quote_a_packet)
{
	unsigned int type, n = 0;

	for (type = 0; type < 256; type++)
		n += xtcp_icmp_is_error(type);
	EXPECT_EQ(4U, n);
	EXPECT_TRUE(xtcp_icmp_is_error(XTCP_ICMP_DEST_UNREACH));
	EXPECT_TRUE(xtcp_icmp_is_error(XTCP_ICMP_SOURCE_QUENCH));
	EXPECT_TRUE(xtcp_icmp_is_error(XTCP_ICMP_TIME_EXCEEDED));
	EXPECT_TRUE(xtcp_icmp_is_error(XTCP_ICMP_PARAMETERPROB));
	/* Echo reply, echo, redirect: not taken. */
	EXPECT_FALSE(xtcp_icmp_is_error(0));
	EXPECT_FALSE(xtcp_icmp_is_error(8));
	EXPECT_FALSE(xtcp_icmp_is_error(XTCP_ICMP_REDIRECT));
}

TEST(icmp__kinds_follow_type_and_code)
{
	unsigned int code;

	for (code = 0; code <= XTCP_ICMP_UNREACH_MAX; code++)
		EXPECT_EQ(code == XTCP_ICMP_FRAG_NEEDED ? XTCP_ICMP_KIND_PMTU :
			  XTCP_ICMP_KIND_UNREACH,
			  (int)xtcp_icmp_kind(XTCP_ICMP_DEST_UNREACH, code));
	/* Codes past the last defined one are dropped. */
	for (code = XTCP_ICMP_UNREACH_MAX + 1; code < 256; code++)
		EXPECT_EQ(XTCP_ICMP_KIND_IGNORE,
			  (int)xtcp_icmp_kind(XTCP_ICMP_DEST_UNREACH, code));
	EXPECT_EQ(XTCP_ICMP_KIND_TIME_EXCEEDED,
		  (int)xtcp_icmp_kind(XTCP_ICMP_TIME_EXCEEDED, 0));
	EXPECT_EQ(XTCP_ICMP_KIND_TIME_EXCEEDED,
		  (int)xtcp_icmp_kind(XTCP_ICMP_TIME_EXCEEDED, 1));
	EXPECT_EQ(XTCP_ICMP_KIND_PARAM_PROBLEM,
		  (int)xtcp_icmp_kind(XTCP_ICMP_PARAMETERPROB, 0));
	/* Source quench is deprecated (RFC 6633): TCP ignores it. */
	EXPECT_EQ(XTCP_ICMP_KIND_IGNORE,
		  (int)xtcp_icmp_kind(XTCP_ICMP_SOURCE_QUENCH, 0));
	EXPECT_EQ(XTCP_ICMP_KIND_IGNORE,
		  (int)xtcp_icmp_kind(XTCP_ICMP_REDIRECT, 1));
}

TEST(icmp__frag_mtu_follows_ip_no_pmtu_disc)
{
	u32 mtu = 99;

	EXPECT_TRUE(xtcp_icmp_frag_mtu(1280, 0, &mtu));
	EXPECT_EQ(1280U, mtu);
	/* 1: not believed, the route falls to its minimum. */
	EXPECT_TRUE(xtcp_icmp_frag_mtu(1280, 1, &mtu));
	EXPECT_EQ(0U, mtu);
	/* 2: ignored. */
	EXPECT_FALSE(xtcp_icmp_frag_mtu(1280, 2, &mtu));
	/* 3: believed for a protocol that validates, as TCP does. */
	EXPECT_TRUE(xtcp_icmp_frag_mtu(1280, 3, &mtu));
	EXPECT_EQ(1280U, mtu);
	/* An old router's zero field (RFC 1191 5) is passed on as 0. */
	EXPECT_TRUE(xtcp_icmp_frag_mtu(0, 0, &mtu));
	EXPECT_EQ(0U, mtu);
}

TEST(icmp__seq_must_be_in_flight)
{
	EXPECT_TRUE(xtcp_icmp_seq_ok(1000, 1000, 5000));
	EXPECT_TRUE(xtcp_icmp_seq_ok(4999, 1000, 5000));
	EXPECT_TRUE(xtcp_icmp_seq_ok(5000, 1000, 5000));
	EXPECT_FALSE(xtcp_icmp_seq_ok(999, 1000, 5000));
	EXPECT_FALSE(xtcp_icmp_seq_ok(5001, 1000, 5000));
	EXPECT_FALSE(xtcp_icmp_seq_ok(1000 + 0x80000000U, 1000, 5000));
	/* Across the wrap of the sequence space. */
	EXPECT_TRUE(xtcp_icmp_seq_ok(5, 0xfffffff0U, 100));
	EXPECT_FALSE(xtcp_icmp_seq_ok(0xffffffe0U, 0xfffffff0U, 100));
	/* Nothing in flight: only SND.UNA itself. */
	EXPECT_TRUE(xtcp_icmp_seq_ok(7, 7, 7));
	EXPECT_FALSE(xtcp_icmp_seq_ok(8, 7, 7));
}

TEST(icmp__half_open_dropped_only_for_unreachable_peers)
{
	unsigned int code;

	EXPECT_TRUE(xtcp_icmp_req_abort(XTCP_ICMP_KIND_PARAM_PROBLEM, 0));
	EXPECT_TRUE(xtcp_icmp_req_abort(XTCP_ICMP_KIND_TIME_EXCEEDED, 0));
	for (code = 0; code <= XTCP_ICMP_UNREACH_MAX; code++) {
		bool want = code == XTCP_ICMP_NET_UNREACH ||
			    code == XTCP_ICMP_HOST_UNREACH;

		EXPECT_EQ(want, xtcp_icmp_req_abort(XTCP_ICMP_KIND_UNREACH, code));
	}
	EXPECT_FALSE(xtcp_icmp_req_abort(XTCP_ICMP_KIND_PMTU,
					 XTCP_ICMP_FRAG_NEEDED));
	EXPECT_FALSE(xtcp_icmp_req_abort(XTCP_ICMP_KIND_IGNORE, 0));
}

TEST(icmp__rto_revert_needs_unreachable_at_snd_una_while_backed_off)
{
	EXPECT_TRUE(xtcp_icmp_reverts_rto(XTCP_ICMP_KIND_UNREACH,
					  XTCP_ICMP_HOST_UNREACH, 100, 100,
					  true));
	EXPECT_TRUE(xtcp_icmp_reverts_rto(XTCP_ICMP_KIND_UNREACH,
					  XTCP_ICMP_NET_UNREACH, 100, 100,
					  true));
	/* Not backed off, another segment, another code: no. */
	EXPECT_FALSE(xtcp_icmp_reverts_rto(XTCP_ICMP_KIND_UNREACH,
					   XTCP_ICMP_HOST_UNREACH, 100, 100,
					   false));
	EXPECT_FALSE(xtcp_icmp_reverts_rto(XTCP_ICMP_KIND_UNREACH,
					   XTCP_ICMP_HOST_UNREACH, 101, 100,
					   true));
	EXPECT_FALSE(xtcp_icmp_reverts_rto(XTCP_ICMP_KIND_UNREACH, 3, 100, 100,
					   true));
	EXPECT_FALSE(xtcp_icmp_reverts_rto(XTCP_ICMP_KIND_TIME_EXCEEDED, 0, 100,
					   100, true));
}

TEST(icmp__mtu_to_mss_clamps_and_floors)
{
	/* 1280-byte path, peer takes 1460, timestamps on. */
	EXPECT_EQ(1228U, xtcp_mtu_to_mss(1280, 40, 1460, 48, 12));
	/* The peer's MSS is the ceiling. */
	EXPECT_EQ(1388U, xtcp_mtu_to_mss(9000, 40, 1400, 48, 12));
	EXPECT_EQ(1460U, xtcp_mtu_to_mss(1500, 40, 1460, 48, 0));
	/* A forged tiny MTU meets the namespace's floor. */
	EXPECT_EQ(36U, xtcp_mtu_to_mss(68, 40, 1460, 48, 12));
	EXPECT_EQ(48U, xtcp_mtu_to_mss(0, 40, 1460, 48, 0));
	EXPECT_EQ(500U, xtcp_mtu_to_mss(100, 40, 1460, 500, 0));
	/* Never zero, whatever the floor. */
	EXPECT_EQ(1U, xtcp_mtu_to_mss(0, 40, 1460, 0, 12));
}
