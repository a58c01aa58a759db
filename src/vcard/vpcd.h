/*
 * vpcd.h - the vsmartcard vpcd wire protocol, card side: a TCP client
 * exchanging frames of a 2-byte big-endian length and a body.  A 1-byte
 * frame from vpcd is a control byte; a longer one a command APDU.
 */
#ifndef EBID_VCARD_VPCD_H
#define EBID_VCARD_VPCD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define VPCD_FRAME_MAX		65535
#define VPCD_CTRL_POWER_OFF	0x00
#define VPCD_CTRL_POWER_ON	0x01
#define VPCD_CTRL_RESET		0x02
#define VPCD_CTRL_ATR		0x04

enum vpcd_rc {
	VPCD_CLOSED = -1,	/* end of stream or error: close the socket */
	VPCD_AGAIN = 0,		/* nothing more to read now */
	VPCD_FRAME = 1,		/* a whole frame is in rx->body */
};

struct vpcd_rx {
	uint8_t		 hdr[2];
	size_t		 hdr_got;
	uint8_t		*body;		/* VPCD_FRAME_MAX bytes */
	size_t		 need;
	size_t		 got;
};

int vc_vpcd_rx_init(struct vpcd_rx *);
void vc_vpcd_rx_clear(struct vpcd_rx *);
void vc_vpcd_rx_fini(struct vpcd_rx *);

/*
 * Start a non-blocking connection to the attempt-th address of
 * host:port (attempts rotate through the addresses).  0 with *fd set
 * (connected or in progress), or -1 with *why.
 */
int vc_vpcd_connect(const char *host, const char *port, unsigned attempt,
    int *fd, const char **why);
/* After the socket became writable: the outcome, then socket options. */
int vc_vpcd_connected(int fd, const char **why);
/* Read what is there; VPCD_FRAME with *n set when a frame completed. */
enum vpcd_rc vc_vpcd_recv(int fd, struct vpcd_rx *, size_t *n);
/* Send one frame holding n bytes, built in tx (one send). 0 or -1. */
int vc_vpcd_send(int fd, blob_t *tx, const uint8_t *, size_t n);

#endif
