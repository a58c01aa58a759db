/*
 * vpcd.c - the socket to vpcd.  TCP_NODELAY is set once; TCP_QUICKACK
 * is re-armed after every recv(), since vpcd writes length and body in
 * two send()s and delayed ACKs would otherwise cost ~40 ms per APDU.
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"
#include "vcard/vpcd.h"

#define VPCD_SEND_TIMEOUT_MS	5000

int
vc_vpcd_rx_init(struct vpcd_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->body = malloc(VPCD_FRAME_MAX);
	return rx->body == NULL ? -1 : 0;
}

/* Forget a partial frame, and wipe the last one (it may hold a PIN). */
void
vc_vpcd_rx_clear(struct vpcd_rx *rx)
{
	if (rx->body != NULL)
		mem_wipe(rx->body, rx->got);
	rx->hdr_got = 0;
	rx->need = 0;
	rx->got = 0;
}

void
vc_vpcd_rx_fini(struct vpcd_rx *rx)
{
	vc_vpcd_rx_clear(rx);
	free(rx->body);
	rx->body = NULL;
}

static struct addrinfo *
nth_addr(struct addrinfo *res, unsigned n)
{
	struct addrinfo *ai;
	unsigned count = 0;

	for (ai = res; ai != NULL; ai = ai->ai_next)
		count++;
	if (count == 0)
		return NULL;
	for (ai = res, n %= count; n > 0; n--)
		ai = ai->ai_next;
	return ai;
}

int
vc_vpcd_connect(const char *host, const char *port, unsigned attempt, int *fd,
    const char **why)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int s, rc, ok = -1;

	*fd = -1;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		*why = gai_strerror(rc);
		return -1;
	}
	if ((ai = nth_addr(res, attempt)) == NULL) {
		*why = "no address";
		freeaddrinfo(res);
		return -1;
	}
	s = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (s >= 0 && (connect(s, ai->ai_addr, ai->ai_addrlen) == 0 ||
	    errno == EINPROGRESS)) {
		*fd = s;
		ok = 0;
	} else {
		*why = strerror(errno);
		if (s >= 0)
			close(s);
	}
	freeaddrinfo(res);
	return ok;
}

static void
quickack(int fd)
{
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
}

int
vc_vpcd_connected(int fd, const char **why)
{
	socklen_t len = sizeof(int);
	int err = 0, one = 1;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err == 0 && setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
	    sizeof(one)) != 0)
		err = errno;
	if (err != 0) {
		*why = strerror(err);
		return -1;
	}
	quickack(fd);
	return 0;
}

/* Account for r bytes just read; 1 when the frame is complete. */
static int
rx_advance(struct vpcd_rx *rx, size_t r)
{
	if (rx->hdr_got < sizeof(rx->hdr)) {
		rx->hdr_got += r;
		if (rx->hdr_got < sizeof(rx->hdr))
			return 0;
		rx->need = (size_t)rx->hdr[0] << 8 | rx->hdr[1];
		rx->got = 0;
	} else
		rx->got += r;
	return rx->got == rx->need;
}

enum vpcd_rc
vc_vpcd_recv(int fd, struct vpcd_rx *rx, size_t *n)
{
	ssize_t r;

	for (;;) {
		if (rx->hdr_got < sizeof(rx->hdr))
			r = recv(fd, rx->hdr + rx->hdr_got,
			    sizeof(rx->hdr) - rx->hdr_got, 0);
		else
			r = recv(fd, rx->body + rx->got, rx->need - rx->got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return VPCD_AGAIN;
		if (r <= 0)
			return VPCD_CLOSED;
		quickack(fd);
		if (rx_advance(rx, (size_t)r)) {
			rx->hdr_got = 0;
			*n = rx->need;
			return VPCD_FRAME;
		}
	}
}

static int
wait_writable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	int rc;

	while ((rc = poll(&pfd, 1, VPCD_SEND_TIMEOUT_MS)) < 0 &&
	    errno == EINTR)
		;
	return rc == 1 && (pfd.revents & POLLOUT) ? 0 : -1;
}

static int
send_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = send(fd, p, n, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_writable(fd) != 0)
				return -1;
			continue;
		}
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
vc_vpcd_send(int fd, blob_t *tx, const uint8_t *p, size_t n)
{
	if (n > VPCD_FRAME_MAX)
		return -1;
	if (blob_set(tx, NULL, 0) != EBID_OK ||
	    blob_append_u8(tx, (uint8_t)(n >> 8)) != EBID_OK ||
	    blob_append_u8(tx, (uint8_t)n) != EBID_OK ||
	    blob_append(tx, p, n) != EBID_OK)
		return -1;
	return send_all(fd, tx->ptr, tx->len);
}
