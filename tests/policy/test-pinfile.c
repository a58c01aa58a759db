/*
 * test-pinfile.c - the per-card count of wrong PINs: where it lives, the
 * count across handles and processes (the lock), a file that does not
 * hold a plain number (unknown: the guard refuses), card IDs that are
 * not hex, and symlinks planted next to the count.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/err.h"
#include "conf/pinfile.h"

#define CARD	"0123456789abcdef"

static char root[200];	/* a fresh directory per test */
static char dir[240];	/* <root>/state/ebid: the count directory */

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(root, sizeof(root), "%s/ebid-pinfile-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(root) == NULL)
		return 1;
	snprintf(dir, sizeof(dir), "%s/state/ebid", root);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* The file's contents (at most n - 1 bytes); "" if it cannot be read. */
static const char *
get(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t got = 0;

	if (f != NULL) {
		got = fread(buf, 1, n - 1, f);
		fclose(f);
	}
	buf[got] = '\0';
	return buf;
}

static void
card_path(char *out, size_t n, const char *ext)
{
	snprintf(out, n, "%s/%s.%s", dir, CARD, ext);
}

/* Opens the card's count, checks it, closes it. */
static void
expect_wrong(int want)
{
	struct conf_pinfile *pf = NULL;

	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), want);
	conf_pinfile_close(&pf);
	assert_null(pf);
}

struct env_row {
	const char	*xdg, *home;	/* NULL: unset */
	const char	*want;		/* NULL: EBID_ERR_CONFIG */
};

static const struct env_row env_rows[] = {
	{ "/x/state", "/home/u", "/x/state/ebid-pkcs11" },
	{ "/x/state", NULL, "/x/state/ebid-pkcs11" },
	{ NULL, "/home/u", "/home/u/.local/state/ebid-pkcs11" },
	{ "", "/home/u", "/home/u/.local/state/ebid-pkcs11" },
	{ "relative", "/home/u", "/home/u/.local/state/ebid-pkcs11" },
	{ NULL, NULL, NULL },
	{ "", "", NULL },
	{ "relative", "home/u", NULL },
};

static void
set_env(const char *name, const char *v)
{
	if (v == NULL)
		assert_int_equal(unsetenv(name), 0);
	else
		assert_int_equal(setenv(name, v, 1), 0);
}

static void
test_dir(void **state)
{
	char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char out[256], small[8];
	size_t i;

	(void)state;
	xdg = xdg != NULL ? strdup(xdg) : NULL;
	home = home != NULL ? strdup(home) : NULL;
	for (i = 0; i < sizeof(env_rows) / sizeof(env_rows[0]); i++) {
		set_env("XDG_STATE_HOME", env_rows[i].xdg);
		set_env("HOME", env_rows[i].home);
		if (env_rows[i].want == NULL) {
			assert_int_equal(conf_pinfile_dir(out, sizeof(out)),
			    EBID_ERR_CONFIG);
			continue;
		}
		assert_int_equal(conf_pinfile_dir(out, sizeof(out)), EBID_OK);
		assert_string_equal(out, env_rows[i].want);
		assert_int_equal(conf_pinfile_dir(small, sizeof(small)),
		    EBID_ERR_CONFIG);	/* does not fit */
	}
	set_env("XDG_STATE_HOME", xdg);
	set_env("HOME", home);
	free(xdg);
	free(home);
}

static void
test_open_makes_dir_0700(void **state)
{
	struct conf_pinfile *pf = NULL;
	struct stat sb;

	(void)state;
	assert_int_equal(stat(dir, &sb), -1);
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(stat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(conf_pinfile_wrong(pf), 0);	/* no file yet */
	conf_pinfile_close(&pf);
	conf_pinfile_close(&pf);
	conf_pinfile_close(NULL);
	assert_int_equal(conf_pinfile_wrong(NULL), -1);
	assert_int_equal(conf_pinfile_record(NULL, 1), EBID_ERR_ARG);
}

static void
test_count(void **state)
{
	struct conf_pinfile *pf = NULL;
	char path[300], buf[32];
	int i;

	(void)state;
	card_path(path, sizeof(path), "count");
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), 0);
	for (i = 1; i <= 3; i++) {
		assert_int_equal(conf_pinfile_record(pf, 1), EBID_OK);
		assert_int_equal(conf_pinfile_wrong(pf), i);
	}
	assert_string_equal(get(path, buf, sizeof(buf)), "3\n");
	conf_pinfile_close(&pf);
	expect_wrong(3);		/* kept across handles */
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_record(pf, 0), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), 0);
	conf_pinfile_close(&pf);
	assert_string_equal(get(path, buf, sizeof(buf)), "0\n");
	expect_wrong(0);
	card_path(path, sizeof(path), "tmp");
	assert_int_equal(access(path, F_OK), -1);	/* renamed away */
}

