# bash completion for ebid-tool(1): commands, their subcommands and
# options, file names where a file is asked for, and the names of readers
# (from "ebid-tool --json readers") and authorities ("trust list").
# Installed as ebid-tool in bash-completion's completions directory.

# _ebid_tool_json_field KEY ARGS...: the string values of KEY in the JSON
# that ebid-tool ARGS prints (one per line; nothing when it fails)
_ebid_tool_json_field()
{
	local key=$1
	shift
	"${_ebid_tool_cmd:-ebid-tool}" "${_ebid_tool_conf[@]}" --json "$@" \
	    2>/dev/null | sed -n "s/^ *\"$key\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p"
}

# _ebid_tool_words LIST: COMPREPLY from LIST (one per line) for $cur,
# keeping spaces inside a word (reader names have them)
_ebid_tool_words()
{
	local IFS=$'\n' w
	COMPREPLY=()
	for w in $1; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$w")")
	done
}

_ebid_tool()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
	fi
	local commands="readers show pin interop trust registry help"
	local global="-c --conf --json --lang --help --version"
	local i cmd="" sub="" _ebid_tool_conf=()
	local _ebid_tool_cmd=${words[0]}

	# the command is the first word that is not a global option
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-c | --conf) _ebid_tool_conf=(-c "${words[i + 1]}"); i=$((i + 1)) ;;
		--lang) i=$((i + 1)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then cmd=${words[i]}
			elif [[ -z $sub ]]; then sub=${words[i]}; fi ;;
		esac
	done

	case $prev in
	-c | --conf | --cert | --old-cert | --new-cert)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--report)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--lang)
		COMPREPLY=($(compgen -W "ja en" -- "$cur")); return ;;
	-r | --reader | --old-reader | --new-reader)
		_ebid_tool_words "$(_ebid_tool_json_field reader readers)"; return ;;
	--category)
		COMPREPLY=($(compgen -W "construction consulting goods" -- "$cur")); return ;;
	--pin-env | --name-ja | --name-en | --lock-count | --fingerprint | --policy)
		return ;;
	esac

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$commands $global" -- "$cur"))
		return
	fi
	case $cmd in
	help)
		COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	readers) ;;
	show)
		COMPREPLY=($(compgen -W "-r --reader" -- "$cur") $(compgen -f -- "$cur")) ;;
	pin)
		COMPREPLY=($(compgen -W "-r --reader" -- "$cur")) ;;
	interop)
		COMPREPLY=($(compgen -W "-r --reader --pin-env --pin-stdin --report" -- "$cur")) ;;
	trust)
		case $sub in
		"") COMPREPLY=($(compgen -W "list show add policy remove" -- "$cur")) ;;
		list) ;;
		add)
			COMPREPLY=($(compgen -W "--name-ja --name-en --lock-count --policy" -- "$cur"))
			[[ $cur == -* ]] || _ebid_tool_words "$(_ebid_tool_json_field id trust list)"
			[[ $cur == -* ]] || COMPREPLY+=($(compgen -f -- "$cur")) ;;
		policy)
			COMPREPLY=($(compgen -W "--clear" -- "$cur"))
			[[ $cur == -* ]] || _ebid_tool_words "$(_ebid_tool_json_field id trust list)" ;;
		remove)
			COMPREPLY=($(compgen -W "--fingerprint" -- "$cur"))
			[[ $cur == -* ]] || _ebid_tool_words "$(_ebid_tool_json_field id trust list)" ;;
		show)
			_ebid_tool_words "$(_ebid_tool_json_field id trust list)" ;;
		esac ;;
	registry)
		case $sub in
		"") COMPREPLY=($(compgen -W "import list show register update unregister" -- "$cur")) ;;
		import) COMPREPLY=($(compgen -W "--apply" -- "$cur") $(compgen -f -- "$cur")) ;;
		show) COMPREPLY=($(compgen -W "--category" -- "$cur")) ;;
		register) COMPREPLY=($(compgen -W "--category -r --reader --cert" -- "$cur")) ;;
		update) COMPREPLY=($(compgen -W "--category --old-reader --old-cert --new-reader --new-cert" -- "$cur")) ;;
		unregister) COMPREPLY=($(compgen -W "--category -r --reader --cert --fingerprint" -- "$cur")) ;;
		esac ;;
	esac
}
complete -F _ebid_tool ebid-tool
