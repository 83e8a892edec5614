-- aslmcli.faspex5_settings: the faspex5 commands of the server's settings (admin
-- configuration, smtp, events, clean_deleted), of invitations and of the gateway, over the
-- aspera.faspex5 client. No protocol here: command words to methods, and what is shown.
local M = {}

-- commands(client, listing) returns {admin = {...}, invitations = {...}, gateway = {...}}:
-- client(cli) makes the client, listing(cli) the {max, query} of --query.
function M.commands(client, listing)
  local function object(cli, v) cli:show(v, { kind = "object" }) end
  local smtp = {
    show = { help = "Show the SMTP configuration", run = function(cli) object(cli, client(cli):smtp()) end },
    create = { usage = "@json:{...}", help = "Create it (auth_type, server_address, server_port, domain, from_user, from_email, tls_enabled, packages_recipient_from...)",
      run = function(cli) local c = client(cli); object(cli, c:create_smtp(cli:next_arg("fields"))) end },
    modify = { usage = "@json:{...}", help = "Change some of its fields", run = function(cli)
      local c = client(cli); object(cli, c:modify_smtp(cli:next_arg("change"))) end },
    delete = { help = "Delete it", run = function(cli)
      client(cli):delete_smtp()
      cli:status("SMTP configuration deleted") end },
    test = { usage = "EMAIL", help = "Send a test email to EMAIL (or @json:{test_email_recipient, template_type}) and wait for its job",
      run = function(cli)
        local c = client(cli)
        object(cli, c:test_smtp(cli:next_arg("email or test data")))
      end },
  }
  local event_fields = {
    application = { "event_type", "created_at", "application", "user.0.name", "package_id" },
    webhook = { "id", "created_at", "status", "webhook_name", "package_name" },
  }
  local events = {}
  for kind, fields in pairs(event_fields) do
    events[kind] = { help = "List the " .. kind .. " events, newest first (--query: max and the API's filters)", run = function(cli)
      cli:show(client(cli):each_event(kind, listing(cli)), { kind = "list", fields = fields }) end }
  end
  local admin = {
    configuration = { help = "The server's configuration", commands = {
      show = { help = "Show it", run = function(cli) object(cli, client(cli):configuration()) end },
      modify = { usage = "@json:{...}", help = "Change it", run = function(cli)
        local c = client(cli); object(cli, c:modify_configuration(cli:next_arg("change"))) end },
    } },
    smtp = { help = "The SMTP server of email notifications", commands = smtp },
    events = { help = "Application and webhook events", commands = events },
    file_processing = { help = "File processing by an external processor", commands = {
      next = { help = "Take the files waiting for processing (they become processing)", run = function(cli)
        cli:show(client(cli):next_files(listing(cli)), { kind = "list", fields = { "id", "file_name", "status", "path" } }) end },
      modify = { usage = "@json:{\"files\":[{\"id\":...,\"status\":...}]}", help = "Report the processing statuses of files",
        run = function(cli)
          local c = client(cli)
          cli:show(c:set_file_statuses(cli:next_arg("statuses")).files, { kind = "list", fields = { "id", "file_name", "status" } })
        end },
    } },
    clean_deleted = { usage = "[@json:{\"days_before_deleting_package_records\":N}]",
      help = "Purge the records of packages deleted more than N days ago (default: the configuration's days)",
      run = function(cli)
        local c = client(cli)
        object(cli, c:clean_deleted(cli:next_arg("parameters", { optional = true })))
      end },
  }
  local gateway = { usage = "[@json:{\"url\":\"http://HOST:PORT/aspera/faspex\"}]",
    help = "Listen for Faspex 4 package sends (POST /aspera/faspex/send) and create them on Faspex 5; prints its URL, serves until Ctrl-C",
    run = function(cli)
      local p = cli:next_arg("parameters (@json:{\"url\":...})", { optional = true }) or {}
      for k in pairs(p) do
        if k ~= "url" then cli:fail("usage", "gateway: unknown parameter " .. k .. " (use url)") end
      end
      local g = client(cli):gateway{ url = p.url }
      print(g:url())
      io.stdout:flush()
      g:serve()
    end }
  return { admin = admin, gateway = gateway }
end

-- invitations(resource, client, ident) completes the commands of the invitations resource
-- (list, show, modify, delete from resource) with create (public when recipient_name is
-- given) and resend.
function M.invitations(commands, client, ident)
  commands.create = { usage = "@json:{...}",
    help = "Invite email_address to send you packages (with recipient_name and recipient_type: to that user or shared inbox, a public invitation)",
    run = function(cli) local c = client(cli); cli:show(c:create_invitation(cli:next_arg("fields")), { kind = "object" }) end }
  commands.resend = { usage = "ID|%email_address:EMAIL", help = "Send the invitation's email again", run = function(cli)
    local c = client(cli)
    c:resend_invitation(ident(cli, c, "invitations", "invitation id"))
    cli:status("invitation resent") end }
  return commands
end

return M
