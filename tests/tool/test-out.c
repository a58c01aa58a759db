/*
 * test-out.c - ebid-tool's output layer (out.c: JSON escaping and
 * nesting, the human form) and interop's report writers (text, JSON,
 * JUnit XML).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/err.h"
#include "tool/tool.h"

struct cap {
	struct tool	 t;
	char		*buf;
	size_t		 len;
};

static void
cap_open(struct cap *c, int json)
{
	memset(c, 0, sizeof(*c));
	c->t.json = json;
	c->t.out = open_memstream(&c->buf, &c->len);
	c->t.err = c->t.out;
	assert_non_null(c->t.out);
}

/* Closes the stream; the caller frees c->buf. */
static const char *
cap_text(struct cap *c)
{
	fclose(c->t.out);
	c->t.out = NULL;
	return c->buf;
}

static void
test_json_escape(void **state)
{
	struct cap c;

	(void)state;
	cap_open(&c, 1);
	out_begin(&c.t);
	out_str(&c.t, "s", "S", "a\"b\\c\nd\te\x01" "f\x7fg");
	out_str(&c.t, "utf8", "U", "山田　太郎");
	out_str(&c.t, "null", "N", NULL);
	out_str(&c.t, "k\"ey", "K", "");
	out_end(&c.t);
	assert_string_equal(cap_text(&c), "{\n"
	    "  \"s\": \"a\\\"b\\\\c\\nd\\u0009e\\u0001f\\u007fg\",\n"
	    "  \"utf8\": \"山田　太郎\",\n"
	    "  \"null\": null,\n"
	    "  \"k\\\"ey\": \"\"\n"
	    "}\n");
	free(c.buf);
}

/*
 * Bytes that start no valid UTF-8 character become U+FFFD, one per byte,
 * so that the output stays JSON: a stray byte, a cut sequence, an overlong
 * form, a surrogate, U+FFFF, a code point past U+10FFFF.  Valid 2-, 3- and
 * 4-byte characters pass whole.
 */
#define BAD	"\xEF\xBF\xBD"

static void
test_json_bad_utf8(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "a\xFF" "b", "a" BAD "b" },
		{ "\xE5\xB1x", BAD BAD "x" },
		{ "\xE5\xB1", BAD BAD },
		{ "\xC0\xAF", BAD BAD },
		{ "\xED\xA0\x80", BAD BAD BAD },
		{ "\xEF\xBF\xBF", BAD BAD BAD },
		{ "\xF4\x90\x80\x80", BAD BAD BAD BAD },
		{ "\x80\xBF", BAD BAD },
		{ "\xC3\xA9\xE5\xB1\xB1\xF0\x9F\x98\x80",
		    "\xC3\xA9\xE5\xB1\xB1\xF0\x9F\x98\x80" },
	};
	struct cap c;
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cap_open(&c, 1);
		out_begin(&c.t);
		out_str(&c.t, "s", "S", t[i].in);
		out_end(&c.t);
		snprintf(want, sizeof(want), "{\n  \"s\": \"%s\"\n}\n",
		    t[i].out);
		assert_string_equal(cap_text(&c), want);
		free(c.buf);
	}
	assert_int_equal(tool_utf8_len("\xF0\x9F\x98\x80"), 4);
	assert_int_equal(tool_utf8_len("\xE5\xB1"), 0);
	assert_int_equal(tool_utf8_len(""), 0);
}

