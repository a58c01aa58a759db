/*
 * log.c - debug trace by category, and warnings.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"

struct log_cat_name {
	const char	*name;
	unsigned	 cat;
};

static const struct log_cat_name log_cat_names[] = {
	{ "p11", LOG_P11 },
	{ "token", LOG_TOKEN },
	{ "card", LOG_CARD },
	{ "apdu", LOG_APDU },
	{ "tp", LOG_TP },
	{ "policy", LOG_POLICY },
	{ "conf", LOG_CONF },
	{ "all", ~0U },
};

static pthread_mutex_t log_mtx = PTHREAD_MUTEX_INITIALIZER;
static unsigned log_cats;
static FILE *log_file;
static enum log_sink log_sink = LOG_SINK_STDERR;
static const char *log_ident = "ebid";
static const char *log_syslog_path = "/dev/log";

unsigned
log_parse_categories(const char *s)
{
	unsigned cats = 0;
	size_t i, n;

	while (s != NULL && *s != '\0') {
		n = strcspn(s, ",");
		for (i = 0; i < sizeof(log_cat_names) /
		    sizeof(log_cat_names[0]); i++)
			if (strlen(log_cat_names[i].name) == n &&
			    strncmp(s, log_cat_names[i].name, n) == 0)
				cats |= log_cat_names[i].cat;
		s += n;
		if (*s == ',')
			s++;
	}
	return cats;
}

/*
 * log_open_file: the trace file, appended to, created 0600 for the user
 * alone; never through a symbolic link, never anything but a regular
 * file (a FIFO or a device could block the host program), and not
 * inherited by the host's children.  NULL (trace to stderr) otherwise.
 */
FILE *
log_open_file(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0600);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return NULL;
	}
	return f;
}

void
log_init(const char *ident, enum log_sink sink)
{
	const char *path;

	pthread_mutex_lock(&log_mtx);
	log_ident = ident;
	log_sink = sink;
	/* secure_getenv: no trace, and no file, in a set-id host program */
	log_cats = log_parse_categories(secure_getenv("EBID_DEBUG"));
	path = secure_getenv("EBID_DEBUG_FILE");
	if (log_cats != 0 && path != NULL && *path != '\0' && log_file == NULL)
		log_file = log_open_file(path);
	pthread_mutex_unlock(&log_mtx);
}

void
log_fini(void)
{
	pthread_mutex_lock(&log_mtx);
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	log_cats = 0;
	pthread_mutex_unlock(&log_mtx);
}

int
log_enabled(unsigned cat)
{
	return (__atomic_load_n(&log_cats, __ATOMIC_RELAXED) & cat) != 0;
}

static void log_vwrite(const char *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

static void
log_vwrite(const char *func, const char *fmt, va_list ap)
{
	FILE *f;

	pthread_mutex_lock(&log_mtx);
	f = log_file != NULL ? log_file : stderr;
	fprintf(f, "%s: %s: ", log_ident, func);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
	pthread_mutex_unlock(&log_mtx);
}

void
log_debug_impl(unsigned cat, const char *func, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(cat))
		return;
	va_start(ap, fmt);
	log_vwrite(func, fmt, ap);
	va_end(ap);
}

void
log_set_syslog_path(const char *path)
{
	log_syslog_path = path;
}

/* log_stamp: the RFC 3164 time stamp, "Dec  2 14:05:40", in any locale */
static void
log_stamp(char *out, size_t n)
{
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL) {
		snprintf(out, n, "Jan  1 00:00:00");
		return;
	}
	snprintf(out, n, "%s %2d %02d:%02d:%02d", mon[tm.tm_mon % 12],
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * log_syslog: one line to the local syslog socket, tagged with our own
 * name, "<12>Dec  2 14:05:40 ebid-pkcs11[PID]: MESSAGE" (facility user,
 * priority warning), as syslog(3) writes it: openlog() would change the
 * tag of the host program's own lines.  Control characters become '?',
 * so that a line stays one line.  Where the socket cannot be reached,
 * syslog(3) under the host's tag, the message prefixed with ours.
 */
static void
log_syslog(const char *fmt, va_list ap)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char line[1024], stamp[32];
	int fd, n, h, i;
	ssize_t sent = -1;

	if (log_syslog_path == NULL)
		return;
	log_stamp(stamp, sizeof(stamp));
	h = snprintf(line, sizeof(line), "<%d>%s %s[%ld]: ",
	    LOG_USER | LOG_WARNING, stamp, log_ident, (long)getpid());
	if (h < 0 || (size_t)h >= sizeof(line))
		return;
	n = vsnprintf(line + h, sizeof(line) - (size_t)h, fmt, ap);
	if (n < 0)
		return;
	n = (size_t)n >= sizeof(line) - (size_t)h ?
	    (int)sizeof(line) - 1 : h + n;
	for (i = h; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", log_syslog_path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		sent = sendto(fd, line, (size_t)n, MSG_NOSIGNAL,
		    (const struct sockaddr *)&sa, sizeof(sa));
		close(fd);
	}
	if (sent != (ssize_t)n)
		syslog(LOG_WARNING, "%s: %s", log_ident, line + h);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (log_sink == LOG_SINK_SYSLOG) {
		log_syslog(fmt, ap);
	} else {
		pthread_mutex_lock(&log_mtx);
		fprintf(stderr, "%s: ", log_ident);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		pthread_mutex_unlock(&log_mtx);
	}
	va_end(ap);
	if (log_cats != 0 && (log_file != NULL ||
	    log_sink == LOG_SINK_SYSLOG)) {
		va_start(ap, fmt);	/* and in the trace, when there is one */
		log_vwrite("warning", fmt, ap);
		va_end(ap);
	}
}

void
log_hex(unsigned cat, const char *func, const char *what, const uint8_t *p,
    size_t n)
{
	char line[3 * 32 + 1];
	size_t i, off;

	if (!log_enabled(cat))
		return;
	for (off = 0; off < n || off == 0; off += 32) {
		line[0] = '\0';
		for (i = 0; i < 32 && off + i < n; i++)
			snprintf(line + 3 * i, 4, "%02x ", p[off + i]);
		log_debug_impl(cat, func, "%s[%zu]: %s", what, off, line);
		if (n == 0)
			break;
	}
}
