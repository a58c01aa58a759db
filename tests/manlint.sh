#!/bin/sh
# manlint.sh - every man page passes mandoc -T lint at warning level.
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
. "$srcdir/tests/require.sh"
need_cmd mandoc mandoc
rc=0
# the pages in the source, and those made at build time (ebid-pkcs11.8)
seen=" "
for m in "$srcdir"/src/*/*.[0-9] "$srcdir"/conf/*.[0-9] \
    "$builddir"/src/*/*.[0-9] "$builddir"/conf/*.[0-9]; do
	[ -f "$m" ] || continue
	case $seen in *" $(basename "$m") "*) continue ;; esac
	seen="$seen$(basename "$m") "
	if mandoc -T lint -W warning "$m" 2>&1 | grep -v "mandoc.db" |
	    grep . ; then
		rc=1
	else
		echo "ok - $(basename "$m")"
	fi
done
exit $rc
