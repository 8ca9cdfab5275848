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
#endif

#endif /* _XTCP_CORE_TYPES_H */
