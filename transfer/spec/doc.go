// Package spec is the Aspera transfer spec: the JSON object that says what a transfer moves,
// where and how, as the products return it (node upload_setup, gen4 specs, AoC, Faspex...), as
// the user changes it (--ts, --to-folder, --sources) and as the agents consume it (ascp
// arguments, node/Connect/HTTP Gateway requests). It is a leaf package: it imports only the
// standard library, go.yaml.in/yaml/v3 and internal/secret.
//
// The schema (schema/transfer-spec.schema.yaml, IBM's transfer spec schema unmodified, the
// repository's one copy) is embedded and parsed once, at package initialization; Fields returns its fields with their mapping to ascp.
//
// Decisions:
//   - Fields is a function (not a variable) returning the shared map: its callers (transfer/ascp)
//     already use it that way, and a function cannot be reassigned by accident.
//   - Field.Type is the first JSON type of the field, Field.Types all of them (http_fallback is
//     boolean or string, retry_duration integer or string).
//   - x-cli-option: a string is the ascp option as is; true means the option of the same name,
//     "--" + the field name with underscores changed to dashes (overwrite -> --overwrite);
//     false or absent means no option, except for an x-cli-switch, whose option is then the
//     same-name one (preserve_access_time -> --preserve-access-time), as in
//     command_line_builder.rb.
//   - A boolean field with an option and no conversion table is a switch even without
//     x-cli-switch (preserve_times -> -p): ascp takes no value for it, and the Ruby CLI's
//     "-p true" is a bug (protocols.md §1.2).
//   - x-cli-convert is either a method name (Field.Convert) or a table (Field.ConvertMap, its
//     keys and values as text: true -> "1", none -> "0").
//   - x-agents absent means every agent (Field.Agents nil); present and empty means no agent
//     (documentation-only fields such as fasp_url, compression): Field.For reports it.
//   - Parse decodes numbers as json.Number: integers beyond 2^53 stay exact and every number
//     keeps its text through Parse + json.Marshal; unknown fields are kept. The accessors and
//     Validate also accept the float64 and int64 of other decoders (Lua, encoding/json).
//   - Validate relaxes the schema's required list (destination_root direction paths
//     remote_host remote_user): destination_root is not required (the agents default it to
//     "/" for send and "." for receive, and gen3 token uploads delete it), nor is remote_user
//     (xfer for access keys, node and Connect; ascp uses the local login); paths is not required
//     with keepalive (persistent sessions, asession) or when the ascp arguments give a file
//     list; the httpgw agent requires a token (token-based transfers only). A null value is an
//     absent field, and so are "" and [] for the required fields. Fields the agent does not
//     support (x-agents) are not errors: the agents skip them, as the Ruby CLI does.
//     Validate's agent parameter is variadic so that Validate() keeps meaning "any agent".
//   - Validate reports every problem (errors.Join), sorted by field name, each as
//     `transfer spec: field "NAME"...`.
//   - Merge (--ts) is a deep merge in which the user wins: objects merge recursively, null
//     deletes at any depth, arrays and other values replace; it returns a deep copy.
//   - Client-side parameters: the original aslmcli's EX_<name> fields and ascli's
//     transfer_info object are both read, transfer_info.<name> winning over EX_<name>. Known
//     names: ascp_args, file_list_folder, file_list, quiet, monitor, wss (ascli's direct agent
//     and asession) and ssh_key_paths, ssh_key_value, fallback_key, fallback_cert,
//     at_rest_password, fasp_proxy_url, http_proxy_url, http_transfer_jpeg, loglevel (the
//     seed's EX_ list). Other EX_ names are listed in Ext.Unknown, not rejected; the other keys
//     of transfer_info (node url/username/password/root_id, resume, spawn_*...) are in Ext.Info.
//     Clean removes both before a spec goes to a product.
//   - ForUpload and ForDownload turn a product's spec and a Request (the arguments, --sources,
//     --src-type, --to-folder, --ts) into the spec to start, the one way for every product,
//     from Go and from Lua: direction; paths from the arguments, the --sources list or the
//     paths of --ts (@ts), two by two with --src-type=pair (an odd count is an error); the
//     destination --to-folder, else "/" for uploads and "." for downloads, except that an
//     upload keeps the destination_root the product answered (it was asked for that folder:
//     node upload_setup); --ts merged last (null deletes). Request.SourcePaths gives what a
//     product's download_setup is asked for.
//   - Redacted hides what internal/secret hides (the single redactor) plus what only the
//     schema knows is secret: fields whose x-cli-envvar is a secret variable (cookie ->
//     ASPERA_SCP_COOKIE), the secret extensions (ssh_key_value, at_rest_password) and proxy URL
//     passwords. ssh_private_key_path is masked too: internal/secret decides by name.
package spec
