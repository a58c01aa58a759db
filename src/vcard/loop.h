/*
 * loop.h - the event loop: connect to vpcd (retrying), serve frames,
 * and act on signals (pull, insert, quit).
 */
#ifndef EBID_VCARD_LOOP_H
#define EBID_VCARD_LOOP_H

#include "vcard/card.h"

/* Runs until SIGTERM or SIGINT (0) or a fatal error (-1). */
int vc_loop_run(struct vc_card *, const char *host, const char *port);

#endif
