---@meta aspera.client
error('Cannot require a meta file')

---Client software: the public IBM Aspera Connect version feed (connectversions.js: the builds
---per platform and their links), and the Aspera products installed on this machine. Entries
---are named by id or title (ids repeat in the feed: the first match wins); links by title.
---A name that matches nothing raises a "usage" error; a failed download an "http" error.
---@class aspera.client
local client = {}

---Options of the feed functions.
---@class aspera.client.FeedOpts
---@field url? string the feed's URL (default: Aspera's CDN connectversions.js)

---Returns the feed's entries (id, title, version, links...).
---@param opts? aspera.client.FeedOpts
---@return table[]
function client.connect_list(opts) end

---Returns one entry, without its links.
---@param name string id or title
---@param opts? aspera.client.FeedOpts
---@return table
function client.connect_info(name, opts) end

---Returns the links of one entry (title, type, href, hreflang, rel).
---@param name string id or title
---@param opts? aspera.client.FeedOpts
---@return table[]
function client.connect_links(name, opts) end

---Downloads the file of a link (its href, relative to the feed) into folder; returns its path.
---The file appears only when complete.
---@param name string id or title of the entry
---@param title string title of the link
---@param folder string an existing folder
---@param opts? aspera.client.FeedOpts
---@return string
function client.connect_download(name, title, folder, opts) end

---Returns the Aspera products installed here that hold an ascp (the list --use-product picks
---from), in search order: name, app_root, ascp, keys (SSH keys it ships), version (ascp -A).
---@return table[]
function client.installed() end

---With --ui=graphical, opens url in the browser ($BROWSER or the desktop's opener) and returns
---true; else, or when no browser starts, returns false (the caller prints the URL).
---@param url string
---@return boolean
function client.open_url(url) end

---Returns the address of aslmcli's manual (its README).
---@return string
function client.doc_url() end

---Installs the Transfer SDK: downloads the .tar.gz archive (sdk_url, else the latest one for
---this platform in the list at locations_url, default https://ibm.biz/sdk_location), unpacks its
---files flat into sdk_folder (default ~/.aspera/sdk; no entry can land outside it, links are
---refused), checks that its ascp runs, and returns {path, product, version, url}.
---@param opts? {sdk_url?: string, locations_url?: string, sdk_folder?: string}
---@return table
function client.install_sdk(opts) end
