package format

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
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

// boxTable draws the table with rounded box-drawing lines: one space of padding either side
// of each cell, a line under the header, multi-line cells spread over several lines. It is
// written to a buffer first, then copied to w in one write.
func boxTable(w io.Writer, header []string, rows [][]string) error {
	all, widths := layout(header, rows)
	var b bytes.Buffer
	rule := func(left, mid, right string) {
		b.WriteString(left)
		for i, wd := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat("─", wd+2))
		}
		b.WriteString(right)
		b.WriteByte('\n')
	}
	rule("╭", "┬", "╮")
	for n, r := range all {
		if n == 1 {
			rule("├", "┼", "┤")
		}
		for k := range height(r) {
			b.WriteString("│")
			for i, lines := range r {
				text := ""
				if k < len(lines) {
					text = lines[k]
				}
				b.WriteByte(' ')
				b.WriteString(text)
				b.WriteString(strings.Repeat(" ", widths[i]-width.StringWidth(text)+1))
				b.WriteString("│")
			}
			b.WriteByte('\n')
		}
	}
	rule("╰", "┴", "╯")
	_, err := w.Write(b.Bytes())
	return err
}

// plainTable writes the header then the rows, columns aligned and separated by two spaces,
// multi-line cells spread over several lines, no trailing spaces.
func plainTable(w io.Writer, header []string, rows [][]string) error {
	all, widths := layout(header, rows)
	bw := bufio.NewWriter(w)
	var line strings.Builder
	for _, r := range all {
		for k := range height(r) {
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

// layout splits the cells of the header and the rows into lines and measures the width of
// each column (the widest line of its cells, in display cells).
func layout(header []string, rows [][]string) (all [][][]string, widths []int) {
	all = make([][][]string, 0, len(rows)+1)
	all = append(all, splitCells(header))
	for _, r := range rows {
		all = append(all, splitCells(r))
	}
	widths = make([]int, len(header))
	for _, r := range all {
		for i, lines := range r {
			for _, l := range lines {
				widths[i] = max(widths[i], width.StringWidth(l))
			}
		}
	}
	return all, widths
}

// height is the number of lines of a row: that of its tallest cell, at least one.
func height(row [][]string) int {
	h := 1
	for _, lines := range row {
		h = max(h, len(lines))
	}
	return h
}

func splitCells(row []string) [][]string {
	out := make([][]string, len(row))
	for i, c := range row {
		out[i] = strings.Split(strings.ReplaceAll(c, "\r\n", "\n"), "\n")
	}
	return out
}
