#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Loading and unloading xtcp: the family number in sysfs, module references
# held by open sockets, and the clean refusal of a family number that is out
# of range or already registered.  Expects the module loaded with defaults
# and leaves it so.

. "$(dirname "$0")/lib.sh"

ktap_print_header
ktap_set_plan 14

if ! xtcp_loaded; then
	ktap_exit_fail_msg "xtcp is not loaded"
fi

check "sysfs family is the default 25" [ "$(xtcp_family)" = 25 ]
check "sysfs family is read-only" [ "$(stat -c %a "$FAMILY_SYSFS")" = 444 ]
wait_xtcp_unused
check "no references without sockets" [ "$(cat /sys/module/xtcp/refcnt)" = 0 ]

hold_socket 25
# One reference through the socket's proto_ops, one through its struct proto;
# on a lockdep kernel (PROVE_LOCKING: /proc/lockdep_chains) a third: the
# socket uses xtcp's own lock classes, whose keys live in the module
# (sock_lock_init_class_and_name() pins it, sk_owner).
refs=2
[ ! -e /proc/lockdep_chains ] || refs=3
check "an open socket holds module references" [ "$(cat /sys/module/xtcp/refcnt)" = "$refs" ]
rmmod xtcp 2>/dev/null
check "rmmod refused while a socket is open" xtcp_loaded
release_socket
check "closing the socket drops the reference" [ "$(cat /sys/module/xtcp/refcnt)" = 0 ]

rmmod xtcp
check "rmmod succeeds once the socket is closed" [ ! -d /sys/module/xtcp ]
check "socket() without the module: EAFNOSUPPORT" [ "$(socket_errno 25)" = 97 ]

# refuse_load PARAM MESSAGE: insmod fails, says MESSAGE in the log, leaves nothing.
refuse_load() {
	kmsg_mark
	if insmod "$XTCP_KO" "$1" 2>/dev/null; then
		rmmod xtcp
		echo "# insmod $1 succeeded"
		return 1
	fi
	if xtcp_loaded; then
		echo "# module present after a failed insmod $1"
		return 1
	fi
	if ! kmsg_since | grep -q "xtcp: $2"; then
		echo "# no '$2' in the kernel log after insmod $1:"
		kmsg_since | sed 's/^/#   /'
		return 1
	fi
}

taken_families_refused() {
	# AF_UNIX, AF_INET, AF_NETLINK, AF_PACKET: registered by the kernel itself.
	for f in 1 2 16 17; do
		refuse_load "family=$f" "address family $f is already registered" || return 1
	done
}
check "a registered family number is refused with a message" taken_families_refused

out_of_range_refused() {
	for f in 0 46 -1 1000; do
		refuse_load "family=$f" "family=$f is out of range" || return 1
	done
}
check "an out-of-range family number is refused with a message" out_of_range_refused

insmod "$XTCP_KO" family=19
check "loads with family=19" [ "$(cat "$FAMILY_SYSFS" 2>/dev/null)" = 19 ]
only_19_works() {
	[ "$(socket_errno 19)" = 0 ] && [ "$(socket_errno 25)" = 97 ]
}
check "family=19: socket(19) works, socket(25) does not" only_19_works
rmmod xtcp

insmod "$XTCP_KO"
check "reloads with the default family" [ "$(xtcp_family)" = 25 ]
check "socket() works after reload" [ "$(socket_errno 25)" = 0 ]

ktap_finished
