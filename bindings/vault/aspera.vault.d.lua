---@meta aspera.vault
error('Cannot require a meta file')

-- The vault of secrets chosen by --vault: the encrypted file HOME/vault (scrypt +
-- XSalsa20-Poly1305, the default; its passphrase is --vault-password or ASLMCLI_VAULT_PASSWORD,
-- else asked on the terminal) or the OS keychain (--vault=system: the secret service over
-- D-Bus on Linux). It is opened once per run. Extended values read it too: `@vault:NAME` is
-- the secret of the entry NAME, `@vault:NAME.FIELD` one of its fields.
local vault = {}

---Which store the run uses: {type="file", file=PATH} or {type="system", service=NAME, keychain=KIND}.
---@return table
function vault.info() end

---The entry names, sorted (the macOS and Windows keychains cannot list: an error there).
---@return string[]
function vault.list() end

---The entry NAME: {name=, secret=, and its fields}, or nil when there is none.
---@param name string
---@return table?
function vault.get(name) end

---Adds or replaces the entry NAME (the file is saved atomically, under a lock).
---@param name string
---@param secret string
---@param fields table<string, string>? optional text fields (username, url...)
---@return boolean
function vault.set(name, secret, fields) end

---Removes the entry NAME; true when it existed.
---@param name string
---@return boolean
function vault.delete(name) end
