#!/bin/sh
# layers.sh - every #include "dir/file.h" in src/ is one the README's
# layer table allows.  Usage: layers.sh [README [SRCDIR]].
set -u
readme=${1:-${top_srcdir:-.}/README.md}
src=${2:-${top_srcdir:-.}/src}
[ -f "$readme" ] || { echo "FAIL: no $readme"; exit 1; }
# The table: rows "| `src/X` | what | `src/a`, `src/b` |" of ## Layout,
# as lines "X a b" (a layer that may include nothing: "X").
table=$(awk -F'|' '
	/^## / { in_layout = ($0 == "## Layout") ; next }
	in_layout && $2 ~ /^ *`src\/[a-z0-9]+` *$/ {
		l = $2; gsub(/[ `]/, "", l); sub(/^src\//, "", l)
		m = $(NF - 1); gsub(/`src\//, " ", m); gsub(/[`,]/, "", m)
		if (m ~ /nothing/) m = ""
		print l m
	}' "$readme")
[ -n "$table" ] || { echo "FAIL: no layer table in $readme (## Layout)"; exit 1; }
fails=$(
	for f in "$src"/*/*.[ch]; do
		[ -f "$f" ] && echo "$f"
	done | while read -r f; do
		rel=${f#"$src"/}
		awk -v file="src/$rel" -v layer="${rel%%/*}" -v table="$table" '
		BEGIN {
			n = split(table, rows, "\n")
			for (i = 1; i <= n; i++) {
				k = split(rows[i], w, " ")
				known[w[1]] = 1
				for (j = 2; j <= k; j++)
					ok[w[1], w[j]] = 1
			}
			if (!(layer in known))
				printf "%s: layer src/%s is not in the table\n", \
				    file, layer
		}
		/^[ \t]*#[ \t]*include[ \t]*"/ {
			inc = $0
			sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
			if (inc == "config.h")
				next
			if (index(inc, "/") == 0) {
				printf "%s:%d: \"%s\": name the directory " \
				    "(\"%s/%s\")\n", file, NR, inc, layer, inc
				next
			}
			to = inc; sub(/\/.*/, "", to)
			if (to != layer && !ok[layer, to])
				printf "%s:%d: \"%s\": src/%s may not include " \
				    "src/%s (README, Layout)\n", file, NR, inc, \
				    layer, to
		}' "$f"
	done)
if [ -n "$fails" ]; then
	echo "$fails" | sed 's/^/FAIL: /'
	exit 1
fi
echo "PASS: every include in $src follows the layer table of $readme"
echo "$table" | awk '{ printf "  src/%s may include:", $1
	for (i = 2; i <= NF; i++) printf " src/%s", $i
	print NF == 1 ? " nothing" : "" }'