static void
test_json_nesting(void **state)
{
	struct cap c;

	(void)state;
	cap_open(&c, 1);
	out_begin(&c.t);
	out_list_begin(&c.t, "readers", "Readers");
	out_obj_begin(&c.t, NULL, "r1");
	out_int(&c.t, "n", "N", -42);
	out_bool(&c.t, "ok", "OK", 1);
	out_list_begin(&c.t, "reasons", "Reasons");
	out_str(&c.t, NULL, NULL, "one");
	out_str(&c.t, NULL, NULL, "two");
	out_list_end(&c.t);
	out_obj_end(&c.t);
	out_obj_begin(&c.t, NULL, "r2");
	out_obj_end(&c.t);
	out_list_end(&c.t);
	out_list_begin(&c.t, "empty", NULL);
	out_list_end(&c.t);
	out_text(&c.t, "%s", "human only");
	out_obj_begin(&c.t, "open", NULL);	/* out_end closes it */
	out_bool(&c.t, "no", NULL, 0);
	out_end(&c.t);
	assert_string_equal(cap_text(&c), "{\n"
	    "  \"readers\": [\n"
	    "    {\n"
	    "      \"n\": -42,\n"
	    "      \"ok\": true,\n"
	    "      \"reasons\": [\n"
	    "        \"one\",\n"
	    "        \"two\"\n"
	    "      ]\n"
	    "    },\n"
	    "    {}\n"
	    "  ],\n"
	    "  \"empty\": [],\n"
	    "  \"open\": {\n"
	    "    \"no\": false\n"
	    "  }\n"
	    "}\n");
	free(c.buf);
}

static void
test_human(void **state)
{
	struct cap c;

	(void)state;
	cap_open(&c, 0);
	out_begin(&c.t);
	out_str(&c.t, "holder", "Holder", "山田　太郎");
	out_str(&c.t, "none", "None", NULL);
	out_obj_begin(&c.t, "verdict", "Verdict");
	out_bool(&c.t, "accepted", "Accepted", 0);
	out_list_begin(&c.t, "reasons", "Reasons");
	out_str(&c.t, NULL, NULL, "expired");
	out_list_end(&c.t);
	out_obj_end(&c.t);
	out_text(&c.t, "%d %s", 7, "days");
	out_end(&c.t);
	assert_string_equal(cap_text(&c),
	    "Holder: 山田　太郎\n"
	    "None: -\n"
	    "Verdict\n"
	    "  Accepted: no\n"
	    "  Reasons:\n"
	    "    - expired\n"
	    "7 days\n");
	free(c.buf);
}

static void
test_errors_and_lang(void **state)
{
	struct cap c;

	(void)state;
	cap_open(&c, 1);
	tool_error(&c.t, "reader \"%s\": %s", "R", "gone");
	tool_warn(&c.t, "%d", 3);
	assert_string_equal(cap_text(&c), "ebid-tool: reader \"R\": gone\n"
	    "ebid-tool: warning: 3\n");
	free(c.buf);
	c.t.ja = 0;
	assert_string_equal(tool_lang(&c.t, "en", "ja"), "en");
	c.t.ja = 1;
	assert_string_equal(tool_lang(&c.t, "en", "ja"), "ja");
	assert_string_equal(tool_lang(&c.t, "en", ""), "en");
	assert_string_equal(tool_lang(&c.t, "en", NULL), "en");
}

static struct tool_report *
sample_report(void)
{
	struct tool_report *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	snprintf(r->reader, sizeof(r->reader), "%s", "ebid lab <1> & \"x\"");
	snprintf(r->atr, sizeof(r->atr), "%s", "3B8A80");
	snprintf(r->started, sizeof(r->started), "%s", "2026-01-02T03:04:05Z");
	r->steps[0] = (struct tool_step){ .id = "connect", .title = "Conn",
	    .status = TOOL_STEP_PASS, .ms = 1234 };
	r->steps[1] = (struct tool_step){ .id = "login", .title = "Login",
	    .status = TOOL_STEP_FAIL, .ms = 5 };
	snprintf(r->steps[1].detail, TOOL_DETAIL_MAX, "%s",
	    "wrong <PIN> & 'x' \"y\"\x01");
	r->steps[2] = (struct tool_step){ .id = "sign-sha1", .title = "Sign",
	    .status = TOOL_STEP_SKIP };
	snprintf(r->steps[2].detail, TOOL_DETAIL_MAX, "%s", "not logged in");
	r->n = 3;
	return r;
}

