package format

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// emptyMark is printed on a terminal for an empty list.
const emptyMark = "(empty)"

// colSep separates the columns of a plain table.
const colSep = "  "

// width measures display cells; East Asian ambiguous runes are narrow whatever the locale.
var width = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	return c
}()

// writeTable renders a header and rows: box drawing on a terminal, aligned columns otherwise.
func writeTable(w io.Writer, header []string, rows [][]string, tty bool) error {
	if len(rows) == 0 {
		if tty {
			_, err := io.WriteString(w, emptyMark+"\n")
			return err
		}
		return nil
	}
	if tty {
		return boxTable(w, header, rows)
	}
	return plainTable(w, header, rows)
}

// boxTable renders with tablewriter into a buffer (tablewriter ignores write errors), then
// copies it to w.
func boxTable(w io.Writer, header []string, rows [][]string) error {
	var b bytes.Buffer
	t := tablewriter.NewTable(&b,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Symbols: tw.NewSymbols(tw.StyleRounded),
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithTrimSpace(tw.Off),
	)
	h := make([]any, len(header))
	for i, s := range header {
		h[i] = s
	}
	t.Header(h...)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// plainTable writes the header then the rows, columns aligned and separated by two spaces,
// multi-line cells spread over several lines, no trailing spaces.
func plainTable(w io.Writer, header []string, rows [][]string) error {
	all := make([][][]string, 0, len(rows)+1)
	all = append(all, splitCells(header))
	for _, r := range rows {
		all = append(all, splitCells(r))
	}
	widths := make([]int, len(header))
	for _, r := range all {
		for i, lines := range r {
			for _, l := range lines {
				widths[i] = max(widths[i], width.StringWidth(l))
			}
		}
	}
	bw := bufio.NewWriter(w)
	var line strings.Builder
	for _, r := range all {
		height := 1
		for _, lines := range r {
			height = max(height, len(lines))
		}
		for k := 0; k < height; k++ {
			line.Reset()
			for i, lines := range r {
				if i > 0 {
					line.WriteString(colSep)
				}
				text := ""
				if k < len(lines) {
					text = lines[k]
				}
				line.WriteString(text)
				if i < len(r)-1 {
					line.WriteString(strings.Repeat(" ", widths[i]-width.StringWidth(text)))
				}
			}
			bw.WriteString(strings.TrimRight(line.String(), " "))
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}

func splitCells(row []string) [][]string {
	out := make([][]string, len(row))
	for i, c := range row {
		out[i] = strings.Split(strings.ReplaceAll(c, "\r\n", "\n"), "\n")
	}
	return out
}
