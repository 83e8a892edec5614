---@meta aspera.vault
error('Cannot require a meta file')

-- The encrypted vault of secrets, HOME/vault (scrypt + XSalsa20-Poly1305). The passphrase is
-- ASLMCLI_VAULT_PASSWORD, else asked on the terminal; the vault is opened once per run.
-- Extended values read it too: `@vault:NAME` is the secret of the entry NAME.
local vault = {}

---The entry names, sorted.
---@return string[]
function vault.list() end

---The entry NAME: {name=, secret=, and its fields}, or nil when there is none.
---@param name string
---@return table?
function vault.get(name) end

---Adds or replaces the entry NAME and saves the vault (atomic, locked).
---@param name string
---@param secret string
---@param fields table<string, string>? optional text fields (username, url...)
---@return boolean
function vault.set(name, secret, fields) end

---Removes the entry NAME and saves the vault; true when it existed.
---@param name string
---@return boolean
function vault.delete(name) end
