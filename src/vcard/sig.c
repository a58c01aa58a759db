/*
 * sig.c - the self-pipe: handlers only write the signal number.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "vcard/sig.h"

static const int sig_caught[] = { SIGUSR1, SIGUSR2, SIGTERM, SIGINT };
#define SIG_NCAUGHT	(sizeof(sig_caught) / sizeof(sig_caught[0]))
_Static_assert(SIG_NCAUGHT == 4, "sig_caught: the four signals");

static volatile sig_atomic_t sig_wfd = -1;

static void
on_signal(int signo)
{
	int saved = errno;
	uint8_t b = (uint8_t)signo;

	if (write(sig_wfd, &b, 1) < 0) {
		/* pipe full: plenty of signals already pending */
	}
	errno = saved;
}

static int
set_handler(int signo, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	return sigaction(signo, &sa, NULL);
}

int
vc_sig_init(int *rfd)
{
	int fds[2];
	size_t i;

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	sig_wfd = fds[1];
	*rfd = fds[0];
	for (i = 0; i < SIG_NCAUGHT; i++)
		if (set_handler(sig_caught[i], on_signal) != 0)
			return -1;
	return set_handler(SIGPIPE, SIG_IGN);
}

int
vc_sig_next(int rfd)
{
	uint8_t b;
	ssize_t r;

	while ((r = read(rfd, &b, 1)) < 0 && errno == EINTR)
		;
	return r == 1 ? b : 0;
}

void
vc_sig_fini(int rfd)
{
	size_t i;
	int wfd = sig_wfd;

	for (i = 0; i < SIG_NCAUGHT; i++)
		(void)set_handler(sig_caught[i], SIG_DFL);
	sig_wfd = -1;
	if (wfd >= 0)
		close(wfd);
	if (rfd >= 0)
		close(rfd);
}
