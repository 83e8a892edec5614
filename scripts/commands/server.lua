-- server: an IBM Aspera High-Speed Transfer Server over SSH (built-in plugin). The protocol
-- (SSH, ascmd, SFTP, the transfer spec) is in products/server; this script maps command words
-- to the aspera.server client and shows the results.
local server = require("aspera.server")

local function client(cli)
  return server.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username"),
    password = cli:option("password"),
    ssh_keys = cli:option("ssh_keys"),
    passphrase = cli:option("passphrase"),
    ssh_options = cli:option("ssh_options"),
  }
end

local args = require("aslmcli.args")
local paths = args.paths

local entry_fields = { "name", "type", "size", "mtime", "mode" }

local function each(cli, s, name, fn)
  for _, p in ipairs(paths(cli, name)) do fn(s, p) end
  cli:status("ok")
end

local function transfer(cli, upload)
  local s = client(cli)
  if upload then
    args.show_job(cli, s:upload(args.upload_sources(cli), args.transfer_opts(cli)))
  else
    args.show_job(cli, s:download(args.sources(cli, "remote file"), args.transfer_opts(cli)))
  end
end

local commands = {}
commands.browse = { usage = "PATH", help = "List a folder (a file lists as itself)",
  run = function(cli) cli:show(client(cli):ls(cli:next_arg("path")), { kind = "list", fields = entry_fields }) end }
commands.ls = commands.browse
commands.delete = { usage = "PATH...", help = "Delete files and folders (with their contents)",
  run = function(cli) each(cli, client(cli), "path", function(s, p) s:rm(p) end) end }
commands.rm = commands.delete
-- a command of two paths: s:method(source, destination)
local function two(method, help)
  return { usage = "SOURCE DESTINATION", help = help, run = function(cli)
    local s = client(cli)
    s[method](s, cli:next_arg("source"), cli:next_arg("destination"))
    cli:status("ok")
  end }
end
commands.rename = two("mv", "Move or rename (refused when the destination exists)")
commands.mv = commands.rename
commands.cp = two("cp", "Copy a file or folder on the server")
commands.mkdir = { usage = "PATH...", help = "Create folders (and their parents)",
  run = function(cli) each(cli, client(cli), "path", function(s, p) s:mkdir(p) end) end }
commands.du = { usage = "PATH", help = "Size, file and folder counts below a folder",
  run = function(cli) cli:show(client(cli):du(cli:next_arg("path")), { kind = "object" }) end }
commands.df = { usage = "[PATH]", help = "Space of the file system holding PATH (default /)",
  run = function(cli)
    local p = cli:next_arg("path", { optional = true })
    cli:show(client(cli):df(p), { kind = "object" })
  end }
commands.info = { usage = "[PATH]", help = "Describe a path, or the server (how it is reached: ascmd, sftp, local)",
  run = function(cli)
    local p = cli:next_arg("path", { optional = true })
    cli:show(client(cli):info(p), { kind = "object" })
  end }
commands.md5sum = { usage = "PATH", help = "MD5 of a file",
  run = function(cli) cli:show(client(cli):md5sum(cli:next_arg("path")), { kind = "object" }) end }
commands.upload = { usage = "(FILE... | --sources=...) [--to-folder=REMOTE]", help = "Upload files (--transfer: direct/ascp, sftp...)",
  run = function(cli) transfer(cli, true) end }
commands.download = { usage = "(FILE... | --sources=...) [--to-folder=LOCAL]", help = "Download files (--transfer: direct/ascp, sftp...)",
  run = function(cli) transfer(cli, false) end }

-- the HSTS administration tools, run on the server with the remaining arguments
local function admin(tool, what)
  return { usage = "[ARG...]", help = "Run " .. what .. " on the server with the arguments (records when it prints name/value lines)",
    run = function(cli)
      local args = {}
      for _, a in ipairs(cli:remaining_args("argument")) do args[#args + 1] = tostring(a) end
      local records, text = client(cli):admin(tool, args, { prefix = cli:option("cmd_prefix") })
      if records then
        cli:show(records, { kind = "list" })
      else
        io.write(text)
      end
    end }
end
commands.nodeadmin = admin("nodeadmin", "asnodeadmin")
commands.userdata = admin("userdata", "asuserdata")
commands.configurator = admin("configurator", "asconfigurator")

return {
  help = "HSTS over SSH: file operations (ascmd, else SFTP; local:// on this machine) and transfers",
  long = [[The server is --url: ssh://host[:port] (port 33001 when absent), local:// (this machine,
no SSH), or https://host:port (WSS transfers only, with a token in --ts). Authentication: --password,
--ssh-keys (private key files; --passphrase for encrypted ones), else the ssh-agent; the user is
--username, else the URL's, else xfer. Host keys are checked against HOME/known_hosts and
~/.ssh/known_hosts: an unknown host is added (with its fingerprint in the log), a changed key is
refused; --ssh-options=@json:{"strict_host_key_checking":"yes"} refuses unknown hosts too.
File operations use ascmd when the server has it, else SFTP (du and md5sum are then computed by
reading, df needs the statvfs@openssh.com extension). Transfers use --transfer (direct: ascp; sftp:
SFTP for machines without ascp).]],
  options = {
    { name = "url", help = "ssh://host[:port], local:// or https://host:port" },
    { name = "username", help = "SSH login (default: the URL's user, else xfer)" },
    { name = "password", secret = true, help = "SSH password" },
    { name = "ssh_keys", type = "list", help = "private key files: PATH or @json:[\"~/.ssh/id_ed25519\",...]" },
    { name = "passphrase", secret = true, help = "passphrase of encrypted private keys" },
    { name = "ssh_options", type = "hash", help = "SSH settings: strict_host_key_checking (yes, accept-new, no)" },
    { name = "to_folder", help = "destination folder of an upload (remote) or download (local)" },
    { name = "cmd_prefix", type = "list", help = "words put before the administration tools (nodeadmin...), e.g. sudo" },
  },
  commands = commands,
}
