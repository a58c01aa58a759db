/*
 * tp.h - the transport layer: how APDUs reach a card.
 *
 * A transport is a table of operations (struct tp_ops) over an opaque
 * context.  pcsc.c implements it over libpcsclite; script.c implements it
 * from a script of expected commands for unit tests and fuzzers.  Every
 * operation returns EBID_OK or a negative EBID_ERR_* code.
 *
 * Callers go through the tp_* wrappers, which also write the APDU trace
 * (debug category "apdu") with the data of PIN commands redacted.
 */
#ifndef EBID_TRANSPORT_TP_H
#define EBID_TRANSPORT_TP_H

#include <stddef.h>
#include <stdint.h>

#define TP_ATR_MAX	33
#define TP_RESP_MAX	(65536 + 2)	/* extended Ne plus SW1 SW2 */
#define TP_READER_MAX	256		/* reader name, with its NUL */

/* Reader name that tp_wait() reports changes of the reader list under. */
#define TP_PNP_READER	"\\\\?PnP?\\Notification"

/* Reader state bits (struct tp_rstate.state). */
enum {
	TP_ST_PRESENT = 1 << 0,	/* a card is in the reader */
	TP_ST_EXCLUSIVE = 1 << 1,	/* another program holds it exclusively */
	TP_ST_MUTE = 1 << 2,	/* a card that does not answer */
	TP_ST_GONE = 1 << 3,	/* the reader has been removed */
	TP_ST_CHANGED = 1 << 4,	/* differs from what the caller knew */
};

struct tp_rstate {
	const char	*reader;	/* in: reader name, or TP_PNP_READER */
	uint32_t	 known;		/* in: opaque event state last seen */
	uint32_t	 current;	/* out: opaque event state now */
	unsigned	 state;		/* out: TP_ST_* bits */
	uint8_t		 atr[TP_ATR_MAX];
	size_t		 atr_len;
};

/* PC/SC part 10 features a reader may offer (tp_features). */
struct tp_features {
	uint32_t	verify_pin_direct;	/* control code, 0 if absent */
	uint32_t	modify_pin_direct;
};

struct tp_ops {
	const char *name;
	int	(*ctx_new)(void *arg, void **ctx);
	void	(*ctx_free)(void **ctx);
	/* names: a list of NUL-terminated strings ended by an empty one */
	int	(*list)(void *ctx, char **names, size_t *len);
	int	(*wait)(void *ctx, struct tp_rstate *, size_t, unsigned ms);
	int	(*cancel)(void *ctx);
	int	(*connect)(void *ctx, const char *reader, void **hdl,
		    uint8_t *atr, size_t *atr_len);
	void	(*disconnect)(void **hdl, int reset);
	int	(*transmit)(void *hdl, const uint8_t *cmd, size_t cmd_len,
		    uint8_t *resp, size_t *resp_len);
	int	(*begin)(void *hdl);
	int	(*end)(void *hdl);
	int	(*control)(void *hdl, uint32_t code, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t *out_len);
};

typedef struct tp tp_t;
typedef struct tp_card tp_card_t;

int tp_new(const struct tp_ops *, void *arg, tp_t **);
void tp_free(tp_t **);
int tp_readers(tp_t *, char ***names, size_t *count);
void tp_readers_free(char ***names, size_t count);
int tp_wait(tp_t *, struct tp_rstate *, size_t, unsigned ms);
int tp_cancel(tp_t *);

int tp_connect(tp_t *, const char *reader, tp_card_t **);
void tp_disconnect(tp_card_t **, int reset);
const uint8_t *tp_card_atr(const tp_card_t *, size_t *len);
int tp_transmit(tp_card_t *, const uint8_t *cmd, size_t cmd_len,
    uint8_t *resp, size_t *resp_len);
unsigned long tp_card_apdus(const tp_card_t *);
int tp_begin(tp_card_t *);
int tp_end(tp_card_t *);
int tp_features(tp_card_t *, struct tp_features *);
int tp_control(tp_card_t *, uint32_t code, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t *out_len);

/* Trace one APDU; the data field of PIN commands is never printed. */
void tp_log_apdu(const char *func, const uint8_t *cmd, size_t cmd_len,
    const uint8_t *resp, size_t resp_len);
int tp_apdu_is_secret(const uint8_t *cmd, size_t cmd_len);
void tp_set_pin_ins(uint8_t ins);

extern const struct tp_ops tp_pcsc_ops;

#endif
