package cli

import (
	"fmt"
	"strings"
)

// CompletionShells are the shells CompletionScript knows.
var CompletionShells = []string{"bash", "fish", "zsh"}

// CompleteCommand is the hidden first word of the command line that the completion scripts
// call: `TOOL __complete WORDS...` prints Complete's candidates, one per line.
const CompleteCommand = "__complete"

// CompletionScript returns the completion script of shell for tool: a function that calls
// `tool __complete` with the words before the cursor and the word under it, and offers its
// lines. Bash splits "--format=js" at "=" (COMP_WORDBREAKS): the script joins the pieces
// back before asking and strips what precedes the "=" from the answers. No space is added
// after a candidate that ends with "=".
func CompletionScript(shell, tool string) (string, error) {
	var s string
	switch shell {
	case "bash":
		s = bashScript
	case "zsh":
		s = zshScript
	case "fish":
		s = fishScript
	default:
		return "", Usage("shells: "+strings.Join(CompletionShells, ", "), "no completion for shell %q", shell)
	}
	fn := "_" + strings.NewReplacer("-", "_", ".", "_").Replace(tool) + "_complete"
	return strings.NewReplacer("TOOL", tool, "FUNC", fn, "HIDDEN", CompleteCommand).Replace(s), nil
}

// CompletionUsage is the hint of commands that print a completion script.
func CompletionUsage(tool string) string {
	return fmt.Sprintf("bash: source <(%s completion bash); zsh: source <(%s completion zsh); fish: %s completion fish | source", tool, tool, tool)
}

const bashScript = `# bash completion for TOOL: source <(TOOL completion bash)
FUNC() {
  local i w words=() cur
  for ((i = 1; i <= COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    # join "--opt" "=" "val", which bash splits at "=" (COMP_WORDBREAKS)
    if ((${#words[@]} > 0)) && [[ $COMP_WORDBREAKS == *=* ]] && [[ $w == "=" || ${COMP_WORDS[i-1]} == "=" ]]; then
      words[${#words[@]}-1]+=$w
    else
      words+=("$w")
    fi
  done
  ((${#words[@]} > 0)) || words=("")
  cur=${words[${#words[@]}-1]}
  local IFS=$'\n'
  COMPREPLY=($(command TOOL HIDDEN "${words[@]}" 2>/dev/null))
  if [[ $cur == *=* && $COMP_WORDBREAKS == *=* ]]; then
    COMPREPLY=("${COMPREPLY[@]#*=}")
  fi
  if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
    compopt -o nospace 2>/dev/null
  fi
}
complete -o default -F FUNC TOOL
`

const zshScript = `#compdef TOOL
# zsh completion for TOOL: source <(TOOL completion zsh) (after compinit)
FUNC() {
  local -a cands plain eq
  cands=("${(@f)$(command TOOL HIDDEN "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  local c
  for c in "${cands[@]}"; do
    [[ -z $c ]] && continue
    if [[ $c == *= ]]; then eq+=("$c"); else plain+=("$c"); fi
  done
  ((${#plain})) && compadd -Q -- "${plain[@]}"
  ((${#eq})) && compadd -Q -S '' -- "${eq[@]}"
  return 0
}
compdef FUNC TOOL
`

const fishScript = `# fish completion for TOOL: TOOL completion fish | source
function FUNC
    set -l words (commandline -opc) (commandline -ct)
    command TOOL HIDDEN $words[2..-1] 2>/dev/null
end
complete -c TOOL -f -a '(FUNC)'
`
