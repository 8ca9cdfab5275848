// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/port.[ch]: the candidate sequence of RFC 6056
 * algorithm 3 over the ephemeral range.
 */
#include "kselftest_harness.h"

#include "core/port.h"

/* Every port of [low, high] comes exactly once among the candidates. */
static bool visits_each_once(u32 low, u32 high, u32 hash, u32 next)
{
	static unsigned char seen[65536];
	struct xtcp_port_search s;
	u32 i;

	memset(seen, 0, sizeof(seen));
	xtcp_port_search_init(&s, low, high, hash, next);
	if (s.count != high - low + 1)
		return false;
	for (i = 0; i < s.count; i++) {
		u16 port = xtcp_port_search_nth(&s, i);

		if (port < low || port > high || seen[port]++)
			return false;
	}
	return true;
}

TEST(port__rfc6056_algorithm_3)
{
	struct xtcp_port_search s;

	/*
	 * Linux's default range 32768-60999: the first candidate is
	 * min_ephemeral + (F + next_ephemeral) % num_ephemeral, then the
	 * following ports.
	 */
	xtcp_port_search_init(&s, 32768, 60999, 1000, 5);
	EXPECT_EQ(28232U, s.count);
	EXPECT_EQ(32768 + 1005, xtcp_port_search_nth(&s, 0));
	EXPECT_EQ(32768 + 1006, xtcp_port_search_nth(&s, 1));
	/* It wraps round to the start of the range. */
	xtcp_port_search_init(&s, 32768, 60999, 28230, 0);
	EXPECT_EQ(60998, xtcp_port_search_nth(&s, 0));
	EXPECT_EQ(60999, xtcp_port_search_nth(&s, 1));
	EXPECT_EQ(32768, xtcp_port_search_nth(&s, 2));
}

TEST(port__consecutive_connections_to_one_peer)
{
	struct xtcp_port_search a, b;

	/* next_ephemeral advanced by one attempt: the next port. */
	xtcp_port_search_init(&a, 32768, 60999, 0xdeadbeef, 41);
	xtcp_port_search_init(&b, 32768, 60999, 0xdeadbeef, 42);
	EXPECT_EQ(xtcp_port_search_nth(&a, 1), xtcp_port_search_nth(&b, 0));
}

TEST(port__each_port_once)
{
	EXPECT_TRUE(visits_each_once(32768, 60999, 12345, 678));
	EXPECT_TRUE(visits_each_once(1024, 65535, 0, 0));
	EXPECT_TRUE(visits_each_once(0, 65535, 0x89abcdef, 0x76543210));
	EXPECT_TRUE(visits_each_once(40000, 40009, 7, 3));
}

TEST(port__each_port_once_when_hash_plus_counter_wraps)
{
	/*
	 * hash + next + i passing 2^32 in the middle of the search made
	 * (hash + next + i) % count jump: some ports came twice, others
	 * never (xtcp before this rule moved here).
	 */
	EXPECT_TRUE(visits_each_once(32768, 60999, 0xfffffff0, 5));
	EXPECT_TRUE(visits_each_once(32768, 60999, 0xffffffff, 0xffffffff));
	EXPECT_TRUE(visits_each_once(32768, 60999, 0x80000000, 0x80000000));
}

TEST(port__one_port_and_odd_ranges)
{
	struct xtcp_port_search s;

	xtcp_port_search_init(&s, 5000, 5000, 0xffffffff, 0xffffffff);
	EXPECT_EQ(1U, s.count);
	EXPECT_EQ(5000, xtcp_port_search_nth(&s, 0));
	/* A range upside down is taken as its low port only. */
	xtcp_port_search_init(&s, 6000, 5000, 3, 4);
	EXPECT_EQ(1U, s.count);
	EXPECT_EQ(6000, xtcp_port_search_nth(&s, 0));
	/* The whole 16-bit space. */
	xtcp_port_search_init(&s, 0, 65535, 65535, 1);
	EXPECT_EQ(65536U, s.count);
	EXPECT_EQ(0, xtcp_port_search_nth(&s, 0));
	EXPECT_EQ(65535, xtcp_port_search_nth(&s, 65535));
}
