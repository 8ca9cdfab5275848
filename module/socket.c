// SPDX-License-Identifier: GPL-2.0
/*
 * The socket layer (struct proto_ops) of an xtcp stream socket: the system
 * calls on a socket file, kept thin, calling into the transport.
 *
 * Connection set-up and data transfer are not implemented yet: bind(),
 * connect(), listen() and accept() answer EOPNOTSUPP.  Every other call
 * answers what AF_INET's TCP answers for a socket that never connected,
 * errno for errno, and the selftests compare the two side by side.
 */
#include <linux/in.h>
#include <linux/poll.h>
#include <net/sock.h>

#include "compat.h"
#include "sock.h"
#include "socket.h"

static int xtcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	sock->sk = NULL;
	sk->sk_prot->close(sk, 0);
	return 0;
}

static int xtcp_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	return -EOPNOTSUPP;
}

static int xtcp_connect(struct socket *sock, struct sockaddr *uaddr,
			int addr_len, int flags)
{
	return -EOPNOTSUPP;
}

static int xtcp_listen(struct socket *sock, int backlog)
{
	return -EOPNOTSUPP;
}

static int xtcp_do_accept(struct socket *sock, struct socket *newsock,
			  int flags, bool kern)
{
	return -EOPNOTSUPP;
}

XTCP_DEFINE_PROTO_OPS_ACCEPT(xtcp_accept, xtcp_do_accept)

/*
 * getsockname() and getpeername() answer in AF_INET's sockaddr_in so that an
 * unmodified AF_INET program works when its socket() is redirected here.
 */
static int xtcp_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_in *, sin, uaddr);

	if (peer)
		return -ENOTCONN;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = 0;
	sin->sin_addr.s_addr = htonl(INADDR_ANY);
	return sizeof(*sin);
}

static __poll_t xtcp_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	struct sock *sk = sock->sk;
	u8 shutdown = READ_ONCE(sk->sk_shutdown);
	__poll_t mask = 0;

	sock_poll_wait(file, sock, wait);

	/* A closed socket hangs up, as tcp_poll() reports it. */
	if (shutdown == SHUTDOWN_MASK || READ_ONCE(sk->sk_state) == XTCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	/* Writable: there is no send buffer to fill yet, and after SHUT_WR
	 * tcp_poll() too reports POLLOUT so writers wake to their EPIPE.
	 */
	mask |= EPOLLOUT | EPOLLWRNORM;
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	return mask;
}

static int xtcp_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	return -ENOIOCTLCMD;
}

/*
 * shutdown() on a socket that is not connected: as inet_shutdown(), the
 * direction is still recorded (so poll() reports it) but the call answers
 * ENOTCONN.
 */
static int xtcp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;

	/* SHUT_RD/SHUT_WR/SHUT_RDWR (0..2) become the masks 1..3. */
	how++;
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;

	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	sk->sk_state_change(sk);
	release_sock(sk);
	return -ENOTCONN;
}

/* No TCP- or IP-level option is implemented yet. */
static int xtcp_setsockopt(struct socket *sock, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	return -ENOPROTOOPT;
}

static int xtcp_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	return -ENOPROTOOPT;
}

/* Writing to a socket that never connected: EPIPE, and SIGPIPE unless
 * MSG_NOSIGNAL, as tcp_sendmsg() does.
 */
static int xtcp_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	return sk_stream_error(sock->sk, msg->msg_flags, -EPIPE);
}

static int xtcp_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
			int flags)
{
	struct sock *sk = sock->sk;
	int err;

	/* Nothing is ever put on the error queue yet. */
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	/* No urgent data can have arrived. */
	if (flags & MSG_OOB)
		return -EINVAL;

	lock_sock(sk);
	if (sk->sk_err)
		err = sock_error(sk);
	else if (sk->sk_shutdown & RCV_SHUTDOWN)
		err = 0;
	else
		err = -ENOTCONN;
	release_sock(sk);
	return err;
}

/* Its .family is filled in at load time with the family number in use. */
struct proto_ops xtcp_stream_ops __ro_after_init = {
	.owner		= THIS_MODULE,
	.release	= xtcp_release,
	.bind		= xtcp_bind,
	.connect	= xtcp_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= xtcp_accept,
	.getname	= xtcp_getname,
	.poll		= xtcp_poll,
	.ioctl		= xtcp_ioctl,
	.gettstamp	= sock_gettstamp,
	.listen		= xtcp_listen,
	.shutdown	= xtcp_shutdown,
	.setsockopt	= xtcp_setsockopt,
	.getsockopt	= xtcp_getsockopt,
	.sendmsg	= xtcp_sendmsg,
	.recvmsg	= xtcp_recvmsg,
	.mmap		= sock_no_mmap,
};
