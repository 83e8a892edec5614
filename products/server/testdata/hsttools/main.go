// Command hsttools is a test double of the HSTS administration tools asnodeadmin, asuserdata
// and asconfigurator (one program, installed under each name): it prints outputs shaped like
// the real tools' for the arguments the tests use, and a usage error (exit 1) otherwise. It
// keeps no state.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	args := os.Args[1:]
	switch filepath.Base(os.Args[0]) {
	case "asnodeadmin":
		nodeadmin(args)
	case "asuserdata":
		userdata(args)
	case "asconfigurator":
		configurator(args)
	default:
		fail("unknown tool " + os.Args[0])
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(1)
}

func nodeadmin(args []string) {
	switch {
	case len(args) == 1 && args[0] == "-l":
		fmt.Print(`    List of Node API user(s):
                      user     system/transfer user                    acls
    ====================    ====================    ====================
               node_user                    xfer                      []
`)
	case len(args) >= 1 && args[0] == "--version":
		fmt.Println("asnodeadmin version 4.4.6.1234")
	default:
		fail("Usage: asnodeadmin [-l] [-a -u USER -p PASS -x XFER_USER] [--version]")
	}
}

func userdata(args []string) {
	if len(args) == 1 && args[0] == "-a" {
		fmt.Print(`  user: "xfer"
    absolute: "/data/xfer"
    read_allowed: "true"
    write_allowed: "true"
    dir_allowed: "true"
  default:
    absolute: "AS_NULL"
    target_rate_kbps: "100000"
`)
		return
	}
	if len(args) == 2 && args[0] == "-u" {
		fmt.Printf("  user: %q\n    absolute: \"/data/%s\"\n    read_allowed: \"true\"\n", args[1], args[1])
		return
	}
	fail("Usage: asuserdata -a | -u USER")
}

func configurator(args []string) {
	if len(args) != 2 || args[0] != "-x" {
		fail("Usage: asconfigurator -x \"COMMAND;PARAM,VALUE...\"")
	}
	cmd := strings.SplitN(args[1], ";", 2)[0]
	switch {
	case cmd == "get_user_data":
		fmt.Print("success\n" +
			`"user","xfer","absolute","/data/xfer","AS_NULL"` + "\n" +
			`"user","xfer","read_allowed","true","false"` + "\n")
	case cmd == "get_server_data":
		fmt.Print("success\n" + `"server","activity_logging","false","false"` + "\n" + `"server","rsync_path","AS_NULL","AS_NULL"` + "\n")
	case strings.HasPrefix(cmd, "set_"):
		fmt.Println("success")
	default:
		fmt.Println("failure")
		fmt.Println("unknown command " + cmd)
		os.Exit(1)
	}
}
