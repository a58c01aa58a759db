/*
 * pcsc.c - the transport over libpcsclite (pcscd).
 *
 * Cards are opened in shared mode.  SCARD_W_RESET_CARD (another program
 * reset the card) is answered by reconnecting and reporting
 * EBID_ERR_CARD_RESET, so that the card layer forgets volatile card state
 * such as a verified PIN.  When pcscd goes away (restart, stop) the
 * context is dropped and established again on the next call.  PC/SC
 * return codes become EBID_ERR_* codes in pcsc_rc() and nowhere else.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <PCSC/winscard.h>
#include <PCSC/reader.h>

#include "common/err.h"
#include "common/log.h"
#include "transport/tp.h"

#define PCSC_PROTOCOLS	(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
#define PCSC_WAIT_MAX	64	/* readers per tp_wait() call */

struct pcsc_ctx {
	pthread_mutex_t	 mtx;
	SCARDCONTEXT	 h;
	int		 valid;
};

struct pcsc_hdl {
	SCARDHANDLE	 h;
	DWORD		 proto;
};

/* The one place where PC/SC codes are translated. */
static int
pcsc_rc(LONG r)
{
	switch (r) {
	case SCARD_S_SUCCESS:
		return EBID_OK;
	case SCARD_E_NO_MEMORY:
		return EBID_ERR_NOMEM;
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
	case SCARD_E_INVALID_HANDLE:
		return EBID_ERR_NO_SERVICE;
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
		return EBID_ERR_NO_READER;
	case SCARD_E_NO_SMARTCARD:
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_UNPOWERED_CARD:
	case SCARD_W_UNRESPONSIVE_CARD:
		return EBID_ERR_NO_CARD;
	case SCARD_W_RESET_CARD:
		return EBID_ERR_CARD_RESET;
	case SCARD_E_SHARING_VIOLATION:
		return EBID_ERR_SHARING;
	case SCARD_E_TIMEOUT:
		return EBID_ERR_TIMEOUT;
	case SCARD_E_CANCELLED:
		return EBID_ERR_CANCELLED;
	case SCARD_E_INSUFFICIENT_BUFFER:
		return EBID_ERR_BUFFER_SMALL;
	case SCARD_E_UNSUPPORTED_FEATURE:
		return EBID_ERR_UNSUPPORTED;
	case SCARD_E_INVALID_PARAMETER:
	case SCARD_E_INVALID_VALUE:
		return EBID_ERR_ARG;
	default:
		return EBID_ERR_IO;
	}
}

static int
ctx_new(void *arg, void **out)
{
	struct pcsc_ctx *c;

	(void)arg;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return EBID_ERR_NOMEM;
	if (pthread_mutex_init(&c->mtx, NULL) != 0) {
		free(c);
		return EBID_ERR_INTERNAL;
	}
	*out = c;
	return EBID_OK;
}

static void
ctx_free(void **cp)
{
	struct pcsc_ctx *c = *cp;

	if (c == NULL)
		return;
	if (c->valid)
		SCardReleaseContext(c->h);
	pthread_mutex_destroy(&c->mtx);
	free(c);
	*cp = NULL;
}

/* Returns the context, establishing it (again) when needed. */
static int
ctx_get(struct pcsc_ctx *c, SCARDCONTEXT *h)
{
	LONG r = SCARD_S_SUCCESS;

	pthread_mutex_lock(&c->mtx);
	if (c->valid && SCardIsValidContext(c->h) != SCARD_S_SUCCESS) {
		SCardReleaseContext(c->h);
		c->valid = 0;
	}
	if (!c->valid) {
		r = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL,
		    &c->h);
		c->valid = r == SCARD_S_SUCCESS;
		log_debug(LOG_TP, "SCardEstablishContext: 0x%08lx",
		    (unsigned long)r);
	}
	*h = c->h;
	pthread_mutex_unlock(&c->mtx);
	return pcsc_rc(r);
}

