// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP-level socket options (SOL_TCP) of an xtcp socket, with Linux's
 * bounds and errno: TCP_NODELAY, TCP_MAXSEG, TCP_CORK, TCP_KEEPIDLE,
 * TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT, TCP_INFO, TCP_CONGESTION and
 * TCP_USER_TIMEOUT.  Any other option answers ENOPROTOOPT.
 */
#include <linux/ip.h>
#include <linux/tcp.h>
#include <net/sock.h>

#include "cong.h"
#include "sock.h"
#include "sockopt.h"
#include "timer.h"
#include "wire.h"
#include "xmit.h"

/* Linux's bounds: MAX_TCP_SYNCNT, MAX_TCP_KEEPIDLE/INTVL/CNT, MAX_TCP_WINDOW. */
#define XTCP_MAX_SYNCNT		127
#define XTCP_MAX_KEEPIDLE	32767
#define XTCP_MAX_KEEPINTVL	32767
#define XTCP_MAX_KEEPCNT	127
#define XTCP_MAX_USER_MSS	32767U
/* TCP_INFO's "no threshold yet", as Linux reports it. */
#define XTCP_INFINITE_SSTHRESH	0x7fffffff

static int xtcp_set_congestion(struct sock *sk, sockptr_t optval,
			       unsigned int optlen)
{
	char name[XTCP_CONG_NAME_MAX];
	long len;
	int err;

	if (optlen < 1)
		return -EINVAL;
	len = strncpy_from_sockptr(name, optval,
				   min_t(long, XTCP_CONG_NAME_MAX - 1, optlen));
	if (len < 0)
		return -EFAULT;
	name[len] = 0;
	lock_sock(sk);
	err = xtcp_cong_set(sk, name);
	release_sock(sk);
	return err;
}

/**
 * xtcp_setsockopt_tcp() - setsockopt() at SOL_TCP
 * @sk: the socket
 * @optname: the option
 * @optval: the user's value
 * @optlen: its length
 *
 * Return: 0; -EINVAL for a short @optlen or a value out of Linux's bounds;
 * -EFAULT; -ENOENT for an unknown congestion control; -ENOPROTOOPT for an
 * option xtcp does not have.
 */
int xtcp_setsockopt_tcp(struct sock *sk, int optname, sockptr_t optval,
			unsigned int optlen)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int val, err = 0;

	if (optname == TCP_CONGESTION)
		return xtcp_set_congestion(sk, optval, optlen);
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;

	lock_sock(sk);
	switch (optname) {
	case TCP_NODELAY:
		if (val) {
			xs->nonagle |= XTCP_NAGLE_OFF;
			/* What Nagle held back goes now. */
			xtcp_push(sk, 0);
		} else {
			xs->nonagle &= ~XTCP_NAGLE_OFF;
		}
		break;
	case TCP_CORK:
		if (val) {
			xs->nonagle |= XTCP_NAGLE_CORK;
		} else {
			xs->nonagle &= ~XTCP_NAGLE_CORK;
			/* Uncorking sends the partial segment at once. */
			xtcp_push(sk, XTCP_NAGLE_OFF);
		}
		break;
	case TCP_MAXSEG:
		if (val && (val < XTCP_MIN_MSS || val > XTCP_MAX_USER_MSS))
			err = -EINVAL;
		else
			xs->user_mss = val;
		break;
	case TCP_KEEPIDLE:
		if (val < 1 || val > XTCP_MAX_KEEPIDLE) {
			err = -EINVAL;
			break;
		}
		xs->keepalive_idle = val * HZ;
		if (sock_flag(sk, SOCK_KEEPOPEN))
			xtcp_timer_keepalive(sk, 1);
		break;
	case TCP_KEEPINTVL:
		if (val < 1 || val > XTCP_MAX_KEEPINTVL)
			err = -EINVAL;
		else
			xs->keepalive_intvl = val * HZ;
		break;
	case TCP_KEEPCNT:
		if (val < 1 || val > XTCP_MAX_KEEPCNT)
			err = -EINVAL;
		else
			xs->keepalive_cnt = val;
		break;
	case TCP_SYNCNT:
		if (val < 1 || val > XTCP_MAX_SYNCNT)
			err = -EINVAL;
		else
			xs->syn_retries = val;
		break;
	case TCP_USER_TIMEOUT:
		if (val < 0)
			err = -EINVAL;
		else
			xs->user_timeout_ms = val;
		break;
	default:
		err = -ENOPROTOOPT;
		break;
	}
	release_sock(sk);
	return err;
}

