-- preview_watch.lua: watch a local folder and make the preview of each file that appears or
-- changes, with aspera.preview (no server involved).
--
--   aslmcli run scripts/examples/preview_watch.lua FOLDER [PREVIEWS] [ROUNDS] [SECONDS]
--
-- Every SECONDS (default 5) it lists FOLDER; a file that is new or changed since the last look
-- gets its PNG thumbnail (and, for a video, its MP4 preview) in PREVIEWS (default
-- FOLDER/.previews) as NAME.png / NAME.mp4. ROUNDS (default: for ever, Ctrl-C stops) bounds
-- the looks. A file that fails is reported and tried again when it changes. For the previews
-- AoC shows, use `aslmcli preview scan` (or preview.scan with a node client) instead.
local preview = require("aspera.preview")
local fs = require("fs")
local path = require("path")
local time = require("time")

local folder = assert(arg[1], "usage: preview_watch.lua FOLDER [PREVIEWS] [ROUNDS] [SECONDS]")
local previews = arg[2] or path.join(folder, ".previews")
local rounds = tonumber(arg[3])
local every = tonumber(arg[4]) or 5
fs.mkdir(previews)

local seen = {} -- name -> mtime of the file when its previews were made (or failed)
local round = 0
while not rounds or round < rounds do
  round = round + 1
  for _, name in ipairs(fs.list(folder)) do
    local file = path.join(folder, name)
    local st = fs.stat(file)
    if st.is_file and seen[name] ~= st.mtime then
      seen[name] = st.mtime
      local formats = { "png" }
      if name:lower():match("%.mp4$") or name:lower():match("%.mov$") or name:lower():match("%.mkv$") then
        formats[2] = "mp4"
      end
      for _, format in ipairs(formats) do
        local ok, result = pcall(preview.generate, file, { format = format, output_folder = previews, base = name })
        if ok then
          print("made " .. result)
        else
          print("failed " .. name .. ": " .. tostring(result))
        end
      end
    end
  end
  if not rounds or round < rounds then time.sleep(every) end
end
