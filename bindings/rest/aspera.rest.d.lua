---@meta aspera.rest
error('Cannot require a meta file')

---REST calls to any HTTP API with any authentication: the tool to explore an Aspera API from a
---script or the REPL. Answers are decoded JSON (plain tables with the API's field names;
---integers above 2^53 stay exact as json.number values). A failure raises the structured error:
---kind "http" with `status` and a one-line `message` such as
---"404 Not Found: GET https://host/path: <server's message>", and `details` holding the decoded
---error body when there is one. Requests follow the HTTP options of the run (insecure,
---http_proxy, http_options, rest_debug) and stop at Ctrl-C.
---@class aspera.rest
local rest = {}

---The authentication of a client. `type` is none, basic, bearer, node_bearer or oauth; without
---it: oauth when `grant` is set, node_bearer when `token` and `access_key` are, bearer when
---`token` is, basic when `username` is.
---@class aspera.rest.Auth
---@field type? string none, basic, bearer, node_bearer (Aspera node bearer token + X-Aspera-AccessKey) or oauth
---@field username? string basic; password grant; the JWT subject ("sub") when claims has none
---@field password? string basic; password grant
---@field token? string bearer and node_bearer
---@field access_key? string node_bearer; for oauth, sent as X-Aspera-AccessKey
---@field grant? string oauth: jwt, client_credentials, password, web (authorization code with PKCE) or iam (IBM Cloud API key)
---@field token_url? string oauth token endpoint (default: url .. "/token"; IBM IAM's for iam)
---@field auth_url? string web: authorize endpoint (default: url .. "/authorize")
---@field client_id? string
---@field client_secret? string sent only when given
---@field scope? string
---@field auth_style? string "params" (client id and secret in the form, default) or "header" (HTTP Basic)
---@field params? table<string, any> more form parameters of the token request
---@field private_key? string jwt: PEM private key (e.g. "@file:~/.aspera/key.pem" in a preset)
---@field passphrase? string jwt: passphrase of an encrypted key
---@field algorithm? string jwt: RS256 (default) or PS256
---@field claims? table<string, any> jwt: claims (iss defaults to client_id, aud to token_url); iat and nbf are set a minute in the past, exp one hour ahead
---@field header? table<string, any> jwt: more JOSE header fields (e.g. typ = "JWT")
---@field lifetime? integer jwt: seconds of validity of the assertion (default: 3600)
---@field redirect_uri? string web: local redirect URI (default: "http://localhost:12345"); port 0 picks a free one
---@field apikey? string iam: the IBM Cloud API key
---@field cache? boolean oauth: keep the token in HOME/persist_store (default: true, unless --cache-tokens=no)

---Options of `rest.new`.
---@class aspera.rest.NewOpts
---@field url? string base URL of the API (required unless the preset has one)
---@field auth? aspera.rest.Auth
---@field preset? string take url and credentials from this preset (its "auth" option names the type or grant); fields of the table override it
---@field headers? table<string, string> headers sent with every request

---Creates a client bound to a base URL and an authentication.
---@param opts aspera.rest.NewOpts
---@return aspera.rest.client
function rest.new(opts) end

---A client made by `rest.new`. Paths are relative to its URL ("files/browse" and
---"/files/browse" both give <url>/files/browse); an absolute URL is used as is.
---@class aspera.rest.client
local client = {}

---Status and headers of an answer (header names in lower case).
---@class aspera.rest.Info
---@field status integer
---@field headers table<string, string>

---Sends a GET request; returns the decoded answer (the text when it is not JSON) and its info.
---@param path? string
---@param query? table<string, any> list values repeat the key; tables are sent as JSON text
---@return any data
---@return aspera.rest.Info info
function client:get(path, query) end

---Sends a DELETE request.
---@param path? string
---@param query? table<string, any>
---@return any data
---@return aspera.rest.Info info
function client:delete(path, query) end

---Sends a POST request with a JSON body. POST requests are never retried on their own.
---@param path? string
---@param body? any
---@return any data
---@return aspera.rest.Info info
function client:post(path, body) end

---Sends a PUT request with a JSON body.
---@param path? string
---@param body? any
---@return any data
---@return aspera.rest.Info info
function client:put(path, body) end

---Sends a PATCH request with a JSON body.
---@param path? string
---@param body? any
---@return any data
---@return aspera.rest.Info info
function client:patch(path, body) end

---A request given in full.
---@class aspera.rest.Request
---@field method? string default GET
---@field path? string
---@field query? table<string, any>
---@field json? any JSON body
---@field body? string raw body (with content_type)
---@field content_type? string
---@field form? table<string, any> form body (application/x-www-form-urlencoded)
---@field headers? table<string, string>
---@field retry? boolean retry on temporary failures even when the method is not idempotent (or never, with false)
---@field auth? boolean false sends no credentials (default: true)

---Sends any request; returns the decoded answer and its info.
---@param req aspera.rest.Request
---@return any data
---@return aspera.rest.Info info
function client:call(req) end

---Options of `client:each`.
---@class aspera.rest.EachOpts
---@field paging? string link (Link: rel="next"), token (X-Aspera-Next-Iteration-Token / iteration_token), page (page/per_page + X-Total-Count), offset (offset/limit + total_count) or none (default)
---@field items? string field of the answer holding the list (default: the answer itself, or its only list field)
---@field max? integer stop after this many items
---@field pmax? integer stop after this many pages
---@field per_page? integer page size asked
---@field query? table<string, any>
---@field method? string default GET (POST for APIs that page in the body)
---@field json? table request body
---@field in_body? boolean offset paging: put offset and limit in the JSON body
---@field token_header? string
---@field token_param? string
---@field page_param? string
---@field per_page_param? string
---@field total_header? string
---@field offset_param? string
---@field limit_param? string
---@field total_key? string

---Returns an iterator over the items of a paginated listing: `for item in api:each(path, {paging="page"}) do ... end`.
---Pages are fetched only when the loop needs them: a loop that breaks early stops fetching.
---@param path string
---@param opts? aspera.rest.EachOpts
---@return fun(): any
function client:each(path, opts) end

---Downloads the answer of a GET to a file, through "<dest>.partial" which is renamed when
---complete (and resumed when present). Returns the number of bytes written.
---@param path string
---@param dest string
---@param opts? {query?: table<string, any>}
---@return integer
function client:download(path, dest, opts) end

---Returns the base URL of the client (without credentials).
---@return string
function client:url() end