/* TCP_INFO: what tools like ss read about a connection. */
static void xtcp_get_info(struct sock *sk, struct tcp_info *info)
{
	const struct xtcp_sock *xs = xtcp_sk(sk);
	u32 mss = xs->mss ? : XTCP_DEFAULT_MSS;

	memset(info, 0, sizeof(*info));
	lock_sock(sk);
	info->tcpi_state = sk->sk_state;
	info->tcpi_ca_state = xs->ca_state;
	info->tcpi_retransmits = xs->retries;
	info->tcpi_probes = xs->probes_out;
	if (xs->ts_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (xs->sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (xs->wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = xs->snd_wscale;
		info->tcpi_rcv_wscale = xs->rcv_wscale;
	}
	info->tcpi_rto = jiffies_to_usecs(xs->rto);
	info->tcpi_snd_mss = mss;
	info->tcpi_rcv_mss = xs->rcv_mss;
	info->tcpi_rcv_rtt = xs->rcv_rtt_us8 >> 3;
	info->tcpi_rcv_space = xs->rcvq_space;
	info->tcpi_unacked = skb_queue_len(&xs->rtx_queue);
	info->tcpi_lost = DIV_ROUND_UP(xs->lost_bytes, mss);
	info->tcpi_sacked = DIV_ROUND_UP(xs->sacked_bytes, mss);
	info->tcpi_last_data_recv = jiffies_to_msecs(jiffies - xs->rcv_tstamp);
	info->tcpi_last_ack_recv = info->tcpi_last_data_recv;
	info->tcpi_pmtu = xs->pmtu_cookie;
	info->tcpi_rtt = xs->rtt.srtt_us;
	info->tcpi_rttvar = xs->rtt.rttvar_us;
	info->tcpi_snd_ssthresh = xs->snd_ssthresh == U32_MAX ?
				  XTCP_INFINITE_SSTHRESH : xs->snd_ssthresh / mss;
	info->tcpi_snd_cwnd = xs->snd_cwnd / mss;
	info->tcpi_advmss = xs->adv_mss;
	info->tcpi_reordering = 3;
	info->tcpi_total_retrans = xs->total_retrans;
	info->tcpi_segs_out = xs->segs_out;
	info->tcpi_data_segs_out = xs->data_segs_out;
	info->tcpi_bytes_acked = xs->bytes_acked;
	info->tcpi_bytes_sent = xs->bytes_sent;
	info->tcpi_bytes_retrans = 0;
	info->tcpi_notsent_bytes = xs->write_seq - xs->snd_nxt;
	info->tcpi_snd_wnd = xs->snd_wnd;
	if ((1 << sk->sk_state) & ~((1 << XTCP_CLOSE) | (1 << XTCP_LISTEN) |
				    (1 << XTCP_SYN_SENT)))
		info->tcpi_bytes_received = xs->rcv_nxt - xs->irs - 1 -
					    xs->fin_rcvd;
	release_sock(sk);
}

/**
 * xtcp_getsockopt_tcp() - getsockopt() at SOL_TCP
 * @sk: the socket
 * @optname: the option
 * @optval: where the value goes
 * @optlen: in: room at @optval; out: bytes written
 *
 * Return: 0, -EINVAL for a negative length, -EFAULT, or -ENOPROTOOPT.
 */
int xtcp_getsockopt_tcp(struct sock *sk, int optname, char __user *optval,
			int __user *optlen)
{
	struct xtcp_sock *xs = xtcp_sk(sk);
	int val, len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TCP_INFO: {
		struct tcp_info info;

		xtcp_get_info(sk, &info);
		len = min_t(unsigned int, len, sizeof(info));
		if (put_user(len, optlen) || copy_to_user(optval, &info, len))
			return -EFAULT;
		return 0;
	}
	case TCP_CONGESTION: {
		const struct xtcp_cong_ops *cong = READ_ONCE(xs->cong);

		len = min_t(unsigned int, len, XTCP_CONG_NAME_MAX);
		if (put_user(len, optlen) ||
		    copy_to_user(optval, cong->name, len))
			return -EFAULT;
		return 0;
	}
	case TCP_NODELAY:
		val = !!(READ_ONCE(xs->nonagle) & XTCP_NAGLE_OFF);
		break;
	case TCP_CORK:
		val = !!(READ_ONCE(xs->nonagle) & XTCP_NAGLE_CORK);
		break;
	case TCP_MAXSEG: {
		/*
		 * Linux: the MSS in use, which a connection that ended keeps
		 * (its mss_cache); TCP_MAXSEG's value on a closed or
		 * listening socket that set it; 536 before any connection.
		 */
		int state = READ_ONCE(sk->sk_state);
		u32 mss = READ_ONCE(xs->mss);

		if (state == XTCP_SYN_SENT || state == XTCP_LISTEN ||
		    (state == XTCP_CLOSE && (!mss || READ_ONCE(xs->user_mss))))
			val = READ_ONCE(xs->user_mss) ? : XTCP_DEFAULT_MSS;
		else
			val = mss;
		break;
	}
	case TCP_KEEPIDLE:
		val = xtcp_keepalive_idle(sk) / HZ;
		break;
	case TCP_KEEPINTVL:
		val = xtcp_keepalive_intvl(sk) / HZ;
		break;
	case TCP_KEEPCNT:
		val = xtcp_keepalive_cnt(sk);
		break;
	case TCP_SYNCNT:
		val = READ_ONCE(xs->syn_retries);
		break;
	case TCP_USER_TIMEOUT:
		val = READ_ONCE(xs->user_timeout_ms);
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = min_t(unsigned int, len, sizeof(int));
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}
