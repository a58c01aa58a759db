/*
 * sig.h - signals as bytes on a pipe (the self-pipe trick), so that the
 * event loop sees them in poll() however long it would block.
 */
#ifndef EBID_VCARD_SIG_H
#define EBID_VCARD_SIG_H

/* Catch SIGUSR1, SIGUSR2, SIGTERM, SIGINT; ignore SIGPIPE. Read end. */
int vc_sig_init(int *rfd);
/* The next caught signal, or 0 when none is pending. */
int vc_sig_next(int rfd);
void vc_sig_fini(int rfd);

#endif
