#!/bin/sh
# mkseeds.sh - write the seed corpus in tests/fuzz/corpus/ from the hex
# below.  The seeds are committed; run this only to change them.
#
# corpus/tlv/:  BER-TLV bytes, as fuzz-tlv reads them.
# corpus/apdu/: a control byte, a parameter byte, then the card's answers,
#               each as a 2-byte big-endian length and the bytes (the
#               raw mode of src/transport/script.h); see fuzz-apdu.c.
set -eu

corpus=$(cd "$(dirname "$0")" && pwd)/corpus

# bin HEX...: the bytes written in hex (spaces allowed) to stdout
bin() {
	h=$(printf '%s' "$*" | tr -d ' :\n')
	while [ -n "$h" ]; do
		b=${h%"${h#??}"}
		h=${h#??}
		# shellcheck disable=SC2059
		printf "\\$(printf '%o' "0x$b")"
	done
}

# ans HEX...: one raw-mode answer (length, then the bytes), in hex
ans() {
	h=$(printf '%s' "$*" | tr -d ' :\n')
	printf '%04x%s' $((${#h} / 2)) "$h"
}

# rep HEX N: HEX written N times
rep() {
	i=0
	while [ "$i" -lt "$2" ]; do
		printf '%s' "$1"
		i=$((i + 1))
	done
}

# seed DIR NAME HEX...: write one seed
seed() {
	mkdir -p "$corpus/$1"
	bin "$3" >"$corpus/$1/$2"
}

# ---- tlv ------------------------------------------------------------
seed tlv fcp "62 0B 80 02 05 DC 82 01 01 83 02 00 01"
seed tlv fci "6F 0B 84 09 D3 92 F0 00 45 42 49 44 01"
seed tlv nested "70 81 0A 7F 49 07 DF 81 01 03 AA BB CC"
seed tlv long-82 "04 82 01 00 $(rep 5A 256)"
seed tlv sequence "80 01 AA 5F 20 02 41 42 9F 7F 00 DF FF 7F 00"
seed tlv bad-indefinite "30 80 04 00 00 00"
seed tlv bad-4byte-tag "5F 81 81 01 00"
seed tlv bad-truncated "62 0B 80 02 05"
seed tlv bad-len83 "04 83 00 00 01 AA"
seed tlv bad-padding "80 01 AA 00 00 FF"
seed tlv bad-child "70 03 80 05 AA BB CC DD EE"
seed tlv empty ""

# ---- apdu -----------------------------------------------------------
ok=$(ans 90 00)
fcp() {		# FCP answer for a file of $1 (4 hex digits) bytes
	ans "62 0B 80 02 $1 82 01 01 83 02 00 01 90 00"
}

# op 0: apdu_transceive
seed apdu xcv-simple "10 00 $(ans 01 02 03 90 00)"
seed apdu xcv-get-response "10 00 $(ans AA 61 02) $(ans BB CC 61 00) \
    $(ans "$(rep 5A 256) 90 00")"
seed apdu xcv-wrong-le "10 00 $(ans 6C 04) $(ans 01 02 03 04 90 00)"
seed apdu xcv-wrong-le-twice "10 00 $(ans 6C 04) $(ans 6C 02)"
seed apdu xcv-6c-after-get-response "10 00 $(ans AA 61 00) $(ans 6C 02)"
seed apdu xcv-61-forever "10 00 $(rep "$(ans 61 00)" 300)"
seed apdu xcv-chain "08 64 $ok $ok"
seed apdu xcv-chain-stopped "08 C8 $(ans 6A 80)"
seed apdu xcv-extended "34 C8 $(ans "$(rep 00 16) 90 00")"
seed apdu xcv-short-answer "10 00 $(ans 90)"
# op 1: card_read_ef
seed apdu read-ef-ext "05 00 $ok $(fcp 0010) $(ans "$(rep 30 16) 90 00")"
seed apdu read-ef-short "01 00 $ok $(fcp 0180) \
    $(ans "$(rep 31 256) 90 00") $(ans "$(rep 32 128) 90 00")"
seed apdu read-ef-partial "05 00 $ok $(fcp 0020) \
    $(ans "$(rep 33 16) 90 00") $(ans "$(rep 34 16) 90 00")"
seed apdu read-ef-zero "05 00 $ok $(fcp 0010) $ok"
seed apdu read-ef-bogus-fcp "05 00 $ok $(ans 62 05 80 02 05 90 00)"
seed apdu read-ef-no-file "05 00 $ok $(ans 6A 82)"
# op 2: card_sign (parameter 2: 256-byte key, 3: 512-byte key)
seed apdu sign-2048 "06 02 $ok $ok $(ans "$(rep 44 256) 90 00")"
seed apdu sign-4096-short "02 03 $ok $ok $(ans "$(rep 45 256) 61 00") \
    $(ans "$(rep 46 256) 90 00")"
seed apdu sign-wrong-len "06 02 $ok $ok $(ans "$(rep 47 255) 90 00")"
seed apdu sign-refused "06 02 $ok $(ans 6A 88)"
# op 3: serial, PIN status, VERIFY
seed apdu pin "07 00 $ok $(ans 01 02 03 04 90 00) $ok $(ans 63 C3) $ok \
    $(ans 63 C2)"
seed apdu pin-blocked "07 00 $ok $(ans 6A 88) $ok $(ans 69 83) $ok \
    $(ans 69 83)"
seed apdu empty ""
seed apdu one-byte "05"
