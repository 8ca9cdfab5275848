// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of module/core/options.[ch]: the exact byte layouts Linux's
 * tcp_options_write() emits on SYN, SYN-ACK and established segments, build
 * and parse round trips, and the parser's handling of malformed, odd and
 * out-of-place options; plus the fuzz target over a fixed corpus.
 */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"

#include "core/options.h"
#include "fuzz_options.c"

/* Compares built bytes with the expected ones, showing both on mismatch. */
static bool opt_bytes_match(const u8 *got, unsigned int n, const u8 *exp,
			    unsigned int en)
{
	unsigned int i;

	if (n == en && !memcmp(got, exp, n))
		return true;
	fprintf(stderr, "# got      (%2u):", n);
	for (i = 0; i < n; i++)
		fprintf(stderr, " %02x", got[i]);
	fprintf(stderr, "\n# expected (%2u):", en);
	for (i = 0; i < en; i++)
		fprintf(stderr, " %02x", exp[i]);
	fprintf(stderr, "\n");
	return false;
}

#define OPT_EXPECT_BYTES(got, n, exp) \
	EXPECT_TRUE(opt_bytes_match(got, n, exp, sizeof(exp)))

static const struct xtcp_syn_options opt_syn_all = {
	.mss = 1460, .sack_ok = true, .ts = true,
	.tsval = 0x01020304, .tsecr = 0xa1b2c3d4, .ws = true, .wscale = 7,
};

TEST(options__syn_layout_all_on)
{
	static const u8 exp[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x04, 0x02, 0x08, 0x0a,
		0x01, 0x02, 0x03, 0x04,  0xa1, 0xb2, 0xc3, 0xd4,
		0x01, 0x03, 0x03, 0x07,
	};
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n = xtcp_options_build_syn(buf, &opt_syn_all);

	OPT_EXPECT_BYTES(buf, n, exp);
	n = xtcp_options_build_synack(buf, &opt_syn_all);
	OPT_EXPECT_BYTES(buf, n, exp);
}

TEST(options__syn_layout_sack_without_ts)
{
	static const u8 exp[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x01, 0x01, 0x04, 0x02,
		0x01, 0x03, 0x03, 0x07,
	};
	struct xtcp_syn_options o = opt_syn_all;
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n;

	o.ts = false;
	n = xtcp_options_build_syn(buf, &o);
	OPT_EXPECT_BYTES(buf, n, exp);
}

TEST(options__syn_layout_ts_without_sack)
{
	static const u8 exp[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x01, 0x01, 0x08, 0x0a,
		0x01, 0x02, 0x03, 0x04,  0xa1, 0xb2, 0xc3, 0xd4,
		0x01, 0x03, 0x03, 0x07,
	};
	struct xtcp_syn_options o = opt_syn_all;
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n;

	o.sack_ok = false;
	n = xtcp_options_build_syn(buf, &o);
	OPT_EXPECT_BYTES(buf, n, exp);
}

TEST(options__syn_layout_without_wscale)
{
	static const u8 exp_all[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x04, 0x02, 0x08, 0x0a,
		0x01, 0x02, 0x03, 0x04,  0xa1, 0xb2, 0xc3, 0xd4,
	};
	static const u8 exp_sack[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x01, 0x01, 0x04, 0x02,
	};
	static const u8 exp_mss[] = { 0x02, 0x04, 0x05, 0xb4 };
	struct xtcp_syn_options o = opt_syn_all;
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n;

	o.ws = false;
	n = xtcp_options_build_syn(buf, &o);
	OPT_EXPECT_BYTES(buf, n, exp_all);
	o.ts = false;
	n = xtcp_options_build_syn(buf, &o);
	OPT_EXPECT_BYTES(buf, n, exp_sack);
	o.sack_ok = false;
	n = xtcp_options_build_syn(buf, &o);
	OPT_EXPECT_BYTES(buf, n, exp_mss);
	/* MSS 0 is left out, as tcp_options_write() leaves it out. */
	o.mss = 0;
	EXPECT_EQ(0u, xtcp_options_build_syn(buf, &o));
}

