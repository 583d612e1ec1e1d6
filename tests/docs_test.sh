#!/usr/bin/env bash
# The generated man page and shell completions hold every subcommand and flag that
# `migrator --help` and `migrator <command> --help` show, and bash and zsh load them.
#   docs_test.sh MIGRATOR DOCS_DIR
set -u
migrator=$1 docs=$2
status=0
fail() { echo "FAIL: $*"; status=1; }

# Subcommands: the lines under "Subcommands:" of a help text. Flags: every -x / --name word.
# An alias follows its command ("  up, migrate   apply ..."): both are listed.
subcommands() { awk '/^Subcommands:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { if ($1 ~ /,$/) { sub(",$", "", $1); print $1; print $2 } else print $1 }' ; }
flags() { grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z0-9-]*' | sed 's/^[ ,]//' | sort -u; }

commands=$("$migrator" --help | subcommands)
[ -n "$commands" ] || fail "no subcommands in migrator --help"
all_commands=$commands
declare -A command_flags
command_flags[global]=$("$migrator" --help | sed '/^Subcommands:/,$d' | flags)
for c in $commands; do
    help=$("$migrator" "$c" --help)
    command_flags[$c]=$(printf '%s\n' "$help" | sed '/^Subcommands:/,$d' | flags)
    for child in $(printf '%s\n' "$help" | subcommands); do
        all_commands="$all_commands $child"
        command_flags["$c $child"]=$("$migrator" "$c" "$child" --help | flags)
    done
done

man_source=$(cat "$docs/migrator.1")
bash_source=$(cat "$docs/migrator.bash")
zsh_source=$(cat "$docs/_migrator")
for c in $all_commands; do
    grep -q "^\.SS \"\\(.* \\)\\?$c\\b" <<<"$man_source" || fail "command $c is not in the man page"
    grep -qw -- "$c" <<<"$bash_source" || fail "command $c is not in the bash completion"
    grep -qw -- "$c" <<<"$zsh_source" || fail "command $c is not in the zsh completion"
done
checked=0
for key in "${!command_flags[@]}"; do
    for f in ${command_flags[$key]}; do
        checked=$((checked + 1))
        grep -qF -- "${f//-/\\-}" <<<"$man_source" || fail "$key: $f is not in the man page"
        grep -qF -- "$f" <<<"$bash_source" || fail "$key: $f is not in the bash completion"
        grep -qF -- "'$f[" <<<"$zsh_source" || fail "$key: $f is not in the zsh completion"
    done
done
[ "$checked" -gt 30 ] || fail "only $checked flags found in the help texts"

# bash loads it, and completes a command's flags.
out=$(bash -c "source '$docs/migrator.bash' && complete -p migrator" 2>&1) || fail "bash cannot load it: $out"
grep -q -- '-F _migrator' <<<"$out" || fail "complete -p migrator: $out"
words=$(bash -c "source '$docs/migrator.bash'; COMP_WORDS=(migrator up --); COMP_CWORD=2; _migrator; echo \${COMPREPLY[*]}")
grep -qw -- '--allow-changed' <<<"$words" || fail "bash completes 'migrator up --' with: $words"
words=$(bash -c "source '$docs/migrator.bash'; COMP_WORDS=(migrator schema dump --o); COMP_CWORD=3; _migrator; echo \${COMPREPLY[*]}")
[ "$words" = "--output" ] || fail "bash completes 'migrator schema dump --o' with: $words"

# zsh loads the function, when zsh is installed (Debian package zsh).
if command -v zsh >/dev/null; then
    zsh -n "$docs/_migrator" || fail "zsh -n _migrator"
    out=$(zsh -fc "fpath=('$docs' \$fpath); autoload -Uz compinit && compinit -u -D && autoload -Uz _migrator && whence -w _migrator; print -r -- \${_comps[migrator]}" 2>&1)
    grep -q '_migrator: function' <<<"$out" || fail "zsh does not load _migrator: $out"
    grep -q '^_migrator$' <<<"$out" || fail "zsh does not bind _migrator to migrator: $out"
else
    echo "zsh is not installed: its part is skipped"
fi
[ $status = 0 ] && echo "ok: $(wc -w <<<"$all_commands") commands and $checked flags in the man page and both completions"
exit $status
