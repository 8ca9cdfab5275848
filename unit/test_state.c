// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/state.[ch]: numbering and names of the states.
 */
#include <string.h>

#include "kselftest_harness.h"

#include "core/state.h"

TEST(state__numbers_match_linux)
{
	/* sk_state must mean the same as Linux's TCP_* (include/net/tcp_states.h). */
	EXPECT_EQ(1, XTCP_ESTABLISHED);
	EXPECT_EQ(2, XTCP_SYN_SENT);
	EXPECT_EQ(3, XTCP_SYN_RECV);
	EXPECT_EQ(4, XTCP_FIN_WAIT1);
	EXPECT_EQ(5, XTCP_FIN_WAIT2);
	EXPECT_EQ(6, XTCP_TIME_WAIT);
	EXPECT_EQ(7, XTCP_CLOSE);
	EXPECT_EQ(8, XTCP_CLOSE_WAIT);
	EXPECT_EQ(9, XTCP_LAST_ACK);
	EXPECT_EQ(10, XTCP_LISTEN);
	EXPECT_EQ(11, XTCP_CLOSING);
}

TEST(state__every_state_has_an_rfc_name)
{
	EXPECT_STREQ("ESTABLISHED", xtcp_state_name(XTCP_ESTABLISHED));
	EXPECT_STREQ("SYN-RECEIVED", xtcp_state_name(XTCP_SYN_RECV));
	EXPECT_STREQ("TIME-WAIT", xtcp_state_name(XTCP_TIME_WAIT));
	EXPECT_STREQ("CLOSED", xtcp_state_name(XTCP_CLOSE));
	for (int s = XTCP_ESTABLISHED; s < XTCP_STATE_MAX; s++) {
		EXPECT_NE(NULL, xtcp_state_name(s));
		EXPECT_STRNE("UNKNOWN", xtcp_state_name(s));
	}
}

TEST(state__out_of_range_is_unknown)
{
	EXPECT_STREQ("UNKNOWN", xtcp_state_name(0));
	EXPECT_STREQ("UNKNOWN", xtcp_state_name(-1));
	EXPECT_STREQ("UNKNOWN", xtcp_state_name(XTCP_STATE_MAX));
	EXPECT_STREQ("UNKNOWN", xtcp_state_name(255));
}