/* pcscd went away: forget the context so the next call re-establishes. */
static void
ctx_check(struct pcsc_ctx *c, LONG r)
{
	if (r != SCARD_E_NO_SERVICE && r != SCARD_E_SERVICE_STOPPED &&
	    r != SCARD_E_INVALID_HANDLE)
		return;
	pthread_mutex_lock(&c->mtx);
	if (c->valid)
		SCardReleaseContext(c->h);
	c->valid = 0;
	pthread_mutex_unlock(&c->mtx);
	log_debug(LOG_TP, "pcscd lost (0x%08lx); context dropped",
	    (unsigned long)r);
}

static int
pcsc_list(void *ctx, char **names, size_t *len)
{
	SCARDCONTEXT h;
	DWORD n = 0;
	char *v = NULL;
	LONG r;
	int rc;

	*names = NULL;
	*len = 0;
	if ((rc = ctx_get(ctx, &h)) != EBID_OK)
		return rc;
	r = SCardListReaders(h, NULL, NULL, &n);
	if (r == SCARD_S_SUCCESS && n > 0) {
		if ((v = calloc(1, n)) == NULL)
			return EBID_ERR_NOMEM;
		r = SCardListReaders(h, NULL, v, &n);
	}
	ctx_check(ctx, r);
	if (r == SCARD_E_NO_READERS_AVAILABLE || (r == SCARD_S_SUCCESS &&
	    n == 0)) {
		free(v);
		return EBID_OK;
	}
	if (r != SCARD_S_SUCCESS) {
		free(v);
		return pcsc_rc(r);
	}
	*names = v;
	*len = n;
	return EBID_OK;
}

static unsigned
state_bits(DWORD ev)
{
	unsigned s = 0;

	if (ev & SCARD_STATE_PRESENT)
		s |= TP_ST_PRESENT;
	if (ev & SCARD_STATE_EXCLUSIVE)
		s |= TP_ST_EXCLUSIVE;
	if (ev & SCARD_STATE_MUTE)
		s |= TP_ST_MUTE;
	if (ev & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
		s |= TP_ST_GONE;
	if (ev & SCARD_STATE_CHANGED)
		s |= TP_ST_CHANGED;
	return s;
}

static int
pcsc_wait(void *ctx, struct tp_rstate *st, size_t n, unsigned ms)
{
	SCARD_READERSTATE *rs;
	SCARDCONTEXT h;
	size_t i;
	LONG r;
	int rc;

	if (n == 0 || n > PCSC_WAIT_MAX)
		return EBID_ERR_ARG;
	if ((rc = ctx_get(ctx, &h)) != EBID_OK)
		return rc;
	if ((rs = calloc(n, sizeof(*rs))) == NULL)
		return EBID_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		rs[i].szReader = st[i].reader;
		rs[i].dwCurrentState = st[i].known;
	}
	r = SCardGetStatusChange(h, ms, rs, (DWORD)n);
	ctx_check(ctx, r);
	for (i = 0; r == SCARD_S_SUCCESS && i < n; i++) {
		st[i].current = (uint32_t)(rs[i].dwEventState &
		    ~(DWORD)SCARD_STATE_CHANGED);
		st[i].state = state_bits(rs[i].dwEventState);
		st[i].atr_len = rs[i].cbAtr <= TP_ATR_MAX ? rs[i].cbAtr : 0;
		memcpy(st[i].atr, rs[i].rgbAtr, st[i].atr_len);
	}
	free(rs);
	return pcsc_rc(r);
}

static int
pcsc_cancel(void *ctx)
{
	struct pcsc_ctx *c = ctx;
	LONG r = SCARD_S_SUCCESS;

	pthread_mutex_lock(&c->mtx);
	if (c->valid)
		r = SCardCancel(c->h);
	pthread_mutex_unlock(&c->mtx);
	return pcsc_rc(r);
}

static int
card_status(struct pcsc_hdl *p, uint8_t *atr, size_t *atr_len)
{
	BYTE a[MAX_ATR_SIZE];
	DWORD alen = sizeof(a), st = 0, proto = 0;
	LONG r;

	r = SCardStatus(p->h, NULL, NULL, &st, &proto, a, &alen);
	if (r != SCARD_S_SUCCESS)
		return pcsc_rc(r);
	if (alen > *atr_len || alen > sizeof(a))
		return EBID_ERR_PARSE;
	memcpy(atr, a, alen);
	*atr_len = alen;
	return EBID_OK;
}

