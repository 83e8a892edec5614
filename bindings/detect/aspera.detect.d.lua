---@meta aspera.detect
error('Cannot require a meta file')

---Which IBM Aspera product answers at a URL, without credentials (the products' public facts:
---login pages, ping endpoints, SSH banner). `aslmcli config detect URL` prints it.
---@class aspera.detect
local detect = {}

---@class aspera.detect.Result
---@field product string node, faspex5, faspex4, aoc, shares, console, orchestrator, httpgw or server
---@field version string the product's version, or a phrase when it tells none without credentials
---@field url string the base URL to put in a preset (standard path and redirects applied)

---Probes url (a host name alone is tried as https://, then ssh:// on ports 33001 and 22);
---raises an error when no known product answers. Honours the HTTP options (--insecure, proxy,
---timeouts).
---@param url string
---@return aspera.detect.Result
function detect.probe(url) end

---The product names probe may return, in the order they are tried.
---@return string[]
function detect.products() end
