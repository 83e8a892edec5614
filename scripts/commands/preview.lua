-- preview: the preview generator of AoC and node storage (built-in plugin). The work is in
-- products/preview (aspera.preview); this script maps command words and options to it.
local preview = require("aspera.preview")
local node = require("aspera.node")

-- the generation options, passed as they are
local gen_keys = { "video", "vid_offset_seconds", "vid_size", "vid_framecount", "vid_blendframes", "vid_framepause", "vid_fps",
  "clips_offset_seconds", "clips_size", "clips_length", "clips_count", "thumb_mp4_size", "thumb_img_size", "thumb_vid_fraction",
  "thumb_text_font", "max_size", "temp_folder" }
local scan_keys = { "file_access", "storage_root", "previews_folder", "skip_types", "skip_format", "skip_folders", "overwrite",
  "validate_mime", "check_extension", "concurrency", "scan_id", "scan_path", "iteration_file", "folder_reset_cache" }

local function options(cli, ...)
  local o = {}
  for _, keys in ipairs({ ... }) do
    for _, k in ipairs(keys) do o[k] = cli:option(k) end
  end
  return o
end

local function client(cli)
  return node.new{
    url = cli:option("url", { mandatory = true }),
    username = cli:option("username", { mandatory = true }),
    password = cli:option("password", { mandatory = true }),
  }
end

local summary_fields = { "files", "generated", "skipped", "failed", "seconds" }

-- a run over the access key: preview.scan, events or trevents
local function run_with(fn, extra)
  return function(cli)
    local o = options(cli, scan_keys, gen_keys)
    if extra then extra(cli, o) end
    o.agent = cli:option("transfer")
    cli:show(preview[fn](client(cli), o), { kind = "object", fields = summary_fields })
  end
end

local commands = {}
commands.scan = { help = "Make the previews of every file of the access key's storage (--scan-path, --scan-id)",
  run = run_with("scan") }
commands.folder = { usage = "PATH", help = "Make the previews of the files below a folder (the manual's; scan --scan-path=PATH)",
  run = run_with("scan", function(cli, o) o.scan_path = cli:next_arg("path") end) }
commands.events = { help = "Make the previews of the files that node events show (file.*) since --iteration-file",
  run = run_with("events") }
commands.event = commands.events
commands.trevents = { help = "Make the previews of the folders that transfers into the node wrote, since --iteration-file",
  run = run_with("trevents") }
commands.check = { help = "List the external tools, their versions, and the Debian package of each missing one",
  run = function(cli)
    cli:show(preview.check(), { kind = "list", fields = { "tool", "status", "version", "package", "for" } })
  end }
commands.test = { usage = "FILE [png|mp4]", help = "Make the preview of a local file into --output-folder and print its path (no server)",
  run = function(cli)
    local file = cli:next_arg("file")
    local format = cli:has_args() and cli:next_arg("format") or "png"
    local o = options(cli, gen_keys, { "output_folder", "base" })
    o.format = format
    cli:show(preview.generate(file, o), { kind = "value" })
  end }
commands.show = { usage = "FILE", help = "Make the PNG preview of a local file and print its path",
  run = function(cli)
    local o = options(cli, gen_keys, { "output_folder", "base" })
    cli:show(preview.generate(cli:next_arg("file"), o), { kind = "value" })
  end }

local function num(name, help) return { name = name, type = "number", help = help } end

return {
  help = "Preview generator for AoC and node storage: PNG thumbnails and MP4 video previews",
  long = [[Makes the previews AoC shows (previews/<file id>.asp-preview/preview.png|mp4 in the access key's
storage) with ImageMagick, OptiPNG, ffmpeg, LibreOffice and Ghostscript (`preview check` lists them).
Authentication: --url, --username (the access key id) and --password (its secret). Runs are finite
(for cron, with --lock-port); files are generated in parallel (--concurrency); a file that fails is
listed in the summary and the run goes on.]],
  options = {
    { name = "url", help = "URL of the node API (https://host:9092)" },
    { name = "username", help = "access key id" },
    { name = "password", secret = true, help = "access key secret" },
    { name = "file_access", type = "enum", values = { "local", "remote" }, default = "local",
      help = "local: files read and previews written on this machine; remote: downloaded and uploaded (--transfer)" },
    { name = "storage_root", help = "local: folder of the access key's storage on this machine (default: its storage path)" },
    { name = "skip_types", type = "list", help = "types not previewed: image,office,pdf,plaintext,video" },
    { name = "skip_format", type = "enum", values = { "png", "mp4" }, help = "preview format not made" },
    { name = "skip_folders", type = "list", help = "folders not scanned: @json:[\"/path\",...]" },
    { name = "overwrite", type = "enum", values = { "always", "never", "mtime" }, default = "mtime", help = "when to make a preview that exists" },
    { name = "previews_folder", default = "previews", help = "folder of the previews in the storage root" },
    { name = "iteration_file", help = "events, trevents: file that keeps the position in the node's events" },
    { name = "folder_reset_cache", type = "enum", values = { "no", "header", "read" }, default = "no", help = "read: read each file again after its previews are made" },
    { name = "temp_folder", help = "folder for work files (default: the system's)" },
    { name = "validate_mime", type = "bool", default = false, help = "skip a file whose content is not of the type its name tells" },
    { name = "check_extension", type = "bool", default = true, help = "tell types by extension too (else MIME type and content)" },
    { name = "concurrency", type = "int", help = "files generated at once (default: the number of cores)" },
    { name = "scan_path", help = "scan: only below this path" },
    { name = "scan_id", help = "scan: the folder id to start in (default: the key's root)" },
    { name = "output_folder", help = "test, show: folder of the preview (default: the current one)" },
    { name = "base", help = "test, show: name of the preview before its extension (default: preview)" },
    { name = "video", type = "enum", values = { "reencode", "clips", "blend", "preview" }, default = "reencode",
      help = "how MP4 previews are made (preview is blend)" },
    num("vid_offset_seconds", "reencode, blend: start offset (10)"),
    { name = "vid_size", help = "reencode, blend: ffmpeg scale ('min(iw,360)':-2)" },
    num("vid_framecount", "blend: key frames (30)"),
    num("vid_blendframes", "blend: transition frames (5)"),
    num("vid_framepause", "blend: frames a key frame stays (3)"),
    num("vid_fps", "blend: frames per second (15)"),
    num("clips_offset_seconds", "clips: start offset (10)"),
    { name = "clips_size", help = "clips: ffmpeg scale ('min(iw,360)':-2)" },
    num("clips_length", "clips: seconds of each clip (5)"),
    num("clips_count", "clips: number of clips (5)"),
    { name = "thumb_mp4_size", help = "PNG of a video: ffmpeg scale (-1:'min(ih,100)')" },
    num("thumb_img_size", "PNG: largest side in pixels (800)"),
    num("thumb_vid_fraction", "PNG of a video: position, a fraction of the duration (0.1)"),
    { name = "thumb_text_font", help = "PNG of text: ImageMagick font (DejaVu-Sans-Mono)" },
    num("max_size", "a preview larger than this many bytes is reported (16777216)"),
  },
  commands = commands,
}
