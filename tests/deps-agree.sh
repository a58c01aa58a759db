#!/bin/sh
# deps-agree.sh - packaging/deps, the one list of packages, agrees with
# packaging/debian/control (Build-Depends, <!nocheck> for check, the
# ebid-vcard package's Depends), packaging/rpm/ebid-pkcs11.spec
# (BuildRequires, ebid-vcard's Requires) and what packaging/install-deps
# installs (--list), names and least versions both ways.  Needs only awk.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
deps=${EBID_DEPS:-$srcdir/packaging/deps}
control=${EBID_CONTROL:-$srcdir/packaging/debian/control}
spec=${EBID_SPEC:-$srcdir/packaging/rpm/ebid-pkcs11.spec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# want: the records packaging/deps asks for, one "WHERE NAME VERSION" each
awk '
/^[ \t]*(#|$)/ { next }
NF != 4 { printf "%s:%d: want 4 columns, not %d\n", FILENAME, FNR, NF > "/dev/stderr"; bad = 1; next }
{
	deb = $1; implied = sub(/^\+/, "", deb)
	n = split($4, role, ","); nr = split($2, rpm, ",")
	for (i = 1; i <= n; i++) {
		r = role[i]
		if (r !~ /^(build|check|vcard|dev)$/) {
			printf "%s:%d: unknown role %s\n", FILENAME, FNR, r > "/dev/stderr"; bad = 1
		}
		if (r == "dev") continue
		if (!implied) printf "deb-%s %s %s\n", r, deb, $3
		if ($2 == "-") continue
		for (j = 1; j <= nr; j++)
			printf "rpm-%s %s %s\n", (r == "vcard" ? "vcard" : "build"), rpm[j], $3
	}
}
END { exit bad }' "$deps" | sort -u >"$tmp/want" || exit 1

# control: Build-Depends of the source, Depends of ebid-vcard
awk '
function flush(   n, e, i, k, alt, na, name, ver, where) {
	if (field == "") return
	n = split(value, e, ",")
	for (i = 1; i <= n; i++) {
		gsub(/^[ \t]+|[ \t]+$/, "", e[i])
		if (e[i] == "" || e[i] ~ /^\$\{/) continue
		na = split(e[i], alt, "|")
		name = ""
		for (k = 1; k <= na; k++) {
			split(alt[k], w, " ")
			if (name == "") name = w[1]
		}
		ver = "-"
		if (match(e[i], /\(>= *[^)]*\)/))
			ver = substr(e[i], RSTART + 4, RLENGTH - 5)
		gsub(/ /, "", ver)
		if (name == "debhelper-compat") { name = "debhelper"; ver = "-" }
		where = field == "Depends" ? "deb-vcard" : (e[i] ~ /<!nocheck>/ ? "deb-check" : "deb-build")
		# an alternative names the package of packaging/deps
		for (k = 1; k <= na; k++) {
			split(alt[k], w, " ")
			if ((where " " w[1]) in known) name = w[1]
		}
		print where, name, ver
	}
	field = ""
}
FNR == NR { known[$1 " " $2] = 1; next }
/^$/ { flush(); pkg = ""; next }
/^#/ { next }
/^[ \t]/ { if (field != "") value = value " " $0; next }
{
	flush()
	if ($1 == "Package:") pkg = $2
	if (($1 == "Build-Depends:" && pkg == "") ||
	    ($1 == "Depends:" && pkg == "ebid-vcard")) {
		field = substr($1, 1, length($1) - 1)
		value = substr($0, length($1) + 2)
	}
}
END { flush() }' "$tmp/want" "$control" >"$tmp/have"

# spec: BuildRequires, and Requires of ebid-vcard
awk '
/^%package/ { pkg = $NF; next }
/^%(description|prep|build|install|check|files|changelog)/ { pkg = "-" }
$1 == "BuildRequires:" || ($1 == "Requires:" && pkg == "ebid-vcard") {
	if ($2 ~ /^%/) next
	ver = ($3 == ">=") ? $4 : "-"
	print ($1 == "Requires:" ? "rpm-vcard" : "rpm-build"), $2, ver
}' "$spec" >>"$tmp/have"
sort -u "$tmp/have" -o "$tmp/have"

rc=0
comm -23 "$tmp/want" "$tmp/have" | sed 's/^/not ok - packaging\/deps wants, the control file or spec lacks: /' >"$tmp/lack"
comm -13 "$tmp/want" "$tmp/have" | sed 's/^/not ok - the control file or spec has, packaging\/deps lacks: /' >"$tmp/extra"
if [ -s "$tmp/lack" ] || [ -s "$tmp/extra" ]; then
	cat "$tmp/lack" "$tmp/extra"
	rc=1
else
	echo "ok - control and spec agree with packaging/deps ($(wc -l <"$tmp/want") records)"
fi

# install-deps installs exactly the Debian packages of the list
awk '!/^[ \t]*(#|$)/ { n = $1; sub(/^\+/, "", n); print n }' "$deps" | sort >"$tmp/deb"
sh "$srcdir/packaging/install-deps" --list | sort >"$tmp/inst"
if cmp -s "$tmp/deb" "$tmp/inst"; then
	echo "ok - install-deps --list is packaging/deps ($(wc -l <"$tmp/deb") packages)"
else
	echo "not ok - install-deps --list differs from packaging/deps:"
	diff "$tmp/deb" "$tmp/inst" | sed 's/^/# /'
	rc=1
fi
# and the check itself catches drift: python3 dropped from the control
# file, a version changed in the spec, an extra vcard dependency
[ -n "${EBID_DEPS_PLANTED:-}" ] && exit $rc
sed '/^ python3 <!nocheck>,$/d' "$control" >"$tmp/control.1"
sed 's/^\(BuildRequires: *libcmocka-devel\) >= 1.1$/\1 >= 1.2/' "$spec" >"$tmp/spec.2"
sed 's/^ vsmartcard-vpcd,$/ vsmartcard-vpcd,\n curl,/' "$control" >"$tmp/control.3"
for c in "control.1 $spec python3" "$tmp/control.3 $spec curl" "$control $tmp/spec.2 libcmocka-devel"; do
	set -- $c
	case $1 in /*) ;; *) set -- "$tmp/$1" "$2" "$3" ;; esac
	if cmp -s "$1" "$control" && cmp -s "$2" "$spec"; then
		echo "not ok - planted drift ($3): the edit did not apply"; rc=1; continue
	fi
	out=$(EBID_DEPS_PLANTED=1 EBID_CONTROL=$1 EBID_SPEC=$2 sh "$0")
	if [ $? = 1 ] && printf '%s\n' "$out" | grep -q "^not ok - .* $3 "; then
		echo "ok - planted drift caught: $3"
	else
		echo "not ok - planted drift not caught: $3"; printf '%s\n' "$out" | sed 's/^/# /'; rc=1
	fi
done
exit $rc
