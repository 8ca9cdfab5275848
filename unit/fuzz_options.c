// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target of module/core/options.c: arbitrary bytes go to the parser, and
 * whatever it accepts is rebuilt with the builders and parsed again, which
 * must give back the same options.  Any inconsistency abort()s.
 *
 * Input: the first byte's low bit says whether the segment is a SYN, the
 * rest (at most 40 bytes are used) is the option list.
 *
 * Built three ways: with clang -fsanitize=fuzzer as a libFuzzer target
 * (`make -C unit fuzz`), with fuzz_main.c as a standalone driver when there
 * is no clang, and included into the unit-test binary, where
 * TEST(options__fuzz_deterministic) runs xtcp_fuzz_options_corpus().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
unsigned long xtcp_fuzz_options_corpus(unsigned long nrandom);

#define FUZZ_CHECK(cond)						\
	do {								\
		if (!(cond))						\
			fuzz_fail(#cond, __LINE__);			\
	} while (0)

static void fuzz_fail(const char *what, int line)
{
	fprintf(stderr, "fuzz_options.c:%d: inconsistency: %s\n", line, what);
	abort();
}

/* An independent walk deciding only whether a list is well formed. */
static bool fuzz_ref_wellformed(const u8 *o, unsigned int len)
{
	unsigned int i = 0;

	while (i < len && o[i] != XTCP_OPT_EOL) {
		if (o[i] == XTCP_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || i + o[i + 1] > len)
			return false;
		i += o[i + 1];
	}
	return true;
}

static bool fuzz_opts_equal(const struct xtcp_options *a,
			    const struct xtcp_options *b)
{
	if (a->seen != b->seen || a->wscale != b->wscale ||
	    a->wscale_raw != b->wscale_raw || a->num_sack != b->num_sack ||
	    a->mss != b->mss || a->tsval != b->tsval || a->tsecr != b->tsecr)
		return false;
	for (int i = 0; i < XTCP_MAX_SACK_BLOCKS; i++)
		if (a->sack[i].start != b->sack[i].start ||
		    a->sack[i].end != b->sack[i].end)
			return false;
	return true;
}

static bool fuzz_opts_zero(const struct xtcp_options *p)
{
	static const struct xtcp_options zero;

	return fuzz_opts_equal(p, &zero);
}

static void fuzz_check_invariants(const struct xtcp_options *p, bool syn)
{
	const u8 known = XTCP_OPTF_MSS | XTCP_OPTF_WSCALE |
			 XTCP_OPTF_WSCALE_CLAMPED | XTCP_OPTF_SACK_PERM |
			 XTCP_OPTF_TS | XTCP_OPTF_SACK;

	FUZZ_CHECK(!(p->seen & ~known));
	FUZZ_CHECK(p->num_sack <= XTCP_MAX_SACK_BLOCKS);
	FUZZ_CHECK(!!(p->seen & XTCP_OPTF_SACK) == (p->num_sack > 0));
	for (int i = p->num_sack; i < XTCP_MAX_SACK_BLOCKS; i++)
		FUZZ_CHECK(!p->sack[i].start && !p->sack[i].end);
	FUZZ_CHECK(!!(p->seen & XTCP_OPTF_MSS) == (p->mss != 0));
	if (p->seen & XTCP_OPTF_WSCALE) {
		FUZZ_CHECK(p->wscale <= XTCP_MAX_WSCALE);
		FUZZ_CHECK(!!(p->seen & XTCP_OPTF_WSCALE_CLAMPED) ==
			   (p->wscale_raw > XTCP_MAX_WSCALE));
		FUZZ_CHECK(p->wscale == (p->wscale_raw > XTCP_MAX_WSCALE ?
					 XTCP_MAX_WSCALE : p->wscale_raw));
	} else {
		FUZZ_CHECK(!(p->seen & XTCP_OPTF_WSCALE_CLAMPED));
		FUZZ_CHECK(!p->wscale && !p->wscale_raw);
	}
	if (!(p->seen & XTCP_OPTF_TS))
		FUZZ_CHECK(!p->tsval && !p->tsecr);
	if (!syn)
		FUZZ_CHECK(!(p->seen & (XTCP_OPTF_MSS | XTCP_OPTF_WSCALE |
					XTCP_OPTF_SACK_PERM)));
}

/* Bytes past what a builder said it wrote must be untouched. */
static void fuzz_check_tail(const u8 *buf, unsigned int n)
{
	for (unsigned int i = n; i < XTCP_MAX_OPT_LEN; i++)
		FUZZ_CHECK(buf[i] == 0xa5);
}

static void fuzz_roundtrip_handshake(const struct xtcp_options *p, u8 *buf,
				     u8 *buf2)
{
	const u8 handshake = XTCP_OPTF_MSS | XTCP_OPTF_WSCALE |
			     XTCP_OPTF_SACK_PERM | XTCP_OPTF_TS;
	struct xtcp_syn_options so = {
		.mss = p->mss,
		.sack_ok = p->seen & XTCP_OPTF_SACK_PERM,
		.ts = p->seen & XTCP_OPTF_TS,
		.tsval = p->tsval,
		.tsecr = p->tsecr,
		.ws = p->seen & XTCP_OPTF_WSCALE,
		.wscale = p->wscale,
	};
	struct xtcp_options q;
	unsigned int n, n2;

	memset(buf, 0xa5, XTCP_MAX_OPT_LEN);
	n = xtcp_options_build_syn(buf, &so);
	FUZZ_CHECK(n % 4 == 0 && n <= 20);
	FUZZ_CHECK(n == (so.mss ? 4u : 0) + (so.ts ? 12u : so.sack_ok ? 4 : 0) +
		   (so.ws ? 4u : 0));
	fuzz_check_tail(buf, n);

	memset(buf2, 0xa5, XTCP_MAX_OPT_LEN);
	n2 = xtcp_options_build_synack(buf2, &so);
	FUZZ_CHECK(n2 == n && !memcmp(buf, buf2, n));
	fuzz_check_tail(buf2, n2);

	FUZZ_CHECK(xtcp_options_parse(buf, n, true, &q) == 0);
	FUZZ_CHECK(q.seen == (p->seen & handshake));
	FUZZ_CHECK(q.mss == p->mss && q.wscale == p->wscale);
	FUZZ_CHECK(q.wscale_raw == p->wscale);
	FUZZ_CHECK(q.tsval == p->tsval && q.tsecr == p->tsecr);
	FUZZ_CHECK(q.num_sack == 0);

	/* The same bytes on a non-SYN: only the timestamps count. */
	FUZZ_CHECK(xtcp_options_parse(buf, n, false, &q) == 0);
	FUZZ_CHECK(q.seen == (p->seen & XTCP_OPTF_TS));
	FUZZ_CHECK(q.tsval == p->tsval && q.tsecr == p->tsecr);
}

static void fuzz_roundtrip_ack(const struct xtcp_options *p, bool syn,
			       u8 *buf)
{
	bool ts = p->seen & XTCP_OPTF_TS;
	unsigned int n, k = p->num_sack;
	struct xtcp_options q;

	if (k > xtcp_options_max_sack(ts))
		k = xtcp_options_max_sack(ts);
	memset(buf, 0xa5, XTCP_MAX_OPT_LEN);
	n = xtcp_options_build_ack(buf, ts, p->tsval, p->tsecr, p->sack,
				   p->num_sack);
	FUZZ_CHECK(n % 4 == 0 && n <= XTCP_MAX_OPT_LEN);
	FUZZ_CHECK(n == (ts ? 12u : 0) + (k ? 4 + 8 * k : 0));
	fuzz_check_tail(buf, n);

	FUZZ_CHECK(xtcp_options_parse(buf, n, syn, &q) == 0);
	FUZZ_CHECK(q.seen ==
		   ((p->seen & XTCP_OPTF_TS) | (k ? XTCP_OPTF_SACK : 0)));
	FUZZ_CHECK(q.tsval == p->tsval && q.tsecr == p->tsecr);
	FUZZ_CHECK(q.num_sack == k);
	for (unsigned int i = 0; i < k; i++)
		FUZZ_CHECK(q.sack[i].start == p->sack[i].start &&
			   q.sack[i].end == p->sack[i].end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xtcp_options p, again;
	unsigned int len;
	u8 *opts, *buf, *buf2;
	bool syn;
	int err;

	if (size == 0)
		return 0;
	syn = data[0] & 1;
	len = size - 1 > XTCP_MAX_OPT_LEN ? XTCP_MAX_OPT_LEN : size - 1;
	if (size - 1 > XTCP_MAX_OPT_LEN)
		FUZZ_CHECK(xtcp_options_parse(data + 1, size - 1, syn, &p) ==
			   XTCP_OPT_ERR_TOO_LONG && fuzz_opts_zero(&p));

	/* Exactly sized heap copies, so that ASan sees any overrun. */
	opts = malloc(len ? len : 1);
	buf = malloc(XTCP_MAX_OPT_LEN);
	buf2 = malloc(XTCP_MAX_OPT_LEN);
	if (!opts || !buf || !buf2)
		abort();
	memcpy(opts, data + 1, len);

	err = xtcp_options_parse(opts, len, syn, &p);
	FUZZ_CHECK((err == 0) == fuzz_ref_wellformed(opts, len));
	if (err) {
		FUZZ_CHECK(err == XTCP_OPT_ERR_NO_LENGTH ||
			   err == XTCP_OPT_ERR_BAD_LENGTH ||
			   err == XTCP_OPT_ERR_OVERRUN);
		FUZZ_CHECK(fuzz_opts_zero(&p));
		goto out;
	}
	fuzz_check_invariants(&p, syn);
	FUZZ_CHECK(xtcp_options_parse(opts, len, syn, &again) == 0);
	FUZZ_CHECK(fuzz_opts_equal(&p, &again));

	if (syn)
		fuzz_roundtrip_handshake(&p, buf, buf2);
	fuzz_roundtrip_ack(&p, syn, buf);
out:
	free(buf2);
	free(buf);
	free(opts);
	return 0;
}

/* xorshift64*, fixed seed: the same corpus on every run and every host. */
static u64 fuzz_rng_state = 0x9e3779b97f4a7c15ull;

static u32 fuzz_rand(void)
{
	fuzz_rng_state ^= fuzz_rng_state >> 12;
	fuzz_rng_state ^= fuzz_rng_state << 25;
	fuzz_rng_state ^= fuzz_rng_state >> 27;
	return (u32)((fuzz_rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/*
 * Appends one option, usually a plausible one: random bytes alone would
 * seldom form a well-formed list holding known options.
 */
static unsigned int fuzz_gen_option(u8 *p, unsigned int room)
{
	static const u8 kinds[] = {
		XTCP_OPT_MSS, XTCP_OPT_WS, XTCP_OPT_SACK_PERM, XTCP_OPT_TS,
		XTCP_OPT_SACK,
	};
	static const u8 lens[] = {
		XTCP_OPTLEN_MSS, XTCP_OPTLEN_WS, XTCP_OPTLEN_SACK_PERM,
		XTCP_OPTLEN_TS, 0,
	};
	unsigned int r = fuzz_rand() % 16, k, n, emit, i;

	if (r < 2) {
		p[0] = XTCP_OPT_NOP;
		return 1;
	}
	if (r == 2) {
		p[0] = XTCP_OPT_EOL;
		return 1;
	}
	if (r == 3) {
		p[0] = (u8)fuzz_rand();
		return 1;
	}
	k = fuzz_rand() % (sizeof(kinds) + 1);
	if (k == sizeof(kinds)) {
		p[0] = (u8)(6 + fuzz_rand() % 250);	/* mostly unknown */
		n = 2 + fuzz_rand() % 10;
	} else {
		p[0] = kinds[k];
		n = lens[k] ? lens[k] : 2 + 8 * (1 + fuzz_rand() % 4);
		if (fuzz_rand() % 8 == 0)	/* a wrong length, maybe 0 or 1 */
			n = fuzz_rand() % 12;
	}
	emit = n < 2 ? 2 : n;
	if (emit > room) {
		if (fuzz_rand() % 2) {		/* pad with NOPs instead */
			for (i = 0; i < room; i++)
				p[i] = XTCP_OPT_NOP;
			return room;
		}
		emit = room;			/* truncated: malformed */
	}
	if (emit >= 2)
		p[1] = (u8)n;
	for (i = 2; i < emit; i++)
		p[i] = (u8)(fuzz_rand() % 4 ? fuzz_rand() : 0xff);
	/* Now and then a window scale or MSS at an edge. */
	if (p[0] == XTCP_OPT_WS && emit == 3)
		p[2] = (u8)(fuzz_rand() % 20);
	if (p[0] == XTCP_OPT_MSS && emit == 4 && fuzz_rand() % 4 == 0)
		memset(p + 2, 0, 2);
	return emit;
}

static void fuzz_gen_input(u8 *in, size_t *size)
{
	unsigned int len = 0, want = fuzz_rand() % (XTCP_MAX_OPT_LEN + 1);

	in[0] = (u8)fuzz_rand();
	if (fuzz_rand() % 4 == 0) {
		for (len = 0; len < want; len++)
			in[1 + len] = (u8)fuzz_rand();
	} else {
		while (len < want)
			len += fuzz_gen_option(in + 1 + len, want - len);
		if (fuzz_rand() % 4 == 0 && len)	/* one byte flipped */
			in[1 + fuzz_rand() % len] ^= (u8)(1 + fuzz_rand() % 255);
	}
	*size = 1 + len;
}

/**
 * xtcp_fuzz_options_corpus() - run the fuzz target over a fixed corpus
 * @nrandom: how many pseudo-random inputs to add to the exhaustive ones
 *
 * Every option list of 0, 1 and 2 bytes, on a SYN and on a non-SYN, then
 * @nrandom inputs from a fixed-seed generator, half of them made of
 * plausible options.
 *
 * Return: the number of inputs run.
 */
unsigned long xtcp_fuzz_options_corpus(unsigned long nrandom)
{
	u8 in[1 + XTCP_MAX_OPT_LEN + 1];
	unsigned long count = 0;
	size_t size;

	for (unsigned int syn = 0; syn < 2; syn++) {
		in[0] = (u8)syn;
		LLVMFuzzerTestOneInput(in, 1);
		count++;
		for (unsigned int a = 0; a < 256; a++) {
			in[1] = (u8)a;
			LLVMFuzzerTestOneInput(in, 2);
			count++;
			for (unsigned int b = 0; b < 256; b++) {
				in[2] = (u8)b;
				LLVMFuzzerTestOneInput(in, 3);
				count++;
			}
		}
	}
	/* One over-long list, which must be refused as such. */
	memset(in, XTCP_OPT_NOP, sizeof(in));
	LLVMFuzzerTestOneInput(in, sizeof(in));
	count++;

	fuzz_rng_state = 0x9e3779b97f4a7c15ull;
	for (unsigned long i = 0; i < nrandom; i++) {
		fuzz_gen_input(in, &size);
		LLVMFuzzerTestOneInput(in, size);
		count++;
	}
	return count;
}
