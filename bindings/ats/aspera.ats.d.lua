---@meta aspera.ats
error('Cannot require a meta file')

---IBM Aspera Transfer Service (https://ats.aspera.io): the transfer clusters of each cloud,
---access keys that give a cloud storage (AWS S3, IBM COS and Swift, Azure, Google) to a
---cluster's Node API, the subscription, and ATS API keys (created in IBM Cloud with an IBM API
---key, or by the Aspera ID sign-in in a browser, then kept in HOME/ats_api_keys.json). Results are plain tables with the API's own field
---names. Failures raise the structured error (kind "http" with status and the API's message;
---"usage" for a missing option, or when no ATS API key is given or stored).
---@class aspera.ats
local ats = {}

---Options of `ats.new`.
---@class aspera.ats.NewOpts
---@field url? string the ATS service (default https://ats.aspera.io)
---@field ats_key? string ATS API key id (ats_...); else the repository's
---@field ats_secret? string its secret
---@field ats_id? string the repository key to use when it holds several
---@field ibm_api_key? string IBM Cloud API key (instances, API keys)
---@field iam_url? string IBM Cloud IAM token endpoint (default https://iam.cloud.ibm.com/identity/token)
---@field instance? string ATS instance of IBM Cloud (default: the first)
---@field repository? string file of the API keys created (default HOME/ats_api_keys.json)
---@field redirect_uri? string Aspera ID sign-in: the local address the key comes back to (default http://localhost:12345)
---@field preset? string take the missing fields from this preset

---Creates a client (nothing is sent before the first call).
---@param opts? aspera.ats.NewOpts
---@return aspera.ats.client
function ats.new(opts) end

---Creates a client from a preset (url, ats_key, ats_secret, ats_id, ibm_api_key, iam_url, instance).
---@param name string
---@return aspera.ats.client
function ats.from_preset(name) end

---The clouds ATS serves: rows {id, name} (aws, azure, google, limelight, rackspace, softlayer).
---@return table[]
function ats.clouds() end

---Options of `ats.simulator`.
---@class aspera.ats.SimulatorOpts
---@field port? integer default: a free port
---@field host? string default: 127.0.0.1
---@field root? string folder of the storages (default: a temporary folder)
---@field ats_key? string the subscription's API key (default ats_simulator_key)
---@field ats_secret? string its secret
---@field ibm_api_key? string the IBM Cloud API key it accepts (default ibm_simulator_apikey)

---Starts an ATS simulator: clusters of every cloud, whose node is one embedded node simulator
---(below URL/node), access keys whose storage is a folder of it, an IAM token endpoint; it
---stops with sim:stop() or when the script ends.
---@param opts? aspera.ats.SimulatorOpts
---@return aspera.ats.simulator
function ats.simulator(opts) end

---A running simulator.
---@class aspera.ats.simulator
local simulator = {}

---Returns its base URL (the --url of ats).
---@return string
function simulator:url() end

---Returns the URL of its node (every cluster's transfer_setup_url).
---@return string
function simulator:node_url() end

---Returns the folder of its storages.
---@return string
function simulator:root() end

---Returns {ats_key=, ats_secret=, ibm_api_key=, iam_url=, instance=}.
---@return table
function simulator:credentials() end

---Returns a client with its credentials.
---@return aspera.ats.client
function simulator:client() end

---Serves until Ctrl-C (which then ends the script normally) or the end of the run, then stops.
function simulator:wait() end

---What `aslmcli <p> simulator` does: prints the URL, then each of lines, and serves like
---wait(); Ctrl-C is taken before the URL is printed, so one that comes after it ends the
---command normally (exit 0).
---@param lines? string[]
function simulator:serve(lines) end

---Stops it.
function simulator:stop() end

---An ATS client.
---@class aspera.ats.client
local client = {}

---The clusters of every cloud: {id, cloud, region, transfer_setup_url, ...}.
---@return table[]
function client:clusters() end

---The cluster of a cloud's region.
---@param cloud string aws, azure, google, limelight, rackspace or softlayer
---@param region string
---@return table
function client:cluster(cloud, region) end

---The cluster of an id.
---@param id string
---@return table
function client:cluster_by_id(id) end

---The clusters of the subscription (ATS API key).
---@return table
function client:provisioned() end

---Options of the access key listings.
---@class aspera.ats.ListOpts
---@field max? integer stop after this many keys

---The access keys of the subscription (all pages).
---@param opts? aspera.ats.ListOpts
---@return table[]
function client:access_keys(opts) end

---The access keys, fetched a page at a time as the loop goes.
---@param opts? aspera.ats.ListOpts
---@return fun(): table
function client:each_access_key(opts) end

---An access key.
---@param id string
---@return table
function client:access_key(id) end

---Creates an access key: params holds storage ({type=aws_s3|ibm-s3|softlayer_swift|azure|
---azure_sas|google_gcs, bucket or container, credentials, path}), and optionally id, name and
---transfer_server_id; without transfer_server_id, opts.cloud and opts.region choose the cluster.
---The storage's authentication endpoint is filled from the cluster when missing (Swift, IBM COS).
---@param params table
---@param opts? {cloud?: string, region?: string}
---@return table the key, with its secret
function client:create_access_key(params, opts) end

---Changes an access key (name, storage...).
---@param id string
---@param change table
---@return true
function client:modify_access_key(id, change) end

---Deletes an access key.
---@param id string
---@return true
function client:delete_access_key(id) end

---The Node API of an access key: an aspera.node client at its cluster, logged in with the key's
---id and secret (opts.secret, else the one ATS returns), and the id of the key's root folder
---(for each_child, resolve, upload and download with folder_id).
---@param id string
---@param opts? {secret?: string}
---@return aspera.node.client
---@return string root_file_id
function client:node(id, opts) end

---The cluster of an access key, as ATS tells it to the key itself.
---@param id string
---@param opts? {secret?: string}
---@return table
function client:access_key_cluster(id, opts) end

---The subscription of the API key.
---@return table
function client:subscriptions() end

---The AWS IAM trust policy that lets ATS use a role's bucket in a region.
---@param region string
---@return table
function client:aws_trust_policy(region) end

---The ATS instances of the IBM Cloud account (needs ibm_api_key).
---@return string[]
function client:instances() end

---The ids of the ATS API keys (of the instance with ibm_api_key, else of the subscription).
---@return string[]
function client:api_keys() end

---An ATS API key.
---@param id string
---@return table
function client:api_key(id) end

---Creates an ATS API key and stores it in the repository, so that the next clients need no
---credentials: in the IBM Cloud instance with ibm_api_key, else through the Aspera ID sign-in
---(the sign-in page is shown to the user, the key comes back on redirect_uri).
---@param params? {ats_description?: string}
---@return table {ats_id, ats_secret, ...}
function client:create_api_key(params) end

---Deletes an ATS API key, and removes it from the repository.
---@param id string
---@return true
function client:delete_api_key(id) end

---The API keys stored in the repository.
---@return table[]
function client:repository() end

---Removes a key from the repository (not from ATS); false when it was not there.
---@param id string
---@return boolean
function client:forget_api_key(id) end
