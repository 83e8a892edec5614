-- aslmcli.config_completion: `config completion bash|zsh|fish` (issue 17), the same script as
-- `aslmcli completion SHELL`; kept out of config.lua so that it merges cleanly. The script and
-- the candidates it asks for (aslmcli __complete) are made in Go (runtime/cli).
local config = require("aspera.config")

local M = {}

-- extend adds the command to the config plugin's command table.
function M.extend(commands)
  commands.completion = {
    help = "Print the shell completion script of bash, zsh or fish",
    usage = "bash|zsh|fish",
    long = [[bash: source <(aslmcli config completion bash) (e.g. in ~/.bashrc)
zsh: source <(aslmcli config completion zsh) (after compinit)
fish: aslmcli config completion fish | source]],
    run = function(cli) io.write(config.completion_script(cli:next_arg("shell"))) end,
  }
end

return M
