---@meta aspera.preview
error('Cannot require a meta file')

---The preview generator of AoC and node storage: PNG thumbnails and MP4 video previews made by
---the real tools (ImageMagick, OptiPNG, ffmpeg, LibreOffice, Ghostscript), stored where AoC
---reads them: <storage>/previews/<file id>.asp-preview/preview.png|mp4.
---
---Generation options (every function): video ("reencode", "clips", "blend"), vid_offset_seconds,
---vid_size (ffmpeg scale), vid_framecount, vid_blendframes, vid_framepause, vid_fps,
---clips_offset_seconds, clips_size, clips_length, clips_count, thumb_mp4_size, thumb_img_size,
---thumb_vid_fraction, thumb_text_font, max_size, temp_folder.
---@class aspera.preview
local preview = {}

---Makes the preview of one local file and returns its path: <base>.<format> (base "preview")
---in output_folder (default: the current folder). No server is involved.
---@param file string a local file
---@param opts? {format?: "png"|"mp4", output_folder?: string, base?: string}
---@return string path of the preview
function preview.generate(file, opts) end

---Lists the external tools: {tool, status ("ok", "missing", "error"), path, version, package
---(the Debian package that provides it), for (what it serves)}.
---@return table[]
function preview.check() end

---Makes the previews of every file of the access key's storage that needs one and returns the
---summary {files, generated, skipped, failed, seconds, failures = {{path, error}}}. A file that
---fails is in failures; the scan goes on. Options: file_access ("local": the files are read in
---storage_root, default the key's storage path; "remote": downloaded and uploaded with the agent
---agent, default --transfer), previews_folder ("previews"), skip_types (image, office, pdf,
---plaintext, video), skip_format (png or mp4), skip_folders (node paths), overwrite ("always",
---"never", "mtime"), validate_mime, check_extension, concurrency (default: the cores),
---scan_id, scan_path, folder_reset_cache ("no", "header", "read").
---@param node aspera.node.client a node client authenticated as the access key
---@param opts? table
---@return table summary
function preview.scan(node, opts) end

---Like scan, for the files that node events (file.*) show since the position kept in
---iteration_file.
---@param node aspera.node.client
---@param opts? table the options of scan, and iteration_file
---@return table summary
function preview.events(node, opts) end

---Like scan, for the folders of the transfers into the node (download.ended events) since the
---position kept in iteration_file.
---@param node aspera.node.client
---@param opts? table the options of scan, and iteration_file
---@return table summary
function preview.trevents(node, opts) end

return preview