TEST(options__synack_layout_without_ts)
{
	/* mss, nop, nop, sackOK, nop, wscale */
	static const u8 exp[] = {
		0x02, 0x04, 0x05, 0x78,
		0x01, 0x01, 0x04, 0x02,
		0x01, 0x03, 0x03, 0x0e,
	};
	struct xtcp_syn_options o = {
		.mss = 1400, .sack_ok = true, .ws = true, .wscale = 14,
	};
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n = xtcp_options_build_synack(buf, &o);

	OPT_EXPECT_BYTES(buf, n, exp);
}

TEST(options__synack_layout_ws_without_sack_and_ts)
{
	static const u8 exp[] = {
		0x02, 0x04, 0xff, 0xff,
		0x01, 0x03, 0x03, 0x00,
	};
	struct xtcp_syn_options o = { .mss = 0xffff, .ws = true };
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n = xtcp_options_build_synack(buf, &o);

	OPT_EXPECT_BYTES(buf, n, exp);
}

static const struct xtcp_sack_block opt_blocks[5] = {
	{ 0x11111111, 0x22222222 }, { 0x33333333, 0x44444444 },
	{ 0xfffffff0, 0x00000010 }, { 0x55667788, 0x99aabbcc },
	{ 0xdeadbeef, 0xfeedface },
};

TEST(options__ack_layout_ts_only)
{
	static const u8 exp[] = {
		0x01, 0x01, 0x08, 0x0a,
		0xde, 0xad, 0xbe, 0xef,  0x00, 0x00, 0x00, 0x01,
	};
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n = xtcp_options_build_ack(buf, true, 0xdeadbeef, 1,
						 NULL, 0);

	OPT_EXPECT_BYTES(buf, n, exp);
	EXPECT_EQ(0u, xtcp_options_build_ack(buf, false, 5, 6, NULL, 0));
}

TEST(options__ack_layout_ts_and_sack_caps_at_three)
{
	static const u8 exp[] = {
		0x01, 0x01, 0x08, 0x0a,
		0x00, 0x00, 0x00, 0x07,  0x00, 0x00, 0x00, 0x08,
		0x01, 0x01, 0x05, 0x1a,
		0x11, 0x11, 0x11, 0x11,  0x22, 0x22, 0x22, 0x22,
		0x33, 0x33, 0x33, 0x33,  0x44, 0x44, 0x44, 0x44,
		0xff, 0xff, 0xff, 0xf0,  0x00, 0x00, 0x00, 0x10,
	};
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n;

	n = xtcp_options_build_ack(buf, true, 7, 8, opt_blocks, 3);
	OPT_EXPECT_BYTES(buf, n, exp);
	/* A fourth (and fifth) block does not fit next to timestamps. */
	n = xtcp_options_build_ack(buf, true, 7, 8, opt_blocks, 4);
	OPT_EXPECT_BYTES(buf, n, exp);
	n = xtcp_options_build_ack(buf, true, 7, 8, opt_blocks, 5);
	OPT_EXPECT_BYTES(buf, n, exp);
	EXPECT_EQ((unsigned int)XTCP_MAX_OPT_LEN, n);
}

TEST(options__ack_layout_sack_without_ts_caps_at_four)
{
	static const u8 exp1[] = {
		0x01, 0x01, 0x05, 0x0a,
		0x11, 0x11, 0x11, 0x11,  0x22, 0x22, 0x22, 0x22,
	};
	static const u8 exp4[] = {
		0x01, 0x01, 0x05, 0x22,
		0x11, 0x11, 0x11, 0x11,  0x22, 0x22, 0x22, 0x22,
		0x33, 0x33, 0x33, 0x33,  0x44, 0x44, 0x44, 0x44,
		0xff, 0xff, 0xff, 0xf0,  0x00, 0x00, 0x00, 0x10,
		0x55, 0x66, 0x77, 0x88,  0x99, 0xaa, 0xbb, 0xcc,
	};
	u8 buf[XTCP_MAX_OPT_LEN];
	unsigned int n;

	n = xtcp_options_build_ack(buf, false, 0, 0, opt_blocks, 1);
	OPT_EXPECT_BYTES(buf, n, exp1);
	n = xtcp_options_build_ack(buf, false, 0, 0, opt_blocks, 4);
	OPT_EXPECT_BYTES(buf, n, exp4);
	n = xtcp_options_build_ack(buf, false, 0, 0, opt_blocks, 5);
	OPT_EXPECT_BYTES(buf, n, exp4);
	EXPECT_EQ(4u, xtcp_options_max_sack(false));
	EXPECT_EQ(3u, xtcp_options_max_sack(true));
}

