-- `aslmcli config detect URL`: which Aspera product answers at URL, its version and the base
-- URL to put in a preset (aspera.detect; the probes are in products/detect).
local detect = require("aspera.detect")

return {
  help = "Show which Aspera product answers at a URL (" .. table.concat(detect.products(), ", ") .. "), and its version",
  usage = "URL",
  long = [[Probes URL without credentials, with the products' public answers (login pages, ping
endpoints, the SSH banner). A host name alone is tried as https://HOST, then ssh://HOST:33001
and ssh://HOST:22. Exit code 1 when no known product answers.]],
  run = function(cli)
    cli:show(detect.probe(cli:next_arg("URL")), { kind = "object", fields = { "product", "version", "url" } })
  end,
}
