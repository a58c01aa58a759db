/*
 * log.h - debug trace by category, and warnings.
 *
 * The trace is off unless EBID_DEBUG names categories (comma separated,
 * or "all"); it goes to EBID_DEBUG_FILE or to stderr.  Warnings go to
 * syslog (LOG_WARNING) or, for command-line programs, to stderr.
 * Never pass a PIN, or a PIN's length, to any of these.
 */
#ifndef EBID_COMMON_LOG_H
#define EBID_COMMON_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum log_cat {
	LOG_P11 = 1 << 0,
	LOG_TOKEN = 1 << 1,
	LOG_CARD = 1 << 2,
	LOG_APDU = 1 << 3,	/* APDU hex dumps, PIN data redacted */
	LOG_TP = 1 << 4,	/* transport (PC/SC) */
	LOG_POLICY = 1 << 5,
	LOG_CONF = 1 << 6,
};

enum log_sink {
	LOG_SINK_SYSLOG,
	LOG_SINK_STDERR,
};

void log_init(const char *ident, enum log_sink);
void log_fini(void);
/* test hook: the syslog socket (default /dev/log); NULL drops the lines */
void log_set_syslog_path(const char *path);
/* the trace file: O_NOFOLLOW, O_CLOEXEC, 0600, a regular file or NULL */
FILE *log_open_file(const char *path);
int log_enabled(unsigned cat);
unsigned log_parse_categories(const char *);

void log_debug_impl(unsigned cat, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_hex(unsigned cat, const char *func, const char *what,
    const uint8_t *, size_t);

#ifdef EBID_NO_DEBUG_LOG
#define log_debug(cat, ...)	do { } while (0)
#else
#define log_debug(cat, ...)						\
	do {								\
		if (log_enabled(cat))					\
			log_debug_impl((cat), __func__, __VA_ARGS__);	\
	} while (0)
#endif

#endif
