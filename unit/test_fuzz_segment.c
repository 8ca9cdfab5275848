// SPDX-License-Identifier: GPL-2.0
/*
 * The segment-path fuzz target (fuzz_segment.c) over its deterministic
 * corpus and the seeds committed under unit/seeds/segment/, as part of the
 * unit tests: every run of `make unit` walks the decision path this way.
 */
#include <dirent.h>

#include "kselftest_harness.h"

#include "fuzz_segment.c"

TEST(segment_path__fuzz_deterministic)
{
	unsigned long n = xtcp_fuzz_segment_corpus(100000);

	EXPECT_EQ(100000UL, n);
}

TEST(segment_path__fuzz_seeds)
{
	static u8 buf[1 << 16];
	struct dirent *d;
	int seeds = 0;
	DIR *dir;

	dir = opendir("seeds/segment");
	ASSERT_NE(NULL, dir);
	while ((d = readdir(dir))) {
		char path[512];
		size_t len;
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "seeds/segment/%s", d->d_name);
		f = fopen(path, "rb");
		ASSERT_NE(NULL, f);
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		xtcp_fuzz_segment_one(buf, len);
		seeds++;
	}
	closedir(dir);
	EXPECT_LT(0, seeds);
}
