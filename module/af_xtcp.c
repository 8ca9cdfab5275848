// SPDX-License-Identifier: GPL-2.0
/*
 * Plumbing between the kernel's socket layer and xtcp: the address family
 * (struct net_proto_family), the protosw table that socket() dispatches on,
 * and the registration of struct proto.  No protocol logic lives here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/net.h>
#include <net/sock.h>

#include "af_xtcp.h"
#include "sock.h"
#include "socket.h"

/**
 * struct xtcp_protosw - one kind of socket the family offers
 * @type: the socket type (SOCK_STREAM...)
 * @protocol: the protocol number it answers to; a socket() call with
 *	protocol 0 gets this one
 * @prot: the transport operations
 * @ops: the socket-layer operations
 *
 * The same idea as the kernel's struct inet_protosw, without its list and
 * flags: xtcp's table is fixed at build time.
 */
struct xtcp_protosw {
	unsigned short type;
	unsigned short protocol;
	struct proto *prot;
	const struct proto_ops *ops;
};

static const struct xtcp_protosw xtcp_protosw[] = {
	{
		.type		= SOCK_STREAM,
		.protocol	= IPPROTO_TCP,
		.prot		= &xtcp_prot,
		.ops		= &xtcp_stream_ops,
	},
};

static int xtcp_family_in_use;

/*
 * Find the protosw entry for a socket() call, resolving protocol 0 to the
 * entry's own.  The errors are inet_create()'s: ESOCKTNOSUPPORT for a type
 * the family has no entry for, EPROTONOSUPPORT for a known type with another
 * protocol.
 */
static const struct xtcp_protosw *xtcp_protosw_lookup(int type, int *protocol,
						      int *err)
{
	int i;

	*err = -ESOCKTNOSUPPORT;
	for (i = 0; i < ARRAY_SIZE(xtcp_protosw); i++) {
		const struct xtcp_protosw *sw = &xtcp_protosw[i];

		if (sw->type != type)
			continue;
		if (*protocol == sw->protocol)
			return sw;
		if (*protocol == IPPROTO_IP) {
			*protocol = sw->protocol;
			return sw;
		}
		*err = -EPROTONOSUPPORT;
	}
	return NULL;
}

static int xtcp_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	const struct xtcp_protosw *sw;
	struct sock *sk;
	int err;

	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;

	sw = xtcp_protosw_lookup(sock->type, &protocol, &err);
	if (!sw)
		return err;

	sk = sk_alloc(net, xtcp_family_in_use, GFP_KERNEL, sw->prot, kern);
	if (!sk)
		return -ENOBUFS;

	sock->state = SS_UNCONNECTED;
	sock->ops = sw->ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	xtcp_socket_graft_flags(sock);
	xtcp_sock_init(sk);
	return 0;
}

static struct net_proto_family xtcp_family_ops __ro_after_init = {
	.create	= xtcp_create,
	.owner	= THIS_MODULE,
};

/**
 * xtcp_family_register() - offer AF_XTCP sockets under a family number
 * @family: the address family number to register, 1..AF_MAX-1
 *
 * Registers &xtcp_prot (with its slab cache) and then the family.  The
 * number must be free: every number is named in the kernel headers, so a
 * clash means another module registered it first.
 *
 * Return: 0; -EINVAL for a number out of range; -EBUSY when the number is
 * registered already (not sock_register()'s -EEXIST, which insmod would
 * print as if xtcp itself were loaded twice); or proto_register()'s error.
 */
int xtcp_family_register(int family)
{
	int err;

	if (family <= AF_UNSPEC || family >= AF_MAX) {
		pr_err("family=%d is out of range: choose 1..%d\n",
		       family, AF_MAX - 1);
		return -EINVAL;
	}

	err = proto_register(&xtcp_prot, 1);
	if (err) {
		pr_err("proto_register failed: %d\n", err);
		return err;
	}

	xtcp_family_in_use = family;
	xtcp_family_ops.family = family;
	xtcp_stream_ops.family = family;
	err = sock_register(&xtcp_family_ops);
	if (err) {
		if (err == -EEXIST) {
			pr_err("address family %d is already registered by another protocol; load xtcp with family=N for a free number\n",
			       family);
			err = -EBUSY;
		} else {
			pr_err("sock_register(%d) failed: %d\n", family, err);
		}
		proto_unregister(&xtcp_prot);
		return err;
	}
	pr_info("address family %d registered\n", family);
	return 0;
}

/**
 * xtcp_family_unregister() - withdraw the family and the proto
 *
 * Called only when no xtcp socket exists: every socket holds a reference on
 * the module.  sock_unregister() waits for socket() calls still in flight.
 */
void xtcp_family_unregister(void)
{
	sock_unregister(xtcp_family_in_use);
	proto_unregister(&xtcp_prot);
}