static void
test_report_junit(void **state)
{
	struct tool_report *r = sample_report();
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(tool_report_passed(r), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(tool_report_junit(f, r), 0);
	fclose(f);
	assert_non_null(strstr(buf, "<?xml version=\"1.0\" encoding="
	    "\"UTF-8\"?>\n<testsuites>\n"));
	assert_non_null(strstr(buf, "tests=\"3\" failures=\"1\" errors=\"0\" "
	    "skipped=\"1\" time=\"1.239\" timestamp=\"2026-01-02T03:04:05Z\" "
	    "hostname=\"ebid lab &lt;1&gt; &amp; &quot;x&quot;\">"));
	assert_non_null(strstr(buf, "<testcase classname=\"ebid-tool.interop\" "
	    "name=\"connect\" time=\"1.234\"/>"));
	assert_non_null(strstr(buf, "<failure message=\"wrong &lt;PIN&gt; "
	    "&amp; &apos;x&apos; &quot;y&quot;?\"/>"));
	assert_non_null(strstr(buf, "<skipped message=\"not logged in\"/>"));
	assert_non_null(strstr(buf, "</testsuite>\n</testsuites>\n"));
	free(buf);
	/* a reader name that is not UTF-8: still well-formed XML */
	snprintf(r->reader, sizeof(r->reader), "%s", "r\xFF\xE5\xB1\xB1");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(tool_report_junit(f, r), 0);
	fclose(f);
	assert_non_null(strstr(buf, "hostname=\"r" BAD "\xE5\xB1\xB1\">"));
	free(buf);
	free(r);
}

static void
test_report_json(void **state)
{
	struct tool_report *r = sample_report();
	struct cap c;
	const char *s;

	(void)state;
	cap_open(&c, 1);
	tool_report_out(&c.t, r);
	s = cap_text(&c);
	assert_non_null(strstr(s, "\"result\": \"fail\",\n"
	    "  \"passed\": 1,\n  \"failed\": 1,\n  \"skipped\": 1,\n"));
	assert_non_null(strstr(s, "\"id\": \"login\",\n"
	    "      \"title\": \"Login\",\n      \"status\": \"fail\",\n"
	    "      \"detail\": \"wrong <PIN> & 'x' \\\"y\\\"\\u0001\",\n"
	    "      \"ms\": 5\n"));
	free(c.buf);
	/* every step passed: pass */
	r->steps[1].status = TOOL_STEP_PASS;
	r->steps[2].status = TOOL_STEP_PASS;
	assert_int_equal(tool_report_passed(r), 1);
	cap_open(&c, 0);
	tool_report_out(&c.t, r);
	s = cap_text(&c);
	assert_non_null(strstr(s, "[PASS] Conn (1234 ms)\n"));
	assert_non_null(strstr(s, "Result: PASSED (3 passed, 0 failed, "
	    "0 skipped)\n"));
	free(c.buf);
	r->n = 0;	/* nothing ran: no pass */
	assert_int_equal(tool_report_passed(r), 0);
	free(r);
}

static void
test_status_names(void **state)
{
	(void)state;
	assert_string_equal(tool_step_status_name(TOOL_STEP_PASS), "pass");
	assert_string_equal(tool_step_status_name(TOOL_STEP_FAIL), "fail");
	assert_string_equal(tool_step_status_name(TOOL_STEP_SKIP), "skip");
}

static void
test_exit_codes(void **state)
{
	(void)state;
	assert_int_equal(tool_exit_of(EBID_OK), TOOL_EXIT_OK);
	assert_int_equal(tool_exit_of(EBID_ERR_NO_CARD), TOOL_EXIT_CARD);
	assert_int_equal(tool_exit_of(EBID_ERR_IO), TOOL_EXIT_CARD);
	assert_int_equal(tool_exit_of(EBID_ERR_NO_SERVICE), TOOL_EXIT_CARD);
	assert_int_equal(tool_exit_of(EBID_ERR_CONFIG), TOOL_EXIT_CONFIG);
	assert_int_equal(tool_exit_of(EBID_ERR_NOMEM), TOOL_EXIT_INTERNAL);
	assert_string_equal(tool_card_strerr(EBID_ERR_NO_CARD),
	    "no card in the reader, or the card was removed");
	assert_string_equal(tool_card_strerr(EBID_ERR_CARD),
	    "the card refused the command");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_bad_utf8),
		cmocka_unit_test(test_json_nesting),
		cmocka_unit_test(test_human),
		cmocka_unit_test(test_errors_and_lang),
		cmocka_unit_test(test_report_junit),
		cmocka_unit_test(test_report_json),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_exit_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
