# bash completion for bahth. Commands and options are read from `bahth --help` and
# `bahth COMMAND --help`, so they are always those of the installed binary.
_bahth() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    local commands
    commands=$(bahth --help 2>/dev/null | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z]*\).*/\1/p')
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  case $prev in
    --db|--into|--queries|--qrels|--run|--errors|--ids-from) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --bidi) COMPREPLY=($(compgen -W "auto none isolate visual" -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W "relevance date" -- "$cur")); return ;;
    --stemmer) COMPREPLY=($(compgen -W "light snowball none" -- "$cur")); return ;;
    --stage) COMPREPLY=($(compgen -W "normalize tokens stem" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    local options
    options=$(bahth "${COMP_WORDS[1]}" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ ${COMP_WORDS[1]} == index ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F _bahth bahth