TEST(options__roundtrip_every_syn_and_synack_combination)
{
	static const u16 msses[] = { 0, 1, 536, 1460, 0xffff };
	unsigned int c, bits, m, kind, n;
	struct xtcp_syn_options o;
	struct xtcp_options p;
	u8 buf[XTCP_MAX_OPT_LEN];
	u8 want;

	/* Every MSS, every subset of the three flags, SYN then SYN-ACK. */
	for (c = 0; c < 16 * ARRAY_SIZE(msses); c++) {
		m = c / 16;
		bits = c / 2 % 8;
		kind = c % 2;
		o = (struct xtcp_syn_options) {
			.mss = msses[m],
			.sack_ok = bits & 1, .ts = bits & 2, .ws = bits & 4,
			.tsval = 0x80000001u * (bits + 1), .tsecr = bits * 77,
			.wscale = (u8)(bits + m),
		};
		want = (o.mss ? XTCP_OPTF_MSS : 0) |
		       (o.sack_ok ? XTCP_OPTF_SACK_PERM : 0) |
		       (o.ts ? XTCP_OPTF_TS : 0) |
		       (o.ws ? XTCP_OPTF_WSCALE : 0);

		n = kind ? xtcp_options_build_synack(buf, &o) :
			   xtcp_options_build_syn(buf, &o);
		EXPECT_EQ(0u, n % 4);
		EXPECT_EQ((o.mss ? 4u : 0) + (o.ts ? 12u : o.sack_ok ? 4 : 0) +
			  (o.ws ? 4u : 0), n);
		ASSERT_EQ(0, xtcp_options_parse(buf, n, true, &p));
		EXPECT_EQ(want, p.seen);
		EXPECT_EQ(o.mss, p.mss);
		EXPECT_EQ(o.ts ? o.tsval : 0, p.tsval);
		EXPECT_EQ(o.ts ? o.tsecr : 0, p.tsecr);
		EXPECT_EQ(o.ws ? o.wscale : 0, p.wscale);
		EXPECT_EQ(0, p.num_sack);
	}
}

TEST(options__roundtrip_every_ack_combination)
{
	unsigned int c, ts, nb, i, n, k;
	struct xtcp_options p;
	u8 buf[XTCP_MAX_OPT_LEN];

	/* Without and with timestamps, 0 to 5 blocks. */
	for (c = 0; c < 12; c++) {
		ts = c / 6;
		nb = c % 6;
		k = nb > xtcp_options_max_sack(ts) ?
		    xtcp_options_max_sack(ts) : nb;
		n = xtcp_options_build_ack(buf, ts, 0xcafe0000 + nb,
					   0x0000beef + ts, opt_blocks, nb);
		EXPECT_EQ((ts ? 12u : 0) + (k ? 4 + 8 * k : 0), n);
		EXPECT_LE(n, (unsigned int)XTCP_MAX_OPT_LEN);
		for (int syn = 0; syn < 2; syn++) {
			ASSERT_EQ(0, xtcp_options_parse(buf, n, syn, &p));
			EXPECT_EQ((ts ? XTCP_OPTF_TS : 0) |
				  (k ? XTCP_OPTF_SACK : 0), p.seen);
			EXPECT_EQ(ts ? 0xcafe0000 + nb : 0, p.tsval);
			EXPECT_EQ(ts ? 0x0000beef + ts : 0, p.tsecr);
			ASSERT_EQ(k, p.num_sack);
			for (i = 0; i < k; i++) {
				EXPECT_EQ(opt_blocks[i].start, p.sack[i].start);
				EXPECT_EQ(opt_blocks[i].end, p.sack[i].end);
			}
		}
	}
}

TEST(options__empty_list)
{
	struct xtcp_options p;

	memset(&p, 0x5a, sizeof(p));
	ASSERT_EQ(0, xtcp_options_parse(NULL, 0, true, &p));
	EXPECT_EQ(0, p.seen);
	EXPECT_EQ(0, p.mss);
	EXPECT_EQ(0, p.num_sack);
}