static int
pcsc_connect(void *ctx, const char *reader, void **out, uint8_t *atr,
    size_t *atr_len)
{
	struct pcsc_hdl *p = NULL;
	SCARDCONTEXT h;
	LONG r;
	int ok;

	if ((ok = ctx_get(ctx, &h)) != EBID_OK)
		return ok;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return EBID_ERR_NOMEM;
	r = SCardConnect(h, reader, SCARD_SHARE_SHARED, PCSC_PROTOCOLS, &p->h,
	    &p->proto);
	ctx_check(ctx, r);
	if (r == SCARD_E_SHARING_VIOLATION)
		log_warn("reader \"%s\" is in exclusive use by another "
		    "program; close it and try again", reader);
	if ((ok = pcsc_rc(r)) != EBID_OK)
		goto fail;
	if ((ok = card_status(p, atr, atr_len)) != EBID_OK) {
		SCardDisconnect(p->h, SCARD_LEAVE_CARD);
		goto fail;
	}
	*out = p;
	p = NULL;
fail:
	free(p);
	return ok;
}

static void
pcsc_disconnect(void **hp, int reset)
{
	struct pcsc_hdl *p = *hp;

	if (p == NULL)
		return;
	SCardDisconnect(p->h, reset ? SCARD_RESET_CARD : SCARD_LEAVE_CARD);
	free(p);
	*hp = NULL;
}

/* Another program reset the card: take it back, report the reset. */
static int
reconnect(struct pcsc_hdl *p)
{
	LONG r;

	r = SCardReconnect(p->h, SCARD_SHARE_SHARED, PCSC_PROTOCOLS,
	    SCARD_LEAVE_CARD, &p->proto);
	log_debug(LOG_TP, "card was reset; SCardReconnect: 0x%08lx",
	    (unsigned long)r);
	return r == SCARD_S_SUCCESS ? EBID_ERR_CARD_RESET : pcsc_rc(r);
}

static int
pcsc_transmit(void *hdl, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
    size_t *resp_len)
{
	struct pcsc_hdl *p = hdl;
	const SCARD_IO_REQUEST *pci;
	DWORD rlen;
	LONG r;

	if (cmd_len > 65544 || *resp_len > 65538)
		return EBID_ERR_ARG;
	pci = p->proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	rlen = (DWORD)*resp_len;
	r = SCardTransmit(p->h, pci, cmd, (DWORD)cmd_len, NULL, resp, &rlen);
	if (r == SCARD_W_RESET_CARD)
		return reconnect(p);
	if (r != SCARD_S_SUCCESS)
		return pcsc_rc(r);
	if (rlen > *resp_len)
		return EBID_ERR_IO;
	*resp_len = rlen;
	return EBID_OK;
}

static int
pcsc_begin(void *hdl)
{
	struct pcsc_hdl *p = hdl;
	LONG r;

	r = SCardBeginTransaction(p->h);
	if (r == SCARD_W_RESET_CARD)
		return reconnect(p);
	return pcsc_rc(r);
}

static int
pcsc_end(void *hdl)
{
	struct pcsc_hdl *p = hdl;

	return pcsc_rc(SCardEndTransaction(p->h, SCARD_LEAVE_CARD));
}

static int
pcsc_control(void *hdl, uint32_t code, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t *out_len)
{
	struct pcsc_hdl *p = hdl;
	DWORD got = 0;
	LONG r;

	if (in_len > 65536 || *out_len > 65536)
		return EBID_ERR_ARG;
	r = SCardControl(p->h, code, in, (DWORD)in_len, out, (DWORD)*out_len,
	    &got);
	if (r != SCARD_S_SUCCESS)
		return pcsc_rc(r);
	if (got > *out_len)
		return EBID_ERR_IO;
	*out_len = got;
	return EBID_OK;
}

const struct tp_ops tp_pcsc_ops = {
	.name = "pcsc",
	.ctx_new = ctx_new,
	.ctx_free = ctx_free,
	.list = pcsc_list,
	.wait = pcsc_wait,
	.cancel = pcsc_cancel,
	.connect = pcsc_connect,
	.disconnect = pcsc_disconnect,
	.transmit = pcsc_transmit,
	.begin = pcsc_begin,
	.end = pcsc_end,
	.control = pcsc_control,
};
