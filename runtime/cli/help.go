package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// PluginInfo describes a plugin on the global help page.
type PluginInfo struct {
	Name string
	Help string
}

// HelpSection is a titled list of names with their help, printed on the global help page
// after the plugins (the transfer agents).
type HelpSection struct {
	Title   string
	Entries []PluginInfo
}

// WriteGlobalHelp prints the top-level help: usage, plugins, the sections, global options,
// value syntax.
func WriteGlobalHelp(w io.Writer, tool, version string, plugins []PluginInfo, sections []HelpSection, global []*Option, decoders []string) {
	fmt.Fprintf(w, "%s %s - one command line for IBM Aspera products, scriptable in Lua\n\n", tool, version)
	fmt.Fprintf(w, "Usage:\n  %s PLUGIN COMMAND... [ARGS] [OPTIONS]\n  %s run FILE.lua [ARGS...]   |   %s run -e 'CODE'\n\n", tool, tool, tool)
	fmt.Fprintln(w, "Plugins:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range plugins {
		fmt.Fprintf(tw, "  %s\t%s\n", p.Name, p.Help)
	}
	tw.Flush()
	for _, sec := range sections {
		fmt.Fprintf(w, "\n%s:\n", sec.Title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, e := range sec.Entries {
			fmt.Fprintf(tw, "  %s\t%s\n", e.Name, e.Help)
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nGlobal options (accepted anywhere on the line):")
	writeOptions(w, global)
	fmt.Fprintf(w, "\nValues of options and arguments are extended values: @%s:\n", strings.Join(decoders, ": @"))
	fmt.Fprintln(w, "decoders chain right to left (@json:@file:x.json); @val: stops decoding.")
	fmt.Fprintln(w, "Command words, option names and enumerated values accept unique prefixes.")
	fmt.Fprintf(w, "Environment variables %s_<OPTION> set options. Exit codes: 0 ok, 1 failed, 2 usage error, 130 interrupted.\n", strings.ToUpper(tool))
	fmt.Fprintf(w, "Help of a plugin or command: %s PLUGIN [COMMAND...] -h, or %s help PLUGIN [COMMAND...]\n", tool, tool)
}

// WriteCommandHelp prints the help page of a plugin or command: usage, description,
// sub-commands and the options declared along its path.
func WriteCommandHelp(w io.Writer, tool string, c *Command) {
	path := strings.Join(c.Path(), " ")
	title := c.Help
	if title == "" {
		title = "(no description)"
	}
	fmt.Fprintf(w, "%s %s - %s\n\n", tool, path, title)
	usage := tool + " " + path
	if len(c.Commands) > 0 {
		usage += " COMMAND"
	}
	if c.Usage != "" {
		usage += " " + c.Usage
	}
	fmt.Fprintf(w, "Usage:\n  %s [OPTIONS]\n", usage)
	if c.Long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.Long))
	}
	if len(c.Commands) > 0 {
		fmt.Fprintln(w, "\nCommands:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, n := range c.Names() {
			sub := c.Commands[n]
			syn := n
			if len(sub.Commands) > 0 {
				syn += " ..."
			} else if sub.Usage != "" {
				syn += " " + sub.Usage
			}
			fmt.Fprintf(tw, "  %s\t%s\n", syn, sub.Help)
		}
		tw.Flush()
	}
	if opts := c.PathOptions(); len(opts) > 0 {
		fmt.Fprintln(w, "\nOptions:")
		writeOptions(w, opts)
	}
	fmt.Fprintf(w, "\nGlobal options: %s -h\n", tool)
}

func writeOptions(w io.Writer, opts []*Option) {
	sorted := append([]*Option(nil), opts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, o := range sorted {
		fmt.Fprintf(tw, "  %s\t%s\n", optionSynopsis(o), optionDoc(o))
	}
	tw.Flush()
}

func optionSynopsis(o *Option) string {
	s := "    "
	if o.Short != "" {
		s = "-" + o.Short + ", "
	}
	s += FlagName(o.Name)
	switch o.Type {
	case Flag:
	case Bool:
		s += "[=yes|no]"
	case Enum:
		s += "=ENUM"
	default:
		s += "=" + strings.ToUpper(o.Type.String())
	}
	return s
}

func optionDoc(o *Option) string {
	doc := o.Help
	var extra []string
	if o.Type == Enum {
		extra = append(extra, "values: "+strings.Join(o.Values, ", "))
	}
	if len(o.Aliases) > 0 {
		var as []string
		for _, a := range o.Aliases {
			as = append(as, FlagName(a))
		}
		extra = append(extra, "alias: "+strings.Join(as, ", "))
	}
	if o.Default != nil && o.Type != Flag {
		d := fmt.Sprint(o.Default)
		if b, ok := o.Default.(bool); ok {
			d = map[bool]string{true: "yes", false: "no"}[b]
		}
		extra = append(extra, "default: "+d)
	}
	if len(extra) > 0 {
		doc += " (" + strings.Join(extra, "; ") + ")"
	}
	return doc
}