TEST(options__forty_nops)
{
	struct xtcp_options p;
	u8 o[XTCP_MAX_OPT_LEN];

	memset(o, XTCP_OPT_NOP, sizeof(o));
	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(0, p.seen);
	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), false, &p));
	EXPECT_EQ(0, p.seen);
}

TEST(options__more_than_forty_bytes_refused)
{
	struct xtcp_options p;
	u8 o[XTCP_MAX_OPT_LEN + 4];

	memset(o, XTCP_OPT_NOP, sizeof(o));
	EXPECT_EQ(XTCP_OPT_ERR_TOO_LONG,
		  xtcp_options_parse(o, sizeof(o), true, &p));
}

TEST(options__length_zero_or_one_is_malformed)
{
	static const u8 len0[] = { 0x02, 0x00, 0x05, 0xb4 };
	static const u8 len1[] = { 0x01, 0x01, 0x08, 0x01 };
	static const u8 unknown_len1[] = { 0x1e, 0x01, 0x01, 0x01 };
	/* A good MSS first: the error must not leave it behind in *out. */
	static const u8 after_good[] = { 0x02, 0x04, 0x05, 0xb4, 0x03, 0x00 };
	struct xtcp_options p;

	EXPECT_EQ(XTCP_OPT_ERR_BAD_LENGTH,
		  xtcp_options_parse(len0, sizeof(len0), true, &p));
	EXPECT_EQ(XTCP_OPT_ERR_BAD_LENGTH,
		  xtcp_options_parse(len1, sizeof(len1), false, &p));
	EXPECT_EQ(XTCP_OPT_ERR_BAD_LENGTH,
		  xtcp_options_parse(unknown_len1, sizeof(unknown_len1),
				     false, &p));
	EXPECT_EQ(XTCP_OPT_ERR_BAD_LENGTH,
		  xtcp_options_parse(after_good, sizeof(after_good), true,
				     &p));
	EXPECT_EQ(0, p.seen);
	EXPECT_EQ(0, p.mss);
}

TEST(options__length_past_end_is_malformed)
{
	/* TS claims 10 bytes, 8 remain. */
	static const u8 ts_short[] = {
		0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	};
	/* An unknown kind claiming 3 bytes, 2 remain. */
	static const u8 unknown_short[] = { 0x01, 0x01, 0xfe, 0x03 };
	/* A SACK claiming 2 blocks carrying 1. */
	static const u8 sack_short[] = {
		0x01, 0x01, 0x05, 0x12, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	struct xtcp_options p;

	EXPECT_EQ(XTCP_OPT_ERR_OVERRUN,
		  xtcp_options_parse(ts_short, sizeof(ts_short), false, &p));
	EXPECT_EQ(XTCP_OPT_ERR_OVERRUN,
		  xtcp_options_parse(unknown_short, sizeof(unknown_short),
				     false, &p));
	EXPECT_EQ(XTCP_OPT_ERR_OVERRUN,
		  xtcp_options_parse(sack_short, sizeof(sack_short), false,
				     &p));
	/* With room for its 3 bytes the unknown option is fine. */
	EXPECT_EQ(0, xtcp_options_parse((const u8[]){ 0x01, 0xfe, 0x03, 0x00 },
					4, false, &p));
}

TEST(options__truncated_option_at_end_is_malformed)
{
	/* A kind alone in the last byte, no room for its length. */
	static const u8 mss_kind_only[] = { 0x01, 0x01, 0x01, 0x02 };
	static const u8 ws_after_mss[] = { 0x02, 0x04, 0x05, 0xb4, 0x03 };
	static const u8 one_unknown[] = { 0x42 };
	struct xtcp_options p;

	EXPECT_EQ(XTCP_OPT_ERR_NO_LENGTH,
		  xtcp_options_parse(mss_kind_only, sizeof(mss_kind_only),
				     true, &p));
	EXPECT_EQ(XTCP_OPT_ERR_NO_LENGTH,
		  xtcp_options_parse(ws_after_mss, sizeof(ws_after_mss), true,
				     &p));
	EXPECT_EQ(0, p.seen);
	EXPECT_EQ(XTCP_OPT_ERR_NO_LENGTH,
		  xtcp_options_parse(one_unknown, 1, false, &p));
	/* But a lone NOP or EOL is a fine list. */
	EXPECT_EQ(0, xtcp_options_parse((const u8[]){ 0x01 }, 1, true, &p));
	EXPECT_EQ(0, xtcp_options_parse((const u8[]){ 0x00 }, 1, true, &p));
}

TEST(options__wrong_length_known_options_are_ignored)
{
	/*
	 * MSS of 3, WS of 4, SACK-permitted of 3, TS of 12, SACK of 2, 9 and
	 * 11 bytes: each skipped by its length; the good TS after them is
	 * still found.
	 */
	static const u8 o[] = {
		0x02, 0x03, 0x05,
		0x03, 0x04, 0x07, 0x00,
		0x04, 0x03, 0x00,
		0x05, 0x02,
		0x05, 0x09, 1, 2, 3, 4, 5, 6, 7,
		0x08, 0x0a, 0, 0, 0, 9, 0, 0, 0, 10,
	};
	static const u8 ts12[] = {
		0x08, 0x0c, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3,
		0x05, 0x0b, 1, 2, 3, 4, 5, 6, 7, 8, 9,
	};
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_TS, p.seen);
	EXPECT_EQ(9u, p.tsval);
	EXPECT_EQ(10u, p.tsecr);
	EXPECT_EQ(0, p.mss);
	EXPECT_EQ(0, p.wscale);
	ASSERT_EQ(0, xtcp_options_parse(ts12, sizeof(ts12), true, &p));
	EXPECT_EQ(0, p.seen);
	EXPECT_EQ(0u, p.tsval);
	EXPECT_EQ(0, p.num_sack);
}

