// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/timer_rule.[ch]: what an expiry of a
 * connection timer does.
 */
#include "kselftest_harness.h"

#include "core/timer_rule.h"

TEST(timer_verdict__due_event_runs)
{
	EXPECT_EQ((int)XTCP_TIMER_DUE, (int)xtcp_timer_verdict(true, false, 1000, 1000));
	EXPECT_EQ((int)XTCP_TIMER_DUE, (int)xtcp_timer_verdict(true, false, 1001, 1000));
}

TEST(timer_verdict__cancelled_event_never_runs)
{
	/* Stopped while its expiry waited for the socket lock. */
	EXPECT_EQ((int)XTCP_TIMER_CANCELLED, (int)xtcp_timer_verdict(false, false, 1000, 900));
	EXPECT_EQ((int)XTCP_TIMER_CANCELLED, (int)xtcp_timer_verdict(false, true, 1000, 900));
}

TEST(timer_verdict__owned_socket_retries_later)
{
	EXPECT_EQ((int)XTCP_TIMER_BUSY, (int)xtcp_timer_verdict(true, true, 1000, 900));
	EXPECT_EQ((int)XTCP_TIMER_BUSY, (int)xtcp_timer_verdict(true, true, 1000, 5000));
}

TEST(timer_verdict__moved_event_waits_for_its_new_time)
{
	/*
	 * The retransmission timer found the socket owned and came back 50
	 * ms later; meanwhile a fresh ACK restarted it for one RTO: the
	 * early expiry must not retransmit.
	 */
	EXPECT_EQ((int)XTCP_TIMER_MOVED, (int)xtcp_timer_verdict(true, false, 1050, 1250));
}

TEST(timer_verdict__jiffies_wrap)
{
	unsigned long top = (unsigned long)-1;

	EXPECT_EQ((int)XTCP_TIMER_MOVED, (int)xtcp_timer_verdict(true, false, top - 5, 10));
	EXPECT_EQ((int)XTCP_TIMER_DUE, (int)xtcp_timer_verdict(true, false, 10, top - 5));
}
