#!/bin/sh
# mkconf.sh CARDDIR OUTDIR: a test configuration for ebid-tool against
# the lab's cards: the shipped conf with each authority's test CA, and a
# [policy] whose bidders' registry lists the five authorities' good
# cards (and the JPKI look-alike, which must be refused all the same)
# by their SHA-256 fingerprints, computed here.  Prints the conf's path.
set -eu
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cards=$1
out=$2
mkdir -p "$out"

fp() {
	openssl x509 -inform DER -in "$cards/$1.crt.der" -outform DER |
	    sha256sum | cut -d' ' -f1
}

{
	echo '業者番号,区分,商号,代表者,受任者,登録カード'
	echo "T0001,建設工事,株式会社山田試験建設,山田　太郎,佐藤　花子,$(fp aosign-representative)"
	echo "T0001,物品,株式会社山田試験建設,山田　太郎,,$(fp jpki-sign)"
	echo "T0002,建設工事,鈴木試験工業株式会社,鈴木　一郎,,$(fp diacert-representative)"
	echo "T0003,コンサル,有限会社田中試験設計,田中　一郎,田中　美咲,$(fp tdb-delegate)"
	echo "T0004,建設工事,伊藤試験土木株式会社,伊藤　健二,,$(fp toinx-representative)"
	echo "T0005,建設工事,渡辺試験測量株式会社,渡辺　直子,,$(fp eprobatio-representative)"
} >"$out/registry.csv"

# The shipped conf without its [policy] section, each authority's CA
# added; then our [policy].
awk -v cas="$cards/ca" '
	/^\[/ { skip = ($0 == "[policy]") }
	skip { next }
	{ print }
	/^\[authority .*\]$/ {
		id = $0; sub(/^\[authority /, "", id); sub(/\]$/, "", id)
		print "ca_file = " cas "/" id ".crt.pem"
	}' "$srcdir/conf/ebid-pkcs11.conf" >"$out/ebid-pkcs11.conf"
cat >>"$out/ebid-pkcs11.conf" <<EOT

[policy]
registry = $out/registry.csv
variants = $srcdir/conf/kanji-variants.txt
binding = national
audit = no
pin_reserve = 2
pin_state_dir = $out/pin-state
EOT
echo "$out/ebid-pkcs11.conf"