/* Counts are capped at 255, the largest a card's lock count can be. */
static void
test_count_capped(void **state)
{
	struct conf_pinfile *pf = NULL;
	char path[300];

	(void)state;
	expect_wrong(0);		/* makes the directory */
	card_path(path, sizeof(path), "count");
	put(path, "255\n");
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), 255);
	assert_int_equal(conf_pinfile_record(pf, 1), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), 255);
	conf_pinfile_close(&pf);
	expect_wrong(255);
}

struct count_row {
	const char	*text;	/* the count file */
	int		 want;	/* conf_pinfile_wrong; -1 unknown */
};

/*
 * Only one decimal number 0-255 and an optional newline is a count.
 * Anything else, the empty file included (a crash between create and
 * write, or a truncation: the number is lost, not zero), is unknown.
 */
static const struct count_row count_rows[] = {
	{ "0\n", 0 },
	{ "3\n", 3 },
	{ "3", 3 },
	{ "255\n", 255 },
	{ "abc", -1 },
	{ "abc\n", -1 },
	{ "-1", -1 },
	{ "-1\n", -1 },
	{ "999", -1 },
	{ "256\n", -1 },
	{ "", -1 },
	{ "\n", -1 },
	{ "3x\n", -1 },
	{ "3 4\n", -1 },
	{ "99999999999999999999999\n", -1 },
};

static void
test_corrupt_count(void **state)
{
	struct conf_pinfile *pf = NULL;
	char path[300];
	size_t i;

	(void)state;
	expect_wrong(0);
	card_path(path, sizeof(path), "count");
	for (i = 0; i < sizeof(count_rows) / sizeof(count_rows[0]); i++) {
		put(path, count_rows[i].text);
		assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
		if (conf_pinfile_wrong(pf) != count_rows[i].want)
			fail_msg("row %zu \"%s\": %d, not %d", i,
			    count_rows[i].text, conf_pinfile_wrong(pf),
			    count_rows[i].want);
		conf_pinfile_close(&pf);
	}
	/* a correct PIN makes an unknown count known again */
	put(path, "abc");
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_record(pf, 0), EBID_OK);
	conf_pinfile_close(&pf);
	expect_wrong(0);
}

static const char *const bad_ids[] = {
	"",
	"/",
	"..",
	"../0a",
	"0a/../0b",
	"0a/0b",
	"/etc/passwd",
	"0a.count",
	"0G",
	"-0a",
	"0a ",
	"ＡＢ",
	/* 129 characters: one more than an authority id and a serial need */
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
};

static void
test_bad_ids(void **state)
{
	struct conf_pinfile *pf = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		if (conf_pinfile_open(dir, bad_ids[i], &pf) != EBID_ERR_ARG)
			fail_msg("card id \"%s\" accepted", bad_ids[i]);
		assert_null(pf);
	}
	assert_int_equal(access(dir, F_OK), -1);	/* nothing made */
	assert_int_equal(conf_pinfile_open(NULL, CARD, &pf), EBID_ERR_ARG);
	assert_int_equal(conf_pinfile_open(dir, NULL, &pf), EBID_ERR_ARG);
	assert_int_equal(conf_pinfile_open(dir, CARD, NULL), EBID_ERR_ARG);
	/* an authority id and a serial: conf_pinfile_open_card's names */
	assert_int_equal(conf_pinfile_open(dir, "aosign-0123456789ABCDEF0123"
	    "456789ABCDEF0123456789ABCDEF0123456789ABCDEF", &pf), EBID_OK);
	conf_pinfile_close(&pf);
}

/* 50 wrong PINs, each under its own open (and lock) of the count. */
static int
hammer(void)
{
	struct conf_pinfile *pf;
	int i;

	for (i = 0; i < 50; i++) {
		pf = NULL;
		if (conf_pinfile_open(dir, CARD, &pf) != EBID_OK ||
		    conf_pinfile_record(pf, 1) != EBID_OK)
			return 1;
		conf_pinfile_close(&pf);
	}
	return 0;
}

static void
test_two_processes(void **state)
{
	pid_t pid[2];
	int i, st;

	(void)state;
	expect_wrong(0);	/* the directory exists before the race */
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			_exit(hammer());
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	expect_wrong(100);
}

/* The open handle holds the lock: another process waits for it. */
static void
test_lock_held(void **state)
{
	struct conf_pinfile *pf = NULL;
	char path[300];
	pid_t pid;
	int fd, st;

	(void)state;
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	card_path(path, sizeof(path), "lock");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open(path, O_RDWR);
		_exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 &&
		    errno == EWOULDBLOCK ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	conf_pinfile_close(&pf);
}

/*
 * A holder that never lets go: another open gives up after its wait with
 * EBID_ERR_TIMEOUT, having waited; once the lock is free it succeeds.
 */
