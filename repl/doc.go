// Package repl is the interactive Lua session of `aslmcli repl`: a line is tried as an
// expression, then as a statement; an unfinished chunk continues on the next line; results are
// pretty-printed (lists of records through the CLI formatter); TAB completes globals, module
// fields, table keys and methods of the live values; help(x) reads the modules' LuaLS
// definitions; Ctrl-C cancels the running call. Line editing is chzyer/readline behind the
// small Reader interface; without a terminal, statements are read from the input without
// prompts and the first error ends the session.
//
// It imports runtime and runtime/cli only (the formatter of results); the host (cmd/aslmcli)
// gives it a ready Lua state with every module loaded.
//
// Decisions where the issue was silent:
//   - `=fmt lua` returns to the default display (pretty Lua literals, records as a table);
//     `=fmt json|yaml|table` send every result through the CLI formatter in that format.
//   - The depth limit of pretty-printing is 4 levels; deeper tables print as {...}, cycles
//     as <cycle>.
//   - An unterminated short string is an error (as in lua.c), an unterminated long string or
//     block continues.
//   - Without a terminal, expression results are printed too (so `echo '1+1' | aslmcli repl`
//     prints 2); the exit code is 1 after an error, 0 at the end of the input.
package repl