TEST(options__options_after_eol_are_ignored)
{
	/* MSS, EOL, then a WS and garbage that would be malformed. */
	static const u8 o[] = {
		0x02, 0x04, 0x02, 0x18,
		0x00,
		0x03, 0x03, 0x07,
		0x08, 0x00, 0x05,
	};
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_MSS, p.seen);
	EXPECT_EQ(536, p.mss);
	EXPECT_EQ(0, p.wscale);
}

TEST(options__handshake_options_ignored_outside_syn)
{
	static const u8 o[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x04, 0x02, 0x08, 0x0a,
		0x00, 0x00, 0x00, 0x05,  0x00, 0x00, 0x00, 0x06,
		0x01, 0x03, 0x03, 0x07,
	};
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), false, &p));
	EXPECT_EQ(XTCP_OPTF_TS, p.seen);
	EXPECT_EQ(0, p.mss);
	EXPECT_EQ(0, p.wscale);
	EXPECT_EQ(0, p.wscale_raw);
	EXPECT_EQ(5u, p.tsval);
	EXPECT_EQ(6u, p.tsecr);

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_MSS | XTCP_OPTF_SACK_PERM | XTCP_OPTF_TS |
		  XTCP_OPTF_WSCALE, p.seen);
	EXPECT_EQ(1460, p.mss);
	EXPECT_EQ(7, p.wscale);
}

TEST(options__wscale_above_14_is_clamped)
{
	u8 o[] = { 0x01, 0x03, 0x03, 0x0f };
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_WSCALE | XTCP_OPTF_WSCALE_CLAMPED, p.seen);
	EXPECT_EQ(14, p.wscale);
	EXPECT_EQ(15, p.wscale_raw);

	o[3] = 0xff;
	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_WSCALE | XTCP_OPTF_WSCALE_CLAMPED, p.seen);
	EXPECT_EQ(14, p.wscale);
	EXPECT_EQ(255, p.wscale_raw);

	o[3] = 14;
	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_WSCALE, p.seen);
	EXPECT_EQ(14, p.wscale);
	EXPECT_EQ(14, p.wscale_raw);

	o[3] = 0;
	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_WSCALE, p.seen);
	EXPECT_EQ(0, p.wscale);
}

