// Package extval decodes extended values: every option value, positional argument and preset
// value of the CLI may be written as
//
//	(@<decoder>:)*<text>
//
// The leading decoders are collected left to right, then applied RIGHT TO LEFT: the rightmost
// decoder receives the literal text, each decoder to its left receives the output of the one on
// its right. Examples:
//
//	@json:{"a":1}                  -> map[string]any{"a": int64(1)}
//	@json:@base64:eyJhIjoxfQ==     -> base64-decode, then parse JSON -> map{"a":1}
//	@json:@file:~/x.json           -> read the file, then parse it
//	@list:@file:names.txt          -> read the file, split on its first character
//	@zlib:@base64:eJzLSM3JyQcABiwCFQ==  -> "hello"
//	@val:@file:x                   -> the string "@file:x" (@val: stops decoding)
//	@json:@extend:{"id":"@env:AK_ID@","n":@json:5@}  -> map{"id":"<$AK_ID>","n":5}
//	john@example.com, @@x, @:x     -> unchanged (texts that merely contain "@")
//	@nosuch:x, @JSON:x, @json:@nosuch:x  -> error: unknown decoder
//	@env:UNSET                     -> error naming the variable (a set but empty one gives "")
//
// Parsing of the prefix chain stops at @val: and @extend:, everything on their right is their
// literal parameter. Decoder names are case-sensitive. A text that starts with "@name:", name
// being a letter then letters, digits or underscores, refers to a decoder: an unknown name is
// an error (a typo such as @jsno: must not pass silently as a literal value); @val: keeps
// such a text as it is. See [Names] for the list and the documentation of
// [Decoder.Decode] for what each one does.
//
// Every decoder takes text: when the decoder on its right returns something else (a number from
// @json:, nil from @none:, a function from @lua:) the error says so ("@json: expects text, got
// number"). Every error returned is an *[Error], reported by the CLI as a usage error.
//
// Limits: no decoder produces a text larger than [MaxSize] (256 MiB): @zlib:, @base64:,
// @file:, @stdin: and @extend: stop reading or refuse past it, so a compression bomb or
// /dev/zero gives an error rather than exhausting memory; a @yaml: document whose aliases
// would add more than [MaxYAMLAliasNodes] nodes once expanded (the "billion laughs") is
// refused before it is expanded.
//
// Decisions taken where the specification was silent:
//   - @json: numbers that are integers and fit in int64 become int64, other numbers float64;
//     integers beyond int64 and numbers beyond float64's range stay json.Number (exact text).
//     The syntax error shows up to 10 bytes of the input before the offending byte and that
//     byte, "…" marking a cut, control characters escaped ("\n").
//   - @yaml: only the first document is read; integers become int64 (unsigned beyond int64:
//     json.Number), timestamps become strings again (a date "2006-01-02", else RFC 3339), so
//     "@yaml:2024-01-02" is the string "2024-01-02"; non-string map keys are formatted with
//     fmt (a null key becomes "null"); complex keys (lists, maps) are refused by yaml.v3.
//   - @base64: the alphabet is URL when the text contains '-' or '_', standard otherwise; the
//     error offset counts bytes of the input as given (whitespace included).
//   - @list: the separator is the first character (rune); "@list:" and "@list:," give an empty
//     list; otherwise every field is kept, empty ones included ("@list:,a," -> ["a",""]).
//   - @lines: "" gives an empty list; one trailing newline is dropped, so "\n" is one empty line.
//   - @csvt: rows whose cells are all empty are skipped; a row shorter than the titles gives nil
//     for the missing cells, extra cells are dropped (as ascli does).
//   - @stdin: "" and "bin" both give the raw bytes (Go strings carry bytes); anything else than
//     "", "bin" and "chomp" is an error. A read error is cached like the text.
//   - @env: an empty variable name is an error, so is an unset variable (exit code 2 in the
//     CLI), as @env: with a name that is not set is nearly always a mistake (a password left
//     empty); @path: with an empty path gives the current
//     directory (as File.expand_path). "~user" forms are not expanded, only "~" and "~/".
//   - @extend: an unterminated "@name:param" is left as is, and so is an inner "@name:param@"
//     whose name is not a decoder (a template may hold "user@host:path@"); if replacements
//     still happen after
//     10 rounds the value is refused (a self-referencing value would never end).
//   - Sensitive values: once @secret:, @env:, @preset: or @vault: took part in producing a decoder's
//     input (directly or inside @extend:), error messages of the decoders on the left show no
//     content of that input (no JSON context, no path, no parameter), only offsets.
//   - Hook errors and multi-line messages are flattened to one line ("; " between lines), a
//     trailing period is removed; Unwrap gives the original error.
//   - A Decoder is safe for concurrent use when its hooks are.
package extval
