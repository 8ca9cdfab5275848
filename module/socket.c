// SPDX-License-Identifier: GPL-2.0
/*
 * The socket layer (struct proto_ops) of an xtcp stream socket: the system
 * calls on a socket file, kept thin, calling into the transport (sock.c,
 * send.c, recv.c, sockopt.c).  Argument checks and errno follow AF_INET's
 * inet_stream_ops (net/ipv4/af_inet.c), call for call.
 */
#include <linux/in.h>
#include <linux/poll.h>
#include <linux/sockios.h>
#include <asm/ioctls.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/sock.h>

#include "compat.h"
#include "netdev.h"
#include "recv.h"
#include "send.h"
#include "sock.h"
#include "socket.h"
#include "sockopt.h"
#include "tables.h"

static int xtcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	long timeout = 0;

	if (!sk)
		return 0;
	/* As inet_release(): linger unless the process is exiting. */
	if (sock_flag(sk, SOCK_LINGER) && !(current->flags & PF_EXITING))
		timeout = sk->sk_lingertime;
	sock->sk = NULL;
	sk->sk_prot->close(sk, timeout);
	return 0;
}

/*
 * Check a user's IPv4 address: long enough, and of family AF_INET or
 * xtcp's own (accepted alike so a redirected AF_INET program works).
 */
static int xtcp_check_sockaddr(const struct sock *sk, const struct sockaddr *uaddr,
			       int addr_len)
{
	if (addr_len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (uaddr->sa_family != AF_INET && uaddr->sa_family != sk->sk_family)
		return -EAFNOSUPPORT;
	return 0;
}

static int xtcp_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	struct net *net = sock_net(sk);
	__be32 addr;
	u16 port;
	int err;

	err = xtcp_check_sockaddr(sk, uaddr, addr_len);
	if (err)
		return err;
	addr = sin->sin_addr.s_addr;
	port = ntohs(sin->sin_port);

	/* Only addresses xtcp owns here, as AF_INET's EADDRNOTAVAIL for
	 * addresses the host does not have (no IP_FREEBIND yet).
	 */
	if (addr != htonl(INADDR_ANY) && !xtcp_netdev_owns_addr(net, addr))
		return -EADDRNOTAVAIL;
	if (port && inet_port_requires_bind_service(net, port) &&
	    !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	err = -EINVAL;
	if (sk->sk_state != XTCP_CLOSE || sk->sk_num)
		goto out;
	err = xtcp_bind_port(sk, addr, port);
	if (err)
		goto out;
	if (addr)
		sk->sk_userlocks |= SOCK_BINDADDR_LOCK;
	sk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	sk->sk_daddr = 0;
	sk->sk_dport = 0;
out:
	release_sock(sk);
	return err;
}

/* Wait until the handshake ends; returns the time left. */
static long xtcp_wait_for_connect(struct sock *sk, long timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(sk_sleep(sk), &wait);
	while ((1 << sk->sk_state) &
	       ((1 << XTCP_SYN_SENT) | (1 << XTCP_SYN_RECV))) {
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
		if (signal_pending(current) || !timeo)
			break;
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return timeo;
}

static int xtcp_connect(struct socket *sock, struct sockaddr *uaddr,
			int addr_len, int flags)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	long timeo;
	int err;

	if (addr_len < (int)sizeof(uaddr->sa_family))
		return -EINVAL;

	lock_sock(sk);
	/* connect(AF_UNSPEC) dissolves the association. */
	if (uaddr->sa_family == AF_UNSPEC) {
		xtcp_disconnect(sk);
		sock->state = SS_UNCONNECTED;
		err = 0;
		goto out;
	}

	switch (sock->state) {
	default:
		err = -EINVAL;
		goto out;
	case SS_CONNECTED:
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		err = -EALREADY;
		break;
	case SS_UNCONNECTED:
		err = -EISCONN;
		if (sk->sk_state != XTCP_CLOSE)
			goto out;
		err = xtcp_check_sockaddr(sk, uaddr, addr_len);
		if (err)
			goto out;
		err = xtcp_connect_start(sk, sin->sin_addr.s_addr, sin->sin_port);
		if (err)
			goto out;
		sock->state = SS_CONNECTING;
		err = -EINPROGRESS;
		break;
	}

	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	if ((1 << sk->sk_state) & ((1 << XTCP_SYN_SENT) | (1 << XTCP_SYN_RECV))) {
		/* err is EINPROGRESS or EALREADY for a non-blocking caller. */
		if (!timeo || !xtcp_wait_for_connect(sk, timeo))
			goto out;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			goto out;
	}

	/* Refused, reset or timed out. */
	if (sk->sk_state == XTCP_CLOSE) {
		err = sock_error(sk) ? : -ECONNABORTED;
		sock->state = SS_UNCONNECTED;
		xtcp_disconnect(sk);
		goto out;
	}
	sock->state = SS_CONNECTED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int xtcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	int err = -EINVAL;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED)
		goto out;
	if (sk->sk_state != XTCP_CLOSE && sk->sk_state != XTCP_LISTEN)
		goto out;
	err = xtcp_listen_start(sk, backlog);
out:
	release_sock(sk);
	return err;
}

