#!/bin/sh
# mkconf.sh CARDDIR OUTDIR: a test configuration for ebid-tool against
# the lab's cards: `ebid-lab testconf` (the shipped conf trusting the test
# CAs, with the bidders' registry ebid-lab-mkcards wrote in CARDDIR and
# the shipped kanji variants), plus a PIN count directory of its own.
# Prints the conf's path.
set -eu
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
lab=${EBID_TEST_LAB:-$srcdir/src/lab/ebid-lab}
cards=$1
out=$2
mkdir -p "$out"
"$lab" testconf "$srcdir/conf/ebid-pkcs11.conf" "$cards" \
    "$srcdir/conf/kanji-variants.txt" >"$out/ebid-pkcs11.conf"
echo "pin_state_dir = $out/pin-state" >>"$out/ebid-pkcs11.conf"
echo "$out/ebid-pkcs11.conf"