TEST(options__sack_one_to_four_blocks)
{
	u8 o[XTCP_MAX_OPT_LEN];
	struct xtcp_options p;
	unsigned int n, i, len;

	for (n = 1; n <= 4; n++) {
		len = 2 + 8 * n;
		o[0] = XTCP_OPT_NOP;
		o[1] = XTCP_OPT_NOP;
		o[2] = XTCP_OPT_SACK;
		o[3] = (u8)len;
		for (i = 0; i < 8 * n; i++)
			o[4 + i] = (u8)(0x10 * (i / 4) + i % 4);
		ASSERT_EQ(0, xtcp_options_parse(o, 2 + len, false, &p));
		EXPECT_EQ(XTCP_OPTF_SACK, p.seen);
		ASSERT_EQ(n, p.num_sack);
		for (i = 0; i < n; i++) {
			EXPECT_EQ(0x00010203u + 0x20202020u * i,
				  p.sack[i].start);
			EXPECT_EQ(0x10111213u + 0x20202020u * i,
				  p.sack[i].end);
		}
		for (; i < XTCP_MAX_SACK_BLOCKS; i++)
			EXPECT_EQ(0u, p.sack[i].start | p.sack[i].end);
	}
}

TEST(options__last_occurrence_wins)
{
	static const u8 o[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x02, 0x04, 0x02, 0x18,
		0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2,
		0x08, 0x0a, 0, 0, 0, 3, 0, 0, 0, 4,
		0x03, 0x03, 0x10,
		0x03, 0x03, 0x02,
	};
	static const u8 sacks[] = {
		0x05, 0x12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
		0x05, 0x0a, 0, 0, 0, 5, 0, 0, 0, 6,
	};
	/* An MSS of 0 is ignored: the earlier one stays. */
	static const u8 mss0[] = {
		0x02, 0x04, 0x05, 0xb4,
		0x02, 0x04, 0x00, 0x00,
	};
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_MSS | XTCP_OPTF_TS | XTCP_OPTF_WSCALE, p.seen);
	EXPECT_EQ(536, p.mss);
	EXPECT_EQ(3u, p.tsval);
	EXPECT_EQ(4u, p.tsecr);
	EXPECT_EQ(2, p.wscale);
	EXPECT_EQ(2, p.wscale_raw);

	ASSERT_EQ(0, xtcp_options_parse(sacks, sizeof(sacks), false, &p));
	ASSERT_EQ(1, p.num_sack);
	EXPECT_EQ(5u, p.sack[0].start);
	EXPECT_EQ(6u, p.sack[0].end);
	EXPECT_EQ(0u, p.sack[1].start | p.sack[1].end);

	ASSERT_EQ(0, xtcp_options_parse(mss0, sizeof(mss0), true, &p));
	EXPECT_EQ(XTCP_OPTF_MSS, p.seen);
	EXPECT_EQ(1460, p.mss);
	ASSERT_EQ(0, xtcp_options_parse(mss0 + 4, 4, true, &p));
	EXPECT_EQ(0, p.seen);
}

TEST(options__unknown_kinds_are_skipped)
{
	/* Fast Open (34) with a cookie, MD5 (19), experimental (254), 2-byte. */
	static const u8 o[] = {
		0x22, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8,
		0x13, 0x12, 0, 0, 0, 0, 0, 0, 0, 0,
			    0, 0, 0, 0, 0, 0, 0, 0,
		0xfe, 0x02,
		0x02, 0x04, 0x01, 0x00,
	};
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(XTCP_OPTF_MSS, p.seen);
	EXPECT_EQ(256, p.mss);
}

TEST(options__fields_read_big_endian_at_odd_offsets)
{
	static const u8 o[] = {
		0x01,
		0x08, 0x0a, 0x80, 0x00, 0x00, 0x01, 0x7f, 0xff, 0xff, 0xfe,
		0x02, 0x04, 0xab, 0xcd,
		0x01,
		0x05, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	};
	struct xtcp_options p;

	ASSERT_EQ(0, xtcp_options_parse(o, sizeof(o), true, &p));
	EXPECT_EQ(0x80000001u, p.tsval);
	EXPECT_EQ(0x7ffffffeu, p.tsecr);
	EXPECT_EQ(0xabcd, p.mss);
	ASSERT_EQ(1, p.num_sack);
	EXPECT_EQ(0xffffffffu, p.sack[0].start);
	EXPECT_EQ(0u, p.sack[0].end);
}

TEST(options__fuzz_deterministic)
{
	unsigned long n = xtcp_fuzz_options_corpus(200000);

	/* 2 * (1 + 256 + 65536) exhaustive, 1 over-long, 200000 random. */
	EXPECT_EQ(2ul * (1 + 256 + 65536) + 1 + 200000, n);
	TH_LOG("%lu inputs", n);
}
