// Package preview is the preview generator of AoC and node storage (the original manual's
// `preview` plugin): PNG thumbnails and MP4 video previews of the files of an access key's
// storage, made by the real tools run as external processes (ImageMagick convert and
// composite, OptiPNG, ffmpeg and ffprobe, LibreOffice soffice, Ghostscript gs), and stored
// where AoC reads them: <storage root>/<previews folder>/<file id>.asp-preview/preview.png
// (and preview.mp4 for a video).
//
// The pieces: types.go tells a file's type (MIME type the node gives, extension, magic
// numbers); tools.go finds the tools and checks them (`preview check`); generate.go and
// video.go make one preview (Generator); scan.go, process.go and events.go find the
// candidates of an access key (Scanner: scan, events, trevents) and run them in parallel.
// No Lua here (bindings/preview).
//
// Decisions where the issue and the manual were silent:
//   - Tools run with an argument vector, never a shell, each in its own process group so that
//     a cancellation kills LibreOffice's children too; a failure is one line naming the tool
//     and the last lines it wrote on stderr.
//   - A missing tool skips the types that need it, with one warning naming the Debian package
//     (never a crash); OptiPNG's absence only makes larger PNG.
//   - PDF pages are rendered by Ghostscript: Debian's ImageMagick policy disables its PDF
//     coder (and "@file" text, so text previews escape what -annotate would interpret).
//     Office documents go to PDF through LibreOffice with a profile folder per conversion,
//     so that conversions run in parallel.
//   - A preview is made in a work folder and moved in place: a failure leaves no partial
//     file, and no placeholder either (the IBM tool copies an error image; we report the file
//     in the summary and try again on the next run).
//   - Thumbnails are not posterized (the IBM tool's -posterize 40 costs four times the CPU of
//     the thumbnail itself, for a PNG a third smaller); OptiPNG -o1 makes them smaller.
//   - A video shorter than the start offset (10 s by default) starts at its beginning; MP4 are
//     H.264 (yuv420p, even dimensions, faststart) with AAC sound, which browsers play.
//   - A run whose files fail still ends well (exit 0 for the command): the summary says
//     failed=N and lists them; a run that cannot list the storage or read the events fails.
//   - Summary.Generated counts previews (a video has two), Files, Skipped and Failed count
//     files. A file fails alone: the run goes on and its error is in Summary.Failures.
//   - events reads file.* events (created, modified, moved; the IBM tool's test inverted the
//     deleted case); trevents scans the folders of completed incoming transfers that the
//     generator did not make itself (tag aspera.preview_generator). The iteration file is the
//     node package's Persistency (it reads the original tool's token-only file), saved only
//     when the run ends without error.
//   - --folder-reset-cache=header is accepted and changes nothing (the node client keeps no
//     cache); read reads each file again after its previews are made, as the IBM tool does.
//     A preview above MaxSize is kept and reported in the log.
//   - Entries whose id or name could leave the previews folder ("/", "..") fail; links are
//     not followed; a file's path is checked to stay in the storage root.
//   - Local access needs the storage on this machine: the access key's storage path when its
//     type is local, else --storage-root. Remote access downloads the original and uploads
//     the preview folder through the transfer function the caller gives (a gen4 spec); there,
//     a preview's time is read through the files API, and a node that hides preview folders
//     gets them made again under --overwrite=mtime.
package preview
