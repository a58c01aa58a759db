/*
 * test-tp.c - the transport wrappers (src/transport/tp.c) over the
 * scripted transport: reader lists, part 10 features, argument checks.
 */
#include "config.h"

#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/err.h"
#include "harness.h"

#define GET_FEATURE_REQUEST	(0x42000000U + 3400)

static int
fx_setup(void **state)
{
	struct harness *h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return -1;
	h_init(h);
	*state = h;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct harness *h = *state;

	h_fini(h);
	free(h);
	return 0;
}

static void
test_readers(void **state)
{
	static const char * const names[] = { "Reader A 00", "Reader B 01",
	    NULL };
	struct harness *h = *state;
	char **v = NULL;
	size_t n = 99;

	h->sb.ts.readers = names;
	assert_int_equal(tp_new(&tp_script_ops, &h->sb.ts, &h->tp), EBID_OK);
	assert_int_equal(tp_readers(h->tp, &v, &n), EBID_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "Reader A 00");
	assert_string_equal(v[1], "Reader B 01");
	assert_null(v[2]);
	tp_readers_free(&v, n);
	assert_null(v);
	assert_int_equal(tp_readers(NULL, &v, &n), EBID_ERR_ARG);
	assert_int_equal(tp_readers(h->tp, NULL, &n), EBID_ERR_ARG);
	assert_int_equal(tp_readers(h->tp, &v, NULL), EBID_ERR_ARG);
}

static void
test_readers_none(void **state)
{
	struct harness *h = *state;
	char **v = NULL;
	size_t n = 99;

	assert_int_equal(tp_new(&tp_script_ops, &h->sb.ts, &h->tp), EBID_OK);
	assert_int_equal(tp_readers(h->tp, &v, &n), EBID_OK);
	assert_int_equal(n, 0);
	tp_readers_free(&v, n);
	assert_null(v);
}

static void
test_atr(void **state)
{
	struct harness *h = *state;
	const uint8_t *atr;
	size_t len = 0;

	h->sb.ts.atr = "3B 8F 80 01 80 4F 0C A0";
	assert_int_equal(h_connect(h), EBID_OK);
	atr = tp_card_atr(h->card, &len);
	assert_int_equal(len, 8);
	assert_memory_equal(atr, "\x3B\x8F\x80\x01\x80\x4F\x0C\xA0", 8);
}

/* An ATR longer than TP_ATR_MAX does not connect. */
static void
test_atr_too_long(void **state)
{
	struct harness *h = *state;
	char atr[3 * (TP_ATR_MAX + 1) + 1];
	size_t i;

	for (i = 0; i <= TP_ATR_MAX; i++)
		memcpy(atr + 3 * i, "3B ", 4);
	h->sb.ts.atr = atr;
	assert_int_not_equal(h_connect(h), EBID_OK);
	assert_null(h->card);
}

static void
test_connect_error(void **state)
{
	struct harness *h = *state;

	h_step(h, TS_CONNECT, NULL, NULL, EBID_ERR_SHARING);
	assert_int_equal(h_connect(h), EBID_ERR_SHARING);
	assert_null(h->card);
	assert_true(h_ok(h));
}

static void
test_transmit(void **state)
{
	struct harness *h = *state;
	static const uint8_t cmd[] = { 0x00, 0xCA, 0x01, 0x01, 0x00 };
	uint8_t resp[16];
	size_t len = sizeof(resp);

	h_tx_step(h, "00 CA 01 01 00", "01 02 90 00");
	h_tx_step(h, NULL, "90");
	assert_int_equal(h_connect(h), EBID_OK);
	assert_int_equal(tp_transmit(h->card, cmd, sizeof(cmd), resp, &len),
	    EBID_OK);
	assert_int_equal(len, 4);
	assert_memory_equal(resp, "\x01\x02\x90\x00", 4);
	/* fewer than 2 bytes back is an I/O error */
	len = sizeof(resp);
	assert_int_equal(tp_transmit(h->card, cmd, sizeof(cmd), resp, &len),
	    EBID_ERR_IO);
	assert_int_equal(tp_card_apdus(h->card), 2);
	/* caller bugs, nothing sent */
	len = sizeof(resp);
	assert_int_equal(tp_transmit(h->card, cmd, 3, resp, &len),
	    EBID_ERR_ARG);
	assert_int_equal(tp_transmit(NULL, cmd, 5, resp, &len), EBID_ERR_ARG);
	assert_int_equal(tp_transmit(h->card, NULL, 5, resp, &len),
	    EBID_ERR_ARG);
	assert_int_equal(tp_transmit(h->card, cmd, 5, NULL, &len),
	    EBID_ERR_ARG);
	assert_int_equal(tp_transmit(h->card, cmd, 5, resp, NULL),
	    EBID_ERR_ARG);
	len = 1;
	assert_int_equal(tp_transmit(h->card, cmd, 5, resp, &len),
	    EBID_ERR_ARG);
	assert_int_equal(tp_card_apdus(h->card), 2);
	assert_true(h_ok(h));
}

