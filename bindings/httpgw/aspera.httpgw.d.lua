---@meta aspera.httpgw
error('Cannot require a meta file')

---The IBM Aspera HTTP Gateway (https://host/aspera/http-gwy): its information and health.
---Transfers through it use the httpgw agent: transfer.start(spec, {agent = "httpgw"}), the
---gateway URL given in the transfer_info option ({"url": ...}).
---@class aspera.httpgw
local httpgw = {}

---Returns GET /v1/info of the gateway (name, version, endpoints).
---@param url string the gateway's URL (/aspera/http-gwy is added when missing)
---@return table
function httpgw.info(url) end

---Checks that the gateway answers its info with a version; returns true, raises otherwise.
---@param url string
---@return boolean
function httpgw.health(url) end