static void
test_lock_timeout(void **state)
{
	struct conf_pinfile *pf = NULL, *pf2 = NULL;
	struct timespec a, b;
	long long ns;

	(void)state;
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(conf_pinfile_open_wait(dir, CARD, 200, &pf2),
	    EBID_ERR_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_null(pf2);
	ns = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL +
	    (b.tv_nsec - a.tv_nsec);
	assert_true(ns >= 200000000LL);	/* it waited its 200 ms */
	assert_int_equal(conf_pinfile_open_wait(dir, CARD, -1, &pf2),
	    EBID_ERR_ARG);
	conf_pinfile_close(&pf);
	assert_int_equal(conf_pinfile_open_wait(dir, CARD, 0, &pf2), EBID_OK);
	conf_pinfile_close(&pf2);
}

/*
 * <card>.tmp planted as a symlink: the write is not followed into it,
 * and the link does not stop the count (it is replaced).
 */
static void
test_symlink_tmp(void **state)
{
	struct conf_pinfile *pf = NULL;
	char victim[300], absent[300], link[300], path[300], buf[32];
	struct stat sb;

	(void)state;
	snprintf(victim, sizeof(victim), "%s/victim", root);
	snprintf(absent, sizeof(absent), "%s/absent", root);
	put(victim, "victim\n");
	expect_wrong(0);
	card_path(link, sizeof(link), "tmp");
	card_path(path, sizeof(path), "count");
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_record(pf, 1), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), 1);
	assert_string_equal(get(victim, buf, sizeof(buf)), "victim\n");
	assert_int_equal(lstat(link, &sb), -1);		/* renamed away */
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_string_equal(get(path, buf, sizeof(buf)), "1\n");
	/* a dangling link: its target is not created */
	assert_int_equal(symlink(absent, link), 0);
	assert_int_equal(conf_pinfile_record(pf, 1), EBID_OK);
	assert_int_equal(lstat(absent, &sb), -1);
	conf_pinfile_close(&pf);
	expect_wrong(2);
	assert_string_equal(get(victim, buf, sizeof(buf)), "victim\n");
}

/* A tmp that cannot be replaced: the record fails, the count stays. */
static void
test_tmp_blocked(void **state)
{
	struct conf_pinfile *pf = NULL;
	char tmp[300], path[300], buf[32];

	(void)state;
	expect_wrong(0);
	card_path(tmp, sizeof(tmp), "tmp");
	card_path(path, sizeof(path), "count");
	put(path, "4\n");
	assert_int_equal(mkdir(tmp, 0700), 0);
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_record(pf, 1), EBID_ERR_IO);
	assert_int_equal(conf_pinfile_wrong(pf), 4);
	conf_pinfile_close(&pf);
	assert_string_equal(get(path, buf, sizeof(buf)), "4\n");
}

/*
 * <card>.count planted as a symlink: it is not read (its target is not
 * a count of this card: unknown), and the rename replaces the link
 * itself, never the file it points to.
 */
static void
test_symlink_count(void **state)
{
	struct conf_pinfile *pf = NULL;
	char victim[300], link[300], buf[32];
	struct stat sb;

	(void)state;
	snprintf(victim, sizeof(victim), "%s/victim", root);
	put(victim, "0\n");
	expect_wrong(0);
	card_path(link, sizeof(link), "count");
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_OK);
	assert_int_equal(conf_pinfile_wrong(pf), -1);
	assert_int_equal(conf_pinfile_record(pf, 0), EBID_OK);
	conf_pinfile_close(&pf);
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_string_equal(get(link, buf, sizeof(buf)), "0\n");
	assert_string_equal(get(victim, buf, sizeof(buf)), "0\n");
	assert_int_equal(lstat(victim, &sb), 0);
	assert_int_equal(sb.st_nlink, 1);
	expect_wrong(0);
}

/* A count that is not a regular file is unknown (and does not block). */
static void
test_count_not_regular(void **state)
{
	char path[300];

	(void)state;
	expect_wrong(0);
	card_path(path, sizeof(path), "count");
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_wrong(-1);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	expect_wrong(-1);
}

/* <card>.lock planted as a symlink: refused, the target untouched. */
static void
test_symlink_lock(void **state)
{
	struct conf_pinfile *pf = NULL;
	char victim[300], link[300], buf[32];

	(void)state;
	snprintf(victim, sizeof(victim), "%s/victim", root);
	put(victim, "victim\n");
	expect_wrong(0);
	card_path(link, sizeof(link), "lock");
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(conf_pinfile_open(dir, CARD, &pf), EBID_ERR_IO);
	assert_null(pf);
	assert_string_equal(get(victim, buf, sizeof(buf)), "victim\n");
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir),
		T(test_open_makes_dir_0700),
		T(test_count),
		T(test_count_capped),
		T(test_corrupt_count),
		T(test_bad_ids),
		T(test_two_processes),
		T(test_lock_held),
		T(test_lock_timeout),
		T(test_symlink_tmp),
		T(test_tmp_blocked),
		T(test_symlink_count),
		T(test_symlink_lock),
		T(test_count_not_regular),
	};

	return cmocka_run_group_tests_name("pinfile", tests, NULL, NULL);
}
