/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xtcp user API: the address family number and the constants a program needs
 * to open and use an xtcp socket.
 *
 * xtcp is an independent TCP/IPv4 implementation that lives behind its own
 * address family.  A program opens it with
 *
 *	socket(AF_XTCP, SOCK_STREAM, 0)		or
 *	socket(AF_XTCP, SOCK_STREAM, IPPROTO_TCP)
 *
 * and then uses ordinary IPv4 addresses (struct sockaddr_in, with sin_family
 * either AF_INET or AF_XTCP) with the usual socket calls.
 */
#ifndef _UAPI_LINUX_XTCP_H
#define _UAPI_LINUX_XTCP_H

#include <linux/types.h>

/**
 * AF_XTCP_DEFAULT - the address family number xtcp registers by default.
 *
 * Every number below AF_MAX is already named in the kernel headers, so xtcp
 * borrows one whose owner never reached the mainline kernel: 25, AF_WANPIPE
 * (Sangoma's WANPIPE API sockets, an out-of-tree driver).  No in-tree module
 * of Linux 6.1 or 6.12 registers it.  Tools such as strace therefore print
 * xtcp sockets as "AF_WANPIPE".
 *
 * The module parameter "family=" chooses another number at load time.  The
 * number in use is always readable from
 * /sys/module/xtcp/parameters/family; programs that must work with a
 * non-default number should read it from there (see xtcp_family() in
 * selftests/xtcp_lib.h for an example).
 */
#define AF_XTCP_DEFAULT		25
#define PF_XTCP_DEFAULT		AF_XTCP_DEFAULT

#ifndef AF_XTCP
#define AF_XTCP			AF_XTCP_DEFAULT
#define PF_XTCP			AF_XTCP
#endif

/** XTCP_FAMILY_SYSFS - where the loaded module publishes its family number. */
#define XTCP_FAMILY_SYSFS	"/sys/module/xtcp/parameters/family"

#endif /* _UAPI_LINUX_XTCP_H */