static void
test_wait(void **state)
{
	struct harness *h = *state;
	struct tp_rstate st = { .reader = "Reader A 00", .known = 5 };

	h_step(h, TS_WAIT, NULL, NULL, 0);
	h->sb.steps[0].state = TP_ST_PRESENT;
	assert_int_equal(tp_new(&tp_script_ops, &h->sb.ts, &h->tp), EBID_OK);
	assert_int_equal(tp_wait(h->tp, &st, 1, 100), EBID_OK);
	assert_true(st.state & TP_ST_PRESENT);
	assert_true(st.state & TP_ST_CHANGED);
	assert_int_not_equal(st.current, st.known);
	/* nothing more scripted: a timeout */
	assert_int_equal(tp_wait(h->tp, &st, 1, 100), EBID_ERR_TIMEOUT);
	assert_int_equal(tp_wait(h->tp, NULL, 1, 100), EBID_ERR_ARG);
	assert_int_equal(tp_wait(NULL, &st, 1, 100), EBID_ERR_ARG);
	assert_int_equal(tp_cancel(h->tp), EBID_OK);
	assert_int_equal(tp_cancel(NULL), EBID_ERR_ARG);
}

/* ------------------------------------------------------------------ */
/* PC/SC part 10 feature list, one line per case                       */

struct feat {
	const char	*answer;	/* NULL: control fails with rc */
	int		 ctl_rc;
	int		 rc;
	uint32_t	 verify;
	uint32_t	 modify;
};

/* The row of the running table test (cmocka hands it to the setup). */
static const struct feat *cur_feat;

static int
feat_setup(void **state)
{
	cur_feat = *state;
	return fx_setup(state);
}

static void
test_features(void **state)
{
	struct harness *h = *state;
	const struct feat *ft = cur_feat;
	struct tp_features f;

	h_step(h, TS_CONTROL, NULL, ft->answer, ft->ctl_rc);
	h->sb.steps[0].code = GET_FEATURE_REQUEST;
	assert_int_equal(h_connect(h), EBID_OK);
	memset(&f, 0x55, sizeof(f));
	assert_int_equal(tp_features(h->card, &f), ft->rc);
	/* after a failure too: nothing half-parsed is left (issue 11) */
	assert_int_equal(f.verify_pin_direct, ft->verify);
	assert_int_equal(f.modify_pin_direct, ft->modify);
	assert_true(h_ok(h));
}

#define FEAT(name, answer, ctl_rc, rc, v, m) \
	{ name, test_features, feat_setup, fx_teardown, \
	    &(struct feat){ answer, ctl_rc, rc, v, m } }

static struct CMUnitTest feat_tests[] = {
	FEAT("features: verify and modify",
	    "06 04 42 33 00 06 07 04 42 33 00 07", 0, EBID_OK,
	    0x42330006, 0x42330007),
	FEAT("features: verify only", "06 04 42 33 00 06", 0, EBID_OK,
	    0x42330006, 0),
	FEAT("features: unknown tags skipped",
	    "0A 04 42 33 00 0A 06 04 42 33 00 06 12 04 00 00 00 01", 0,
	    EBID_OK, 0x42330006, 0),
	FEAT("features: none", "", 0, EBID_OK, 0, 0),
	FEAT("features: control unsupported", NULL, EBID_ERR_UNSUPPORTED,
	    EBID_OK, 0, 0),
	FEAT("features: control I/O error", NULL, EBID_ERR_IO, EBID_OK, 0, 0),
	FEAT("features: card gone", NULL, EBID_ERR_NO_CARD, EBID_ERR_NO_CARD,
	    0, 0),
	FEAT("features: length 3", "06 03 42 33 00", 0, EBID_ERR_PARSE, 0, 0),
	FEAT("features: length 5", "06 05 42 33 00 06 00", 0, EBID_ERR_PARSE,
	    0, 0),
	FEAT("features: value truncated", "06 04 42 33", 0, EBID_ERR_PARSE,
	    0, 0),
	FEAT("features: tag only", "06", 0, EBID_ERR_PARSE, 0, 0),
	FEAT("features: good then truncated", "06 04 42 33 00 06 07", 0,
	    EBID_ERR_PARSE, 0, 0),
	FEAT("issue 11: good then bad length leaves no PIN pad",
	    "06 04 42 33 00 06 07 05 42 33 00 07 00", 0, EBID_ERR_PARSE, 0, 0),
};

