/*
 * test-redact.c - the APDU trace never shows a PIN, nor a PIN's length.
 *
 * Runs the driver with EBID_DEBUG=apdu (and =all) writing to a temporary
 * EBID_DEBUG_FILE, then reads the file back.  Each test also checks that
 * a non-PIN APDU is printed in full, so that it fails if the trace were
 * simply off.
 */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "card/card.h"
#include "common/err.h"
#include "common/log.h"
#include "harness.h"

#define PIN		"73915"
#define PIN_HEX		"3733393135"	/* without separators */
#define SELECT_APP	"00 A4 04 0C 09 D3 92 F0 00 45 42 49 44 01"
#define SELECT_TRACE	"C-APDU[0]: 00 a4 04 0c 09 d3 92 f0 00 45 42 49 44 01"

struct fx {
	struct harness	 h;
	char		 path[64];
	char		*text;		/* the trace, read back */
};

static int
start(void **state, const char *cats)
{
	struct fx *f;
	int fd;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "/tmp/ebid-redact-XXXXXX");
	if ((fd = mkstemp(f->path)) < 0) {
		free(f);
		return -1;
	}
	close(fd);
	h_init(&f->h);
	log_fini();
	setenv("EBID_DEBUG", cats, 1);
	setenv("EBID_DEBUG_FILE", f->path, 1);
	log_init("test", LOG_SINK_STDERR);
	tp_set_pin_ins(0);
	*state = f;
	return 0;
}

static int
setup_apdu(void **state)
{
	return start(state, "apdu");
}

static int
setup_all(void **state)
{
	return start(state, "all");
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_fini();
	unsetenv("EBID_DEBUG");
	unsetenv("EBID_DEBUG_FILE");
	tp_set_pin_ins(0);
	unlink(f->path);
	h_fini(&f->h);
	free(f->text);
	free(f);
	return 0;
}

