/*
 * err.c - names for the EBID_ERR_* codes.
 */
#include "config.h"

#include <stddef.h>

#include "common/err.h"

struct err_name {
	int		 rc;
	const char	*text;
};

static const struct err_name err_names[] = {
	{ EBID_OK,		"success" },
	{ EBID_ERR_ARG,		"invalid argument" },
	{ EBID_ERR_NOMEM,	"out of memory" },
	{ EBID_ERR_PARSE,	"malformed data" },
	{ EBID_ERR_INTERNAL,	"internal error" },
	{ EBID_ERR_CONFIG,	"configuration error" },
	{ EBID_ERR_UNSUPPORTED,	"not supported" },
	{ EBID_ERR_BUFFER_SMALL, "buffer too small" },
	{ EBID_ERR_TIMEOUT,	"timed out" },
	{ EBID_ERR_CANCELLED,	"cancelled" },
	{ EBID_ERR_CRYPTO,	"cryptographic library failure" },
	{ EBID_ERR_NO_SERVICE,	"smart card service (pcscd) not available" },
	{ EBID_ERR_NO_READER,	"no such reader" },
	{ EBID_ERR_NO_CARD,	"no card in the reader, or card removed" },
	{ EBID_ERR_CARD_RESET,	"card was reset" },
	{ EBID_ERR_SHARING,	"reader is in exclusive use by another program" },
	{ EBID_ERR_IO,		"card communication failure" },
	{ EBID_ERR_PIN_INCORRECT, "wrong PIN" },
	{ EBID_ERR_PIN_BLOCKED,	"PIN blocked" },
	{ EBID_ERR_SECURITY,	"security condition not satisfied" },
	{ EBID_ERR_NOT_FOUND,	"file or object not found on the card" },
	{ EBID_ERR_WRONG_LENGTH, "card reports wrong length" },
	{ EBID_ERR_WRONG_PARAM,	"card reports wrong parameters" },
	{ EBID_ERR_INS,		"instruction not supported by the card" },
	{ EBID_ERR_CLA,		"class not supported by the card" },
	{ EBID_ERR_CONDITIONS,	"conditions of use not satisfied" },
	{ EBID_ERR_MEMORY,	"card memory failure" },
	{ EBID_ERR_CARD,	"card error" },
	{ EBID_ERR_PIN_LEN,	"PIN length outside the card's limits" },
	{ EBID_ERR_PIN_FORMAT,	"PIN contains characters the card does not accept" },
	{ EBID_ERR_PIN_GUARD,	"PIN guard holds: no PIN sent, tries kept in reserve" },
	{ EBID_ERR_REFUSED,	"card refused by the policy" },
	{ EBID_ERR_LOCKED,	"file locked by another process" },
};

const char *
ebid_strerr(int rc)
{
	size_t i;

	for (i = 0; i < sizeof(err_names) / sizeof(err_names[0]); i++)
		if (err_names[i].rc == rc)
			return err_names[i].text;
	return "unknown error";
}