static int xtcp_do_accept(struct socket *sock, struct socket *newsock,
			  int flags, bool kern)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = sock->sk;
	struct sock *child = NULL;
	long timeo;
	int err;

	lock_sock(sk);
	timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	add_wait_queue_exclusive(sk_sleep(sk), &wait);
	for (;;) {
		err = -EINVAL;
		if (sk->sk_state != XTCP_LISTEN)
			break;
		child = xtcp_accept_dequeue(sk);
		if (child) {
			err = 0;
			break;
		}
		err = -EAGAIN;
		if (!timeo)
			break;
		err = sock_intr_errno(timeo);
		if (signal_pending(current))
			break;
		release_sock(sk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(sk);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	release_sock(sk);
	if (err)
		return err;

	xtcp_accept_graft(child, newsock);
	return 0;
}

XTCP_DEFINE_PROTO_OPS_ACCEPT(xtcp_accept, xtcp_do_accept)

/*
 * getsockname() and getpeername() answer in AF_INET's sockaddr_in so that an
 * unmodified AF_INET program works when its socket() is redirected here.
 * @peer is 1 for getpeername() and 2 when accept() asks for the peer.
 */
static int xtcp_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	DECLARE_SOCKADDR(struct sockaddr_in *, sin, uaddr);
	struct sock *sk = sock->sk;
	int state = READ_ONCE(sk->sk_state);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (peer) {
		if (!sk->sk_dport ||
		    (((1 << state) & ((1 << XTCP_CLOSE) | (1 << XTCP_SYN_SENT))) &&
		     peer == 1))
			return -ENOTCONN;
		sin->sin_port = sk->sk_dport;
		sin->sin_addr.s_addr = sk->sk_daddr;
	} else {
		sin->sin_port = htons(sk->sk_num);
		sin->sin_addr.s_addr = sk->sk_rcv_saddr;
	}
	return sizeof(*sin);
}

static __poll_t xtcp_poll(struct file *file, struct socket *sock,
			  poll_table *wait)
{
	struct sock *sk = sock->sk;
	int state = READ_ONCE(sk->sk_state);
	u8 shutdown;
	__poll_t mask = 0;

	sock_poll_wait(file, sock, wait);

	if (state == XTCP_LISTEN)
		return xtcp_accept_queue_empty(sk) ? 0 : EPOLLIN | EPOLLRDNORM;

	shutdown = READ_ONCE(sk->sk_shutdown);
	/* A closed socket hangs up, as tcp_poll() reports it. */
	if (shutdown == SHUTDOWN_MASK || state == XTCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	/* Nothing is readable or writable while the handshake runs. */
	if (state != XTCP_SYN_SENT && state != XTCP_SYN_RECV) {
		if (xtcp_readable(sk))
			mask |= EPOLLIN | EPOLLRDNORM;
		/* Writable while the send buffer has room; after SHUT_WR
		 * always, as tcp_poll() says, so writers wake to their EPIPE.
		 */
		if (shutdown & SEND_SHUTDOWN) {
			mask |= EPOLLOUT | EPOLLWRNORM;
		} else if (__sk_stream_is_writeable(sk, 1)) {
			mask |= EPOLLOUT | EPOLLWRNORM;
		} else {
			/* Ask for a wake-up, then look again: an ACK may have
			 * freed room in between.
			 */
			sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			smp_mb__after_atomic();
			if (__sk_stream_is_writeable(sk, 1))
				mask |= EPOLLOUT | EPOLLWRNORM;
		}
	}
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	return mask;
}

static int xtcp_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	int answer;

	switch (cmd) {
	case SIOCINQ:
		return xtcp_ioctl_inq(sk, (int __user *)arg);
	case SIOCOUTQ:
		if (READ_ONCE(sk->sk_state) == XTCP_LISTEN)
			return -EINVAL;
		answer = xtcp_outq(sk);
		break;
	case SIOCOUTQNSD:
		if (READ_ONCE(sk->sk_state) == XTCP_LISTEN)
			return -EINVAL;
		answer = xtcp_outq_unsent(sk);
		break;
	default:
		return -ENOIOCTLCMD;
	}
	return put_user(answer, (int __user *)arg);
}

