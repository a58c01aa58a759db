/*
 * loop.c - one thread, one poll(): the signal pipe and the vpcd socket.
 *
 * States: WAIT (no connection; retry every RETRY_MS), CONNECTING (a
 * non-blocking connect is in progress), CONNECTED, PULLED (SIGUSR1:
 * the card is out of the reader until SIGUSR2).  Losing the connection
 * or pulling the card is a power off: the volatile state is cleared.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "vcard/card.h"
#include "vcard/diag.h"
#include "vcard/loop.h"
#include "vcard/sig.h"
#include "vcard/trace.h"
#include "vcard/vpcd.h"

#define RETRY_MS		100
#define CONNECT_TIMEOUT_MS	2000

enum loop_state {
	ST_WAIT,
	ST_CONNECTING,
	ST_CONNECTED,
	ST_PULLED,
};

struct vc_loop {
	struct vc_card	*card;
	const char	*host;
	const char	*port;
	int		 sigfd;
	int		 fd;
	enum loop_state	 st;
	unsigned	 attempt;
	int		 quit;		/* 1: signal, -1: fatal error */
	const char	*last_why;	/* connect failure already traced */
	struct vpcd_rx	 rx;
	blob_t		*resp;
	blob_t		*tx;
};

static void
drop(struct vc_loop *l, enum loop_state next, const char *why)
{
	if (l->fd >= 0) {
		close(l->fd);
		l->fd = -1;
		vc_trace_msg("disconnected: %s", why);
	}
	vc_vpcd_rx_clear(&l->rx);
	vc_card_power(l->card);
	l->st = next;
}

static void
connect_failed(struct vc_loop *l, const char *why)
{
	if (l->last_why == NULL || strcmp(l->last_why, why) != 0)
		vc_trace_msg("waiting for vpcd at %s:%s (%s); retrying every "
		    "%d ms", l->host, l->port, why, RETRY_MS);
	l->last_why = why;
	if (l->fd >= 0) {
		close(l->fd);	/* never connected: no "disconnected" */
		l->fd = -1;
	}
	drop(l, ST_WAIT, why);
}

static void
connect_start(struct vc_loop *l)
{
	const char *why;

	if (vc_vpcd_connect(l->host, l->port, l->attempt++, &l->fd, &why) != 0)
		connect_failed(l, why);
	else
		l->st = ST_CONNECTING;
}

static void
connect_finish(struct vc_loop *l)
{
	const char *why;

	if (vc_vpcd_connected(l->fd, &why) != 0) {
		connect_failed(l, why);
		return;
	}
	vc_trace_msg("connected to vpcd at %s:%s", l->host, l->port);
	l->last_why = NULL;
	l->attempt = 0;
	l->st = ST_CONNECTED;
	vc_vpcd_rx_clear(&l->rx);
	vc_card_power(l->card);
}

static void
on_signal(struct vc_loop *l, int signo)
{
	switch (signo) {
	case SIGUSR1:
		if (l->st == ST_PULLED)
			break;
		vc_trace_msg("SIGUSR1: card pulled");
		drop(l, ST_PULLED, "card pulled");
		break;
	case SIGUSR2:
		if (l->st != ST_PULLED)
			break;
		vc_trace_msg("SIGUSR2: card inserted");
		l->attempt = 0;
		l->last_why = NULL;
		connect_start(l);
		break;
	default:
		vc_trace_msg("signal %d: exiting", signo);
		l->quit = 1;
		break;
	}
}

static int
on_control(struct vc_loop *l, uint8_t ctl)
{
	const struct vc_desc *d = l->card->desc;

	vc_trace_ctl(ctl);
	switch (ctl) {
	case VPCD_CTRL_POWER_OFF:
	case VPCD_CTRL_POWER_ON:
	case VPCD_CTRL_RESET:
		vc_card_power(l->card);
		return 0;
	case VPCD_CTRL_ATR:
		vc_trace_resp(d->atr, d->atr_len);
		return vc_vpcd_send(l->fd, l->tx, d->atr, d->atr_len);
	default:
		return 0;
	}
}

static int
on_apdu(struct vc_loop *l, size_t n)
{
	vc_trace_cmd(l->rx.body, n);
	if (vc_card_transmit(l->card, l->rx.body, n, l->resp) != 0) {
		vc_error("out of memory");
		l->quit = -1;
		return -1;
	}
	vc_trace_resp(l->resp->ptr, l->resp->len);
	return vc_vpcd_send(l->fd, l->tx, l->resp->ptr, l->resp->len);
}

static void
on_readable(struct vc_loop *l)
{
	enum vpcd_rc rc = VPCD_AGAIN;
	size_t n;
	int ok = 0;

	while (ok == 0 &&
	    (rc = vc_vpcd_recv(l->fd, &l->rx, &n)) == VPCD_FRAME) {
		if (n == 1)
			ok = on_control(l, l->rx.body[0]);
		else if (n > 1)
			ok = on_apdu(l, n);
		vc_vpcd_rx_clear(&l->rx);
		blob_reset(l->resp);
	}
	if (l->quit == 0 && (ok != 0 || rc == VPCD_CLOSED))
		drop(l, ST_WAIT, ok != 0 ? "send failed" :
		    "closed by vpcd");
}

static int
poll_timeout(const struct vc_loop *l)
{
	switch (l->st) {
	case ST_WAIT:
		return RETRY_MS;
	case ST_CONNECTING:
		return CONNECT_TIMEOUT_MS;
	default:
		return -1;
	}
}

/* One poll() round. */
static void
step(struct vc_loop *l)
{
	struct pollfd pfd[2] = {
		{ .fd = l->sigfd, .events = POLLIN },
		{ .fd = l->fd, .events = l->st == ST_CONNECTING ? POLLOUT :
		    POLLIN },
	};
	nfds_t nfds = l->fd >= 0 ? 2 : 1;
	int rc, signo, fd = l->fd;

	if ((rc = poll(pfd, nfds, poll_timeout(l))) < 0) {
		if (errno != EINTR) {
			vc_error("poll: %s", strerror(errno));
			l->quit = -1;
		}
		return;
	}
	if (pfd[0].revents != 0)
		while (l->quit == 0 && (signo = vc_sig_next(l->sigfd)) != 0)
			on_signal(l, signo);
	if (l->quit != 0)
		return;
	if (rc == 0 && l->st == ST_WAIT)
		connect_start(l);
	else if (rc == 0 && l->st == ST_CONNECTING)
		connect_failed(l, "connect timed out");
	else if (nfds == 2 && l->fd == fd && pfd[1].revents != 0) {
		if (l->st == ST_CONNECTING)
			connect_finish(l);
		else
			on_readable(l);
	}
}

int
vc_loop_run(struct vc_card *card, const char *host, const char *port)
{
	struct vc_loop l = {
		.card = card, .host = host, .port = port,
		.sigfd = -1, .fd = -1, .st = ST_WAIT,
	};

	if (vc_sig_init(&l.sigfd) != 0 || vc_vpcd_rx_init(&l.rx) != 0 ||
	    (l.resp = blob_new()) == NULL || (l.tx = blob_new()) == NULL) {
		vc_error("cannot start: %s", strerror(errno));
		l.quit = -1;
	}
	if (l.quit == 0)
		connect_start(&l);
	while (l.quit == 0)
		step(&l);
	drop(&l, ST_WAIT, "exiting");
	vc_vpcd_rx_fini(&l.rx);
	blob_free(&l.resp);
	blob_free(&l.tx);
	vc_sig_fini(l.sigfd);
	return l.quit > 0 ? 0 : -1;
}