static void
test_features_args(void **state)
{
	struct harness *h = *state;
	struct tp_features f;
	uint8_t out[4];
	size_t len = sizeof(out);

	assert_int_equal(h_connect(h), EBID_OK);
	assert_int_equal(tp_features(NULL, &f), EBID_ERR_ARG);
	assert_int_equal(tp_features(h->card, NULL), EBID_ERR_ARG);
	assert_int_equal(tp_control(NULL, 1, NULL, 0, out, &len),
	    EBID_ERR_ARG);
	assert_int_equal(tp_control(h->card, 1, NULL, 1, out, &len),
	    EBID_ERR_ARG);
	assert_int_equal(tp_control(h->card, 1, NULL, 0, out, NULL),
	    EBID_ERR_ARG);
}

/*
 * A scripted empty command ("") must match the empty command tp_features
 * sends (in = NULL, in_len = 0).  Run in a child: under UBSan a NULL
 * passed to memcmp aborts.
 */
static void
test_control_empty_command(void **state)
{
	struct harness *h = *state;
	struct tp_features f;
	pid_t pid;
	int st = 0;

	h_step(h, TS_CONTROL, "", "06 04 42 33 00 06", 0);
	h->sb.steps[0].code = GET_FEATURE_REQUEST;
	assert_int_equal(h_connect(h), EBID_OK);
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		_exit(tp_features(h->card, &f) == EBID_OK &&
		    f.verify_pin_direct == 0x42330006 && h_ok(h) ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		fail_msg("child killed by signal %d", WTERMSIG(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* begin/end reach the transport and report its errors. */
static void
test_begin_end(void **state)
{
	struct harness *h = *state;

	h_step(h, TS_BEGIN, NULL, NULL, EBID_ERR_CARD_RESET);
	h_step(h, TS_BEGIN, NULL, NULL, 0);
	h_step(h, TS_END, NULL, NULL, EBID_ERR_NO_CARD);
	assert_int_equal(h_connect(h), EBID_OK);
	assert_int_equal(tp_begin(h->card), EBID_ERR_CARD_RESET);
	assert_int_equal(tp_begin(h->card), EBID_OK);
	assert_int_equal(tp_end(h->card), EBID_ERR_NO_CARD);
	assert_int_equal(tp_begin(NULL), EBID_ERR_ARG);
	assert_int_equal(tp_end(NULL), EBID_ERR_ARG);
	assert_true(h_ok(h));
}

static void
test_lifecycle_args(void **state)
{
	struct harness *h = *state;
	tp_card_t *c = NULL;
	tp_t *tp = NULL;

	assert_int_equal(tp_new(NULL, &h->sb.ts, &tp), EBID_ERR_ARG);
	assert_int_equal(tp_new(&tp_script_ops, &h->sb.ts, NULL), EBID_ERR_ARG);
	assert_int_equal(tp_new(&tp_script_ops, NULL, &tp), EBID_ERR_ARG);
	assert_null(tp);
	assert_int_equal(tp_new(&tp_script_ops, &h->sb.ts, &tp), EBID_OK);
	assert_int_equal(tp_connect(tp, NULL, &c), EBID_ERR_ARG);
	assert_int_equal(tp_connect(NULL, "r", &c), EBID_ERR_ARG);
	assert_int_equal(tp_connect(tp, "r", NULL), EBID_ERR_ARG);
	assert_int_equal(tp_connect(tp, "r", &c), EBID_OK);
	tp_disconnect(&c, 1);
	assert_null(c);
	tp_disconnect(&c, 0);
	tp_disconnect(NULL, 0);
	tp_free(&tp);
	assert_null(tp);
	tp_free(&tp);
	tp_free(NULL);
}

#define FX(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

static const struct CMUnitTest tests[] = {
	FX(test_readers),
	FX(test_readers_none),
	FX(test_atr),
	FX(test_atr_too_long),
	FX(test_connect_error),
	FX(test_transmit),
	FX(test_wait),
	FX(test_features_args),
	FX(test_control_empty_command),
	FX(test_begin_end),
	FX(test_lifecycle_args),
};

int
main(void)
{
	int failed = 0;

	failed += cmocka_run_group_tests_name("tp-features", feat_tests, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("tp", tests, NULL, NULL);
	return failed != 0;
}