/* shutdown(), as inet_shutdown(). */
static int xtcp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	/* SHUT_RD/SHUT_WR/SHUT_RDWR (0..2) become the masks 1..3. */
	how++;
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;

	lock_sock(sk);
	if (sock->state == SS_CONNECTING) {
		if ((1 << sk->sk_state) & ((1 << XTCP_SYN_SENT) |
					   (1 << XTCP_SYN_RECV) |
					   (1 << XTCP_CLOSE)))
			sock->state = SS_DISCONNECTING;
		else
			sock->state = SS_CONNECTED;
	}

	switch (sk->sk_state) {
	case XTCP_CLOSE:
		err = -ENOTCONN;
		/* The direction is still recorded, so poll() reports it. */
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		break;
	case XTCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		fallthrough;
	case XTCP_SYN_SENT:
		xtcp_disconnect(sk);
		sock->state = SS_UNCONNECTED;
		break;
	default:
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
		xtcp_shutdown_sock(sk, how);
		break;
	}
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

/**
 * xtcp_socket_graft_flags() - flags every xtcp struct socket carries
 * @sock: a socket of socket() or accept()
 *
 * Where the kernel allows it, SOL_SOCKET options come through
 * xtcp_setsockopt(): the generic sock_setsockopt() refuses SO_REUSEPORT to
 * any family but AF_INET and AF_INET6.  On 6.1 it cannot be had, and
 * SO_REUSEPORT answers EOPNOTSUPP.
 */
void xtcp_socket_graft_flags(struct socket *sock)
{
	xtcp_compat_custom_sol_socket(sock);
}

static int xtcp_setsockopt(struct socket *sock, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	int val;

	if (level == SOL_SOCKET) {
		if (optname != SO_REUSEPORT)
			return sock_setsockopt(sock, level, optname, optval,
					       optlen);
		if (optlen < sizeof(int))
			return -EINVAL;
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			return -EFAULT;
		lock_sock(sk);
		sk->sk_reuseport = !!val;
		release_sock(sk);
		return 0;
	}
	if (level != SOL_TCP)
		return -ENOPROTOOPT;
	return xtcp_setsockopt_tcp(sk, optname, optval, optlen);
}

static int xtcp_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	if (level != SOL_TCP)
		return -ENOPROTOOPT;
	return xtcp_getsockopt_tcp(sock->sk, optname, optval, optlen);
}

static int xtcp_sock_sendmsg(struct socket *sock, struct msghdr *msg,
			     size_t len)
{
	return xtcp_sendmsg(sock->sk, msg, len);
}

static int xtcp_sock_recvmsg(struct socket *sock, struct msghdr *msg,
			     size_t len, int flags)
{
	/* Nothing is ever put on the error queue yet. */
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;
	/* Urgent data is not delivered out of band (RFC 6093). */
	if (flags & MSG_OOB)
		return -EINVAL;
	return xtcp_recvmsg(sock->sk, msg, len, flags);
}

/*
 * SO_RCVLOWAT, as Linux's TCP takes it: at most half the largest receive
 * buffer the socket may have, and the buffer grows to hold it unless the
 * user fixed SO_RCVBUF.
 */
static int xtcp_set_rcvlowat(struct sock *sk, int val)
{
	bool locked = sk->sk_userlocks & SOCK_RCVBUF_LOCK;
	int cap = locked ? READ_ONCE(sk->sk_rcvbuf) >> 1 :
		  READ_ONCE(sock_net(sk)->ipv4.sysctl_tcp_rmem[2]) >> 1;

	val = min(val, cap);
	WRITE_ONCE(sk->sk_rcvlowat, val ? : 1);
	/* Readers may be satisfied by what is queued already. */
	sk->sk_data_ready(sk);
	if (!locked && val > READ_ONCE(sk->sk_rcvbuf) / 2)
		WRITE_ONCE(sk->sk_rcvbuf, 2 * val);
	return 0;
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
	.sendmsg	= xtcp_sock_sendmsg,
	.recvmsg	= xtcp_sock_recvmsg,
	.mmap		= sock_no_mmap,
	.set_rcvlowat	= xtcp_set_rcvlowat,
};
