# src/vcard: the card emulator ebid-vcard (owned by the emulator work).
