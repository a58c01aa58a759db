/*
 * test-log.c - common/log.c: the debug trace file is opened as the
 * module's host program cannot be tricked into: not through a symbolic
 * link, not a FIFO or device, created 0600, close-on-exec, appended to;
 * and warnings reach the syslog socket tagged ebid-pkcs11, one line each.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <fcntl.h>
#include <regex.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"

static char dir[] = "/tmp/ebid-test-log.XXXXXX";

static const char *
in_dir(const char *name)
{
	static char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void
test_new_file_0600(void **state)
{
	struct stat st;
	mode_t old = umask(0);
	FILE *f = log_open_file(in_dir("new.log"));

	(void)state;
	umask(old);
	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_true((fcntl(fileno(f), F_GETFD) & FD_CLOEXEC) != 0);
	fclose(f);
}

static void
test_appends(void **state)
{
	const char *p = in_dir("old.log");
	char buf[32] = "";
	FILE *f;

	(void)state;
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("one\n", f);
	fclose(f);
	f = log_open_file(p);
	assert_non_null(f);
	fputs("two\n", f);
	fclose(f);
	f = fopen(p, "r");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf) - 1, f), 8);
	fclose(f);
	assert_string_equal(buf, "one\ntwo\n");
}

static void
test_no_symlink(void **state)
{
	static char target[PATH_MAX];
	struct stat st;

	(void)state;
	snprintf(target, sizeof(target), "%s", in_dir("victim"));
	assert_int_equal(symlink(target, in_dir("link.log")), 0);
	assert_null(log_open_file(in_dir("link.log")));
	/* the link's target was not created */
	assert_int_not_equal(stat(target, &st), 0);
}

static void
test_no_fifo(void **state)
{
	(void)state;
	assert_int_equal(mkfifo(in_dir("fifo.log"), 0600), 0);
	/* O_NONBLOCK: a FIFO without a reader fails at once, never blocks */
	assert_null(log_open_file(in_dir("fifo.log")));
	assert_null(log_open_file("/dev/null"));
	assert_null(log_open_file(dir));
}

/* a datagram socket standing in for /dev/log */
static int
fake_syslog(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(path);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_true(n < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, n + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void
test_syslog_tag(void **state)
{
	char line[1200], pat[128];
	regex_t re;
	ssize_t n;
	int fd = fake_syslog(in_dir("log.sock"));

	(void)state;
	log_set_syslog_path(in_dir("log.sock"));
	log_init("ebid-pkcs11", LOG_SINK_SYSLOG);
	log_warn("card %s refused:%cline two", "AOSign", '\n');
	n = recv(fd, line, sizeof(line) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	line[n] = '\0';
	/* facility user (1 << 3) + warning (4); the host's tag is not ours */
	snprintf(pat, sizeof(pat), "^<12>[A-Z][a-z][a-z] [ 1-3][0-9] "
	    "[0-9]{2}:[0-9]{2}:[0-9]{2} ebid-pkcs11\\[%ld\\]: "
	    "card AOSign refused:\\?line two$", (long)getpid());
	assert_int_equal(regcomp(&re, pat, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&re, line, 0, NULL, 0) != 0)
		fail_msg("syslog line: \"%s\"", line);
	regfree(&re);
	/* a long message is cut to one datagram, still one line */
	log_warn("%01100d", 7);
	n = recv(fd, line, sizeof(line) - 1, MSG_DONTWAIT);
	assert_int_equal(n, 1023);
	line[n] = '\0';
	assert_null(strchr(line, '\n'));
	/* the test hook's NULL drops the lines (the fuzzers use it) */
	log_set_syslog_path(NULL);
	log_warn("dropped");
	assert_true(recv(fd, line, sizeof(line) - 1, MSG_DONTWAIT) < 0);
	log_fini();
	close(fd);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = {
		"new.log", "old.log", "link.log", "fifo.log", "victim",
		"log.sock",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(in_dir(names[i]));
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file_0600),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_no_symlink),
		cmocka_unit_test(test_no_fifo),
		cmocka_unit_test(test_syslog_tag),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
