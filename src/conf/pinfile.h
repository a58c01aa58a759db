/*
 * pinfile.h - a persistent count of wrong PINs per card, shared by every
 * process of the user, for card profiles whose card does not tell how
 * many tries are left (pin_status = counter).
 *
 * One file per card under the user's state directory
 * ($XDG_STATE_HOME/ebid-pkcs11, else ~/.local/state/ebid-pkcs11), named
 * by the card's serial in hex.  A lock file serializes every reader and
 * writer; updates are written to a temporary file and renamed.  The
 * count holds no secret: it is a number of wrong tries.
 */
#ifndef EBID_CONF_PINFILE_H
#define EBID_CONF_PINFILE_H

#include <stddef.h>

#include "conf/conf.h"

struct conf_pinfile;

/* The default state directory; EBID_ERR_CONFIG when HOME is unknown. */
int conf_pinfile_dir(char *out, size_t n);

/*
 * Opens and locks (flock, exclusive) the count of card_id in dir,
 * creating dir (0700) when needed.  Keep it open across the VERIFY so
 * that no other process sends a PIN in between.  Waits for the lock at
 * most CONF_PINFILE_WAIT_MS (_open_wait: wait_ms), then gives up with
 * EBID_ERR_TIMEOUT: the callers then take the count as unknown, and the
 * guard sends no PIN.
 */
#define CONF_PINFILE_WAIT_MS	10000
int conf_pinfile_open(const char *dir, const char *card_id,
    struct conf_pinfile **);
int conf_pinfile_open_wait(const char *dir, const char *card_id, int wait_ms,
    struct conf_pinfile **);
/* Wrong PINs since the last correct one (0 when there is no file). */
int conf_pinfile_wrong(const struct conf_pinfile *);
/* Records a wrong PIN (wrong = 1) or a correct one (wrong = 0). */
int conf_pinfile_record(struct conf_pinfile *, int wrong);
/* Unlocks and frees. */
void conf_pinfile_close(struct conf_pinfile **);

/*
 * The count of one card as the configuration places it: [policy]
 * pin_state_dir (relative to the configuration file) or the user's state
 * directory, in a file named by the card's authority and serial (two
 * authorities may number their cards alike).  The module and ebid-tool
 * both open it here, so that they count the same tries.
 */
int conf_pinfile_open_card(const struct conf *, const char *authority,
    const char *serial_hex, struct conf_pinfile **);

/*
 * Around a VERIFY, with the file open (locked): _begin counts the try
 * as wrong before the PIN is sent, so that a lost answer, a crash or a
 * pulled card still counts it; when that cannot be written the PIN must
 * not be sent (EBID_ERR_PIN_GUARD).  _end takes the VERIFY's result and
 * resets the count on success (anything else stays counted).
 */
int conf_pinfile_begin(struct conf_pinfile *);
int conf_pinfile_end(struct conf_pinfile *, int verify_rc);

#endif
