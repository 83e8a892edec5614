-- faspex5_inbox_check.lua: receive every new package of a Faspex 5 shared inbox, each into its
-- own folder, and check each received file against the package's listing (same size, not
-- empty). Packages received before are skipped (once_only: the ids are kept in
-- HOME/persist_store), so a cron job can run it every few minutes:
--   aslmcli run scripts/examples/faspex5_inbox_check.lua PRESET SHARED_INBOX TO_FOLDER
-- PRESET is a faspex5 preset (`aslmcli config wizard URL faspex5` or `config preset update`).
-- Without arguments it runs against a local simulator (a shared inbox "Uploads" with one
-- package) into a temporary folder; transfers need ascp (--ascp-path).
-- The exit code is 1 when a package failed or a file did not pass the check.
local faspex5 = require("aspera.faspex5")
local fs = require("fs")

local preset, inbox, to_folder = arg[1], arg[2] or "Uploads", arg[3]
local c
if preset then
  c = faspex5.from_preset(preset)
else
  local sim = faspex5.simulator()
  sim:add_package("daily report", "user1", { "Uploads" }, { ["report.csv"] = "day,count\nmon,3\n", ["notes.txt"] = "all good\n" })
  c = sim:client("admin")
  print("simulator: " .. sim:url())
end
to_folder = to_folder or os.tmpname() .. ".d"
fs.mkdir(to_folder)

-- check is run on each received file: here the size announced by Faspex, and not empty
local function check(path, entry)
  local st = fs.stat(path)
  if not st then return "missing" end
  local size = st.size
  if size ~= tonumber(entry.size) then return string.format("size %d, expected %s", size, tostring(entry.size)) end
  if size == 0 then return "empty" end
  return nil
end

local results = c:receive_all{ shared_inbox = inbox, once_only = true, package_folder = true, to_folder = to_folder }
if #results == 0 then print("no new package in " .. inbox) end
local bad = 0
for _, r in ipairs(results) do
  if r.status ~= "success" then
    bad = bad + 1
    print(string.format("package %s: %s %s", r.id, r.status, r.error or ""))
  else
    for entry in c:each_file(r.id, "/", { shared_inbox = inbox }) do
      if entry.type == "file" then
        local problem = check(r.folder .. "/" .. entry.basename, entry)
        if problem then bad = bad + 1 end
        print(string.format("package %s: %s: %s", r.id, entry.basename, problem or "ok"))
      end
    end
  end
end
if bad > 0 then
  error(bad .. " problem(s)", 0)
end
