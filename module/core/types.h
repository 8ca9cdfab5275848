/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic types for xtcp's protocol core, which is compiled both into the
 * kernel module and into the userspace unit-test binary (unit/).
 *
 * Core files include only this header and each other: no kernel API, no libc
 * beyond what this header maps.
 */
#ifndef _XTCP_CORE_TYPES_H
#define _XTCP_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/limits.h>
#include <linux/math64.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#endif

/*
 * 64-bit division: the kernel's helpers (a plain '/' on u64 does not link
 * on 32-bit kernels), C's operator outside it.
 */
#ifdef __KERNEL__
#define xtcp_div_u64(dividend, divisor)		div_u64(dividend, divisor)
#define xtcp_div64_u64(dividend, divisor)	div64_u64(dividend, divisor)
#define xtcp_div64_s64(dividend, divisor)	div64_s64(dividend, divisor)
#else
static inline u64 xtcp_div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline u64 xtcp_div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline s64 xtcp_div64_s64(s64 dividend, s64 divisor)
{
	return dividend / divisor;
}
#endif

/* Type-fixed minimum and maximum (the kernel's min() is not for core files). */
static inline u32 xtcp_min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

static inline u32 xtcp_max_u32(u32 a, u32 b)
{
	return a > b ? a : b;
}

static inline u64 xtcp_min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static inline u64 xtcp_max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

#endif /* _XTCP_CORE_TYPES_H */
