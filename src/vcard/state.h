/*
 * state.h - the persistent part of the card: each PIN's tries left, one
 * line "pin ID tries N" per PIN (docs/card-description.md).
 */
#ifndef EBID_VCARD_STATE_H
#define EBID_VCARD_STATE_H

#include "vcard/desc.h"

/*
 * Read the state file into pins[].tries.  A missing file, or a PIN the
 * file does not mention, starts at max_tries; with save set, the file
 * is then written.  A malformed file is an error naming file:line.
 * 0 or -1 (reported on stderr).
 */
int vc_state_load(struct vc_desc *, int save);
/* Rewrite the file atomically (temporary file, fsync, rename). 0 or -1. */
int vc_state_save(const struct vc_desc *);

#endif
