---@meta aspera.config
error('Cannot require a meta file')

---The configuration file (presets) and option resolution. Preset names accept the alias
---"GLOBAL" for the global preset (default.config). Changes are written atomically when the
---command or script succeeds, or at once with config.save(); a failing command writes nothing.
---@class aspera.config
local config = {}

---Returns the path of the configuration file.
---@return string
function config.file() end

---Returns the shell completion script of aslmcli for shell ("bash", "zsh" or "fish"); it calls
---`aslmcli __complete WORDS...`, which prints the candidates (plugins, commands, options, values).
---@param shell string
---@return string
function config.completion_script(shell) end

---Returns the preset names in file order (the reserved sections "config" and "default" included).
---@return string[]
function config.presets() end

---Tells whether a preset exists.
---@param name string
---@return boolean
function config.exists(name) end

---Returns the values of a preset as stored (extended values not decoded), or nil.
---@param name string
---@return table<string, any>|nil
function config.preset(name) end

---Returns one stored value of a preset, or nil.
---@param name string
---@param param string
---@return any
function config.get(name, param) end

---Stores a value in a preset (created when missing).
---@param name string
---@param param string
---@param value any
function config.set(name, param, value) end

---Removes a parameter from a preset; returns whether it was there.
---@param name string
---@param param string
---@return boolean
function config.unset(name, param) end

---Removes a preset; returns whether it existed.
---@param name string
---@return boolean
function config.delete(name) end

---Replaces a preset with the given values.
---@param name string
---@param values table<string, any>
function config.initialize(name, values) end

---Sets the given values in a preset, keeping its other values.
---@param name string
---@param values table<string, any>
function config.update(name, values) end

---Returns the default preset of a plugin ("config" for the global preset), or nil.
---@param plugin string
---@return string|nil
function config.default(plugin) end

---Makes preset the default of plugin.
---@param plugin string
---@param preset string
function config.set_default(plugin, preset) end

---Returns the whole file as stored.
---@return table<string, table>
function config.data() end

---Returns one record {preset, parameter, value} per stored value, secrets hidden.
---@return {preset: string, parameter: string, value: any}[]
function config.overview() end

---Returns the value of an option resolved the way a command does (defaults, presets,
---environment, command line), decoded.
---@param name string
---@return any
function config.option(name) end

---Decodes an extended value ("@json:{...}", "@env:X", "@file:path", ...).
---@param text string
---@return any
function config.decode(text) end

---Writes the changes now (atomically).
function config.save() end

---Opens the file for editing: in the desktop's opener with --ui=graphical, else in $VISUAL or
---$EDITOR when on a terminal. Returns the path and whether an editor was started.
---@return string path
---@return boolean opened
function config.open() end

return config

---Generates an RSA key pair for JWT authentication; returns the private key (PEM, PKCS#8) and
---the public key (PEM) to register in the product. Nothing is written.
---@param bits? integer key size (default: 4096; at least 2048)
---@return string private_pem
---@return string public_pem
function config.genkey(bits) end

---Returns the public key (PEM) of a private key (PEM: PKCS#1, PKCS#8, encrypted or not, or OpenSSH).
---@param private_pem string
---@param passphrase? string
---@return string
function config.pubkey(private_pem, passphrase) end

---An entry of the OAuth token cache (no token value).
---@class aspera.config.TokenEntry
---@field id string
---@field grant string
---@field url string token endpoint
---@field client_id string
---@field user string
---@field scope string
---@field expiry string RFC 3339, "" when unknown
---@field saved string RFC 3339
---@field expired boolean

---Lists the OAuth tokens cached in HOME/persist_store.
---@return aspera.config.TokenEntry[]
function config.tokens() end

---Returns one cached token entry with its token (access_token, token_type, refresh_token).
---@param id string
---@return table
function config.token(id) end

---Deletes every cached OAuth token; returns how many were deleted.
---@return integer
function config.flush_tokens() end

---The LuaLS definition file (---@meta) of every module, by module name: what
---`config lua_defs` writes for editors, and what the REPL's help(x) reads.
---@return table<string, string>
function config.definitions() end