/* Close the trace and read it back. */
static const char *
trace(struct fx *f)
{
	FILE *fp;
	long n;

	log_fini();
	assert_non_null(fp = fopen(f->path, "r"));
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	assert_true((n = ftell(fp)) >= 0);
	rewind(fp);
	free(f->text);
	assert_non_null(f->text = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(f->text, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return f->text;
}

/* Does the trace hold these bytes in hex, whatever the separators? */
static int
has_hex(const char *text, const char *hex)
{
	char *flat;
	size_t i, n = 0;
	int found;

	assert_non_null(flat = malloc(strlen(text) + 1));
	for (i = 0; text[i] != '\0'; i++)
		if (text[i] != ' ' && text[i] != ':' && text[i] != '\t')
			flat[n++] = (char)tolower((unsigned char)text[i]);
	flat[n] = '\0';
	found = strstr(flat, hex) != NULL;
	free(flat);
	return found;
}

/* The line that shows the header hdr: nothing may follow it. */
static void
assert_header_only(const char *text, const char *hdr)
{
	const char *line, *end;
	size_t hl = strlen(hdr);

	if ((line = strstr(text, hdr)) == NULL)
		fail_msg("no trace line with \"%s\"", hdr);
	for (end = line + hl; *end == ' '; end++)
		continue;
	if (*end != '\n' && *end != '\0')
		fail_msg("PIN command line goes on after its header: %.60s",
		    line);
}

static void
assert_no_pin(const char *text, const char *pin, const char *pin_hex)
{
	if (strstr(text, pin) != NULL)
		fail_msg("the PIN in ASCII is in the trace");
	if (has_hex(text, pin_hex))
		fail_msg("the PIN in hex is in the trace");
}

/* ------------------------------------------------------------------ */

static void
verify_through_driver(struct fx *f, const char *answer, int want_rc)
{
	struct card_profile prof;
	card_t *card = NULL;
	int tries;

	card_profile_default(&prof);
	h_tx_step(&f->h, SELECT_APP, "90 00");
	h_tx_step(&f->h, "00 20 00 81 05 " PIN_HEX, answer);
	assert_int_equal(h_connect(&f->h), EBID_OK);
	assert_int_equal(card_new(f->h.card, &prof, &card), EBID_OK);
	assert_int_equal(card_pin_verify(card, (const uint8_t *)PIN,
	    strlen(PIN), &tries), want_rc);
	assert_true(h_ok(&f->h));
	card_free(&card);
}

static void
test_verify(void **state)
{
	struct fx *f = *state;
	const char *t;

	verify_through_driver(f, "90 00", EBID_OK);
	t = trace(f);
	/* on: SELECT is there in full, with its answer */
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_non_null(strstr(t, "R-APDU[0]: 90 00"));
	/* VERIFY: header, then "redacted"; no Lc, no PIN */
	assert_header_only(t, "C-APDU[0]: 00 20 00 81");
	assert_non_null(strstr(t, "redacted"));
	assert_no_pin(t, PIN, PIN_HEX);
}

/* Every category on, a wrong PIN: still nothing. */
static void
test_verify_all_wrong(void **state)
{
	struct fx *f = *state;
	const char *t;

	verify_through_driver(f, "63 C2", EBID_ERR_PIN_INCORRECT);
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_non_null(strstr(t, "R-APDU[0]: 63 c2"));
	assert_header_only(t, "C-APDU[0]: 00 20 00 81");
	assert_no_pin(t, PIN, PIN_HEX);
}

/* The card goes away during VERIFY: the error path traces it too. */
static void
test_verify_transport_error(void **state)
{
	struct fx *f = *state;
	struct card_profile prof;
	card_t *card = NULL;
	const char *t;
	int tries;

	card_profile_default(&prof);
	h_tx_step(&f->h, SELECT_APP, "90 00");
	h_step(&f->h, TS_TRANSMIT, NULL, NULL, EBID_ERR_NO_CARD);
	assert_int_equal(h_connect(&f->h), EBID_OK);
	assert_int_equal(card_new(f->h.card, &prof, &card), EBID_OK);
	assert_int_equal(card_pin_verify(card, (const uint8_t *)PIN,
	    strlen(PIN), &tries), EBID_ERR_NO_CARD);
	card_free(&card);
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_header_only(t, "C-APDU[0]: 00 20 00 81");
	assert_no_pin(t, PIN, PIN_HEX);
}

/* Padding to 8 bytes: neither the PIN nor Lc 08 nor the pad shows. */
static void
test_verify_padded(void **state)
{
	struct fx *f = *state;
	struct card_profile prof;
	card_t *card = NULL;
	const char *t;
	int tries;

	card_profile_default(&prof);
	prof.pin_pad_len = 8;
	prof.pin_pad_byte = 0xFF;
	h_tx_step(&f->h, SELECT_APP, "90 00");
	h_tx_step(&f->h, "00 20 00 81 08 " PIN_HEX " FF FF FF", "90 00");
	assert_int_equal(h_connect(&f->h), EBID_OK);
	assert_int_equal(card_new(f->h.card, &prof, &card), EBID_OK);
	assert_int_equal(card_pin_verify(card, (const uint8_t *)PIN,
	    strlen(PIN), &tries), EBID_OK);
	card_free(&card);
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_header_only(t, "C-APDU[0]: 00 20 00 81");
	assert_no_pin(t, PIN, PIN_HEX);
	assert_false(has_hex(t, "ffffff"));
}

/* ------------------------------------------------------------------ */
/* tp_log_apdu directly                                                */

static void
log_cmd(struct harness *h, const char *hex)
{
	uint8_t cmd[300], resp[2] = { 0x90, 0x00 };
	size_t n = sizeof(cmd);

	(void)h;
	assert_int_equal(ts_hex(hex, cmd, &n), EBID_OK);
	tp_log_apdu("test", cmd, n, resp, sizeof(resp));
}

static void
select_in_full(struct fx *f)
{
	log_cmd(&f->h, SELECT_APP);
}

/* A secret command: header only, "redacted", no secret, no Lc. */
static void
secret_cmd(void **state, const char *cmd, const char *hdr,
    const char *ascii, const char *hex)
{
	struct fx *f = *state;
	const char *t;

	select_in_full(f);
	log_cmd(&f->h, cmd);
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_header_only(t, hdr);
	assert_non_null(strstr(t, "redacted"));
	assert_no_pin(t, ascii, hex);
}

/* Old PIN 73915, new PIN 26048: neither shows. */
static void
test_change_reference_data(void **state)
{
	struct fx *f = *state;
	const char *t;

	select_in_full(f);
	log_cmd(&f->h, "00 24 00 81 0A 37 33 39 31 35 32 36 30 34 38");
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_header_only(t, "C-APDU[0]: 00 24 00 81");
	assert_non_null(strstr(t, "redacted"));
	assert_no_pin(t, "73915", "3733393135");
	assert_no_pin(t, "26048", "3236303438");
}

static void
test_reset_retry_counter(void **state)
{
	secret_cmd(state, "00 2C 02 81 05 " PIN_HEX,
	    "C-APDU[0]: 00 2c 02 81", PIN, PIN_HEX);
}

static void
test_reset_retry_counter_puk(void **state)
{
	/* PUK 84620 and new PIN 73915 */
	secret_cmd(state, "00 2C 00 81 0A 38 34 36 32 30 " PIN_HEX,
	    "C-APDU[0]: 00 2c 00 81", "84620", "3834363230");
}

static void
test_verify_direct(void **state)
{
	secret_cmd(state, "00 20 00 81 05 " PIN_HEX,
	    "C-APDU[0]: 00 20 00 81", PIN, PIN_HEX);
}

static void
test_verify_extended(void **state)
{
	secret_cmd(state, "00 20 00 81 00 00 05 " PIN_HEX,
	    "C-APDU[0]: 00 20 00 81", PIN, PIN_HEX);
}

static void
test_verify_chained(void **state)
{
	secret_cmd(state, "10 20 00 81 05 " PIN_HEX,
	    "C-APDU[0]: 10 20 00 81", PIN, PIN_HEX);
}

static void
test_verify_odd_ins(void **state)
{
	secret_cmd(state, "00 21 00 81 07 80 05 " PIN_HEX,
	    "C-APDU[0]: 00 21 00 81", PIN, PIN_HEX);
}

/*
 * ISO 7816-4 gives CHANGE REFERENCE DATA and RESET RETRY COUNTER odd
 * INS forms too (25, 2D: data as BER-TLV), as it does VERIFY (21), which
 * tp_apdu_is_secret already covers.
 */
static void
test_change_reference_data_odd_ins(void **state)
{
	secret_cmd(state, "00 25 00 81 07 81 05 " PIN_HEX,
	    "C-APDU[0]: 00 25 00 81", PIN, PIN_HEX);
}

static void
test_reset_retry_counter_odd_ins(void **state)
{
	secret_cmd(state, "00 2D 00 81 07 81 05 " PIN_HEX,
	    "C-APDU[0]: 00 2d 00 81", PIN, PIN_HEX);
}

/* The driver's own PIN INS, set with tp_set_pin_ins. */
static void
test_driver_pin_ins(void **state)
{
	struct fx *f = *state;
	const char *t;

	tp_set_pin_ins(0xEE);
	select_in_full(f);
	log_cmd(&f->h, "80 EE 00 01 05 " PIN_HEX);
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_header_only(t, "C-APDU[0]: 80 ee 00 01");
	assert_no_pin(t, PIN, PIN_HEX);
}

/* Without it, the same INS is an ordinary command (the control). */
static void
test_driver_pin_ins_unset(void **state)
{
	struct fx *f = *state;
	const char *t;

	tp_set_pin_ins(0xEE);
	tp_set_pin_ins(0);
	log_cmd(&f->h, "80 EE 00 01 05 " PIN_HEX);
	t = trace(f);
	assert_non_null(strstr(t, "C-APDU[0]: 80 ee 00 01 05 37 33 39 31 35"));
}

/* A command of header only needs no redaction line. */
static void
test_verify_status_header(void **state)
{
	struct fx *f = *state;
	const char *t;

	log_cmd(&f->h, "00 20 00 81");
	select_in_full(f);
	t = trace(f);
	assert_non_null(strstr(t, SELECT_TRACE));
	assert_header_only(t, "C-APDU[0]: 00 20 00 81");
	assert_null(strstr(t, "redacted"));
}

/* A long ordinary command is printed in full, over several lines. */
static void
test_long_command_in_full(void **state)
{
	struct fx *f = *state;
	uint8_t cmd[4 + 1 + 40];
	const char *t;

	memcpy(cmd, "\x00\xDA\x01\x02\x28", 5);
	h_pattern(cmd + 5, 40, 0x10);
	tp_log_apdu("test", cmd, sizeof(cmd), NULL, 0);
	t = trace(f);
	assert_non_null(strstr(t, "C-APDU[0]: 00 da 01 02 28 10 17 1e"));
	assert_non_null(strstr(t, "C-APDU[32]: "));
	assert_null(strstr(t, "R-APDU"));
}

static void
test_is_secret(void **state)
{
	static const uint8_t ins_secret[] = { 0x20, 0x21, 0x24, 0x2C };
	static const uint8_t ins_plain[] = { 0xA4, 0xB0, 0x2A, 0x22, 0xC0,
	    0xCA, 0x00, 0xFF };
	uint8_t cmd[5] = { 0x00, 0x00, 0x00, 0x81, 0x00 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ins_secret); i++) {
		cmd[1] = ins_secret[i];
		assert_true(tp_apdu_is_secret(cmd, sizeof(cmd)));
	}
	for (i = 0; i < sizeof(ins_plain); i++) {
		cmd[1] = ins_plain[i];
		assert_false(tp_apdu_is_secret(cmd, sizeof(cmd)));
	}
	cmd[1] = 0x20;
	assert_false(tp_apdu_is_secret(cmd, 1));
}

/* Trace off: the file stays empty. */
static void
test_off(void **state)
{
	struct fx *f = *state;
	const char *t;

	log_fini();
	unsetenv("EBID_DEBUG");
	log_init("test", LOG_SINK_STDERR);
	select_in_full(f);
	log_cmd(&f->h, "00 20 00 81 05 " PIN_HEX);
	t = trace(f);
	assert_string_equal(t, "");
}

#define APDU(t)	cmocka_unit_test_setup_teardown(t, setup_apdu, teardown)
#define ALL(t)	cmocka_unit_test_setup_teardown(t, setup_all, teardown)

static const struct CMUnitTest tests[] = {
	APDU(test_verify),
	ALL(test_verify_all_wrong),
	ALL(test_verify_transport_error),
	APDU(test_verify_padded),
	APDU(test_verify_direct),
	APDU(test_verify_extended),
	APDU(test_verify_chained),
	APDU(test_verify_odd_ins),
	APDU(test_change_reference_data),
	APDU(test_reset_retry_counter),
	APDU(test_reset_retry_counter_puk),
	APDU(test_change_reference_data_odd_ins),
	APDU(test_reset_retry_counter_odd_ins),
	APDU(test_driver_pin_ins),
	APDU(test_driver_pin_ins_unset),
	APDU(test_verify_status_header),
	APDU(test_long_command_in_full),
	cmocka_unit_test(test_is_secret),
	APDU(test_off),
};

int
main(void)
{
	return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
