// Package tables writes the tables TED exports (see models.ExportNames) in
// the formats its users open them in: CSV, JSON and Excel workbooks. The
// export command and the API write them alike.
package tables

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
)

// Formats lists the formats tables are written in.
func Formats() []string { return []string{"csv", "json", "xlsx"} }

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case "json":
		return "application/json"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Writer writes the rows of one table in one format. Close releases what
// it holds, whether the table was finished or not.
type Writer struct {
	rw rowWriter
}

// NewWriter starts writing the table name, whose columns are given, to w
// in a format of Formats.
func NewWriter(w io.Writer, format, name string, columns []models.ExportColumn) (
	*Writer, error) {
	rw, err := newRowWriter(w, format, name, columns)
	if err != nil {
		return nil, err
	}
	return &Writer{rw: rw}, nil
}

// Row writes one row, its values in column order as models.DB.Export
// gives them.
func (w *Writer) Row(values []any) error { return w.rw.row(values) }

// End finishes the table once every row is written.
func (w *Writer) End() error { return w.rw.end() }

// Close releases the writer's resources.
func (w *Writer) Close() { w.rw.close() }

// rowWriter writes the rows of an export in one format. end finishes the
// output once every row is written; close releases what the writer holds,
// whether the export succeeded or not.
type rowWriter struct {
	row   func(values []any) error
	end   func() error
	close func()
}

// newRowWriter returns the writer of a format, one of exportFormats.
func newRowWriter(w io.Writer, format, name string, columns []models.ExportColumn) (
	rowWriter, error) {
	switch format {
	case "json":
		return jsonRows(w, columns), nil
	case "xlsx":
		return xlsxRows(w, name, columns)
	}
	return csvRows(w, columns), nil
}

func csvRows(w io.Writer, columns []models.ExportColumn) rowWriter {
	cw := csv.NewWriter(w)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.Name
	}
	cw.Write(header)
	fields := make([]string, len(columns))
	return rowWriter{
		row: func(values []any) error {
			for i, v := range values {
				fields[i] = formatValue(columns[i].Kind, v)
			}
			return cw.Write(fields)
		},
		end: func() error {
			cw.Flush()
			return cw.Error()
		},
		close: func() {},
	}
}

func jsonRows(w io.Writer, columns []models.ExportColumn) rowWriter {
	names := make([][]byte, len(columns))
	for i, c := range columns {
		names[i], _ = json.Marshal(c.Name)
	}
	n := 0
	io.WriteString(w, "[")
	return rowWriter{
		row: func(values []any) error {
			if n > 0 {
				io.WriteString(w, ",")
			}
			n++
			io.WriteString(w, "\n  {")
			for i, v := range values {
				if i > 0 {
					io.WriteString(w, ", ")
				}
				w.Write(names[i])
				io.WriteString(w, ": ")
				if err := writeJSONValue(w, columns[i].Kind, v); err != nil {
					return err
				}
			}
			_, err := io.WriteString(w, "}")
			return err
		},
		end: func() error {
			if n > 0 {
				io.WriteString(w, "\n")
			}
			_, err := io.WriteString(w, "]\n")
			return err
		},
		close: func() {},
	}
}

// writeJSONValue writes a value of a column of the kind: null when it is
// missing, true or false for a yes or no, a number for numbers and money,
// and a string for ids and labels.
func writeJSONValue(w io.Writer, kind models.Kind, v any) error {
	var s string
	switch {
	case v == nil:
		s = "null"
	case kind == models.KindBool:
		s = strconv.FormatBool(v.(bool))
	case kind == models.KindID || kind == models.KindText:
		b, err := json.Marshal(v.(string))
		if err != nil {
			return err
		}
		s = string(b)
	default:
		s = formatValue(kind, v)
	}
	_, err := io.WriteString(w, s)
	return err
}

// formatValue writes a value of a column of the kind as a CSV field: empty
// when it is missing, 1 or 0 for a yes or no, measures rounded to 4
// decimals without trailing zeros, money with exactly two decimals. The
// value has the Go type models.DB.Export gives the kind.
func formatValue(kind models.Kind, v any) string {
	if v == nil {
		return ""
	}
	switch kind {
	case models.KindBool:
		if v.(bool) {
			return "1"
		}
		return "0"
	case models.KindInt:
		return strconv.FormatInt(v.(int64), 10)
	case models.KindFloat, models.KindPercent:
		return formatFloat(v.(float64))
	case models.KindMoney:
		return v.(models.Money).String()
	}
	return v.(string)
}

// formatFloat rounds a measure to 4 decimals and drops trailing zeros.
func formatFloat(f float64) string {
	return strconv.FormatFloat(roundFloat(f), 'f', -1, 64)
}

// roundFloat rounds a measure to the 4 decimals exports keep.
func roundFloat(f float64) float64 {
	return math.Round(f*1e4) / 1e4
}

// Number formats of xlsx cells by the kind of their column. Ids and labels
// are text, so that an id such as "007" keeps its leading zeros.
var (
	xlsxText    = &excelize.Style{NumFmt: 49}                                   // @
	xlsxInt     = &excelize.Style{NumFmt: 1}                                    // 0
	xlsxFloat   = &excelize.Style{NumFmt: 2}                                    // 0.00
	xlsxPercent = &excelize.Style{CustomNumFmt: ptrTo("0.0")}                   // 0.0
	xlsxMoney   = &excelize.Style{NumFmt: 4}                                    // #,##0.00
	xlsxHeader  = &excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49} // bold text
)

// xlsxRows writes an export as an Excel workbook with one sheet named
// after the export: a bold header row that stays in view, the first
// column kept in view too when it is an id, and cells formatted by the
// kind of their column. Rows go through excelize's stream writer, which
// keeps them as written XML, moved to a temporary file once large, rather
// than as cells in memory. The workbook is written to w by end.
func xlsxRows(w io.Writer, name string, columns []models.ExportColumn) (rowWriter, error) {
	f := excelize.NewFile()
	sw, styles, err := xlsxSheet(f, name, columns)
	if err != nil {
		f.Close()
		return rowWriter{}, fmt.Errorf("starting the %s workbook: %w", name, err)
	}

	row := 1
	cells := make([]any, len(columns))
	return rowWriter{
		row: func(values []any) error {
			row++
			if row > excelize.TotalRows {
				return ted.Errorf(ted.CodeInvalid, "%s has more than %d rows, "+
					"more than a sheet holds: export it as csv or json",
					name, excelize.TotalRows-1)
			}
			for i, v := range values {
				cells[i] = nil
				if v != nil {
					cells[i] = excelize.Cell{StyleID: styles[i],
						Value: xlsxValue(columns[i].Kind, v)}
				}
			}
			cell, err := excelize.CoordinatesToCellName(1, row)
			if err == nil {
				err = sw.SetRow(cell, cells)
			}
			if err != nil {
				return fmt.Errorf("writing row %d of the workbook: %w", row, err)
			}
			return nil
		},
		end: func() error {
			if err := sw.Flush(); err != nil {
				return err
			}
			return f.Write(w)
		},
		close: func() { f.Close() },
	}, nil
}

// xlsxSheet names the workbook's only sheet after the export, sets its
// column widths, frozen panes and header row, and returns its stream
// writer and the style of each column's cells.
func xlsxSheet(f *excelize.File, name string, columns []models.ExportColumn) (
	*excelize.StreamWriter, []int, error) {
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, nil, err
	}
	styles, err := xlsxStyles(f, columns)
	if err != nil {
		return nil, nil, err
	}
	header, err := f.NewStyle(xlsxHeader)
	if err != nil {
		return nil, nil, err
	}

	// The stream writer lists each width before those set earlier, and
	// spreadsheet programs want the columns in order: set the last first.
	for i := len(columns) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, xlsxWidth(columns[i])); err != nil {
			return nil, nil, err
		}
	}
	if err := sw.SetPanes(xlsxPanes(columns)); err != nil {
		return nil, nil, err
	}
	cells := make([]any, len(columns))
	for i, c := range columns {
		cells[i] = excelize.Cell{StyleID: header, Value: c.Name}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return nil, nil, err
	}
	return sw, styles, nil
}

// xlsxStyles adds the style of each column's cells to the workbook and
// returns their ids, column by column.
func xlsxStyles(f *excelize.File, columns []models.ExportColumn) ([]int, error) {
	byKind := map[models.Kind]int{}
	ids := make([]int, len(columns))
	for i, c := range columns {
		id, ok := byKind[c.Kind]
		if !ok {
			var err error
			if id, err = xlsxStyle(f, c.Kind); err != nil {
				return nil, err
			}
			byKind[c.Kind] = id
		}
		ids[i] = id
	}
	return ids, nil
}

// xlsxStyle adds the style of a kind's cells to the workbook. A yes or no
// has no number format: it shows as TRUE or FALSE.
func xlsxStyle(f *excelize.File, kind models.Kind) (int, error) {
	switch kind {
	case models.KindInt:
		return f.NewStyle(xlsxInt)
	case models.KindFloat:
		return f.NewStyle(xlsxFloat)
	case models.KindPercent:
		return f.NewStyle(xlsxPercent)
	case models.KindMoney:
		return f.NewStyle(xlsxMoney)
	case models.KindBool:
		return 0, nil
	}
	return f.NewStyle(xlsxText)
}

// xlsxPanes freezes the header row and, when the first column holds ids,
// that column too, so both stay in view while a user scrolls.
func xlsxPanes(columns []models.ExportColumn) *excelize.Panes {
	p := &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2",
		ActivePane: "bottomLeft"}
	if len(columns) > 1 && columns[0].Kind == models.KindID {
		p.XSplit, p.TopLeftCell, p.ActivePane = 1, "B2", "bottomRight"
	}
	p.Selection = []excelize.Selection{
		{SQRef: p.TopLeftCell, ActiveCell: p.TopLeftCell, Pane: p.ActivePane},
	}
	return p
}

// xlsxWidth is the width of a column, in characters: wide enough for its
// bold header and for the values its kind usually holds.
func xlsxWidth(c models.ExportColumn) float64 {
	var values int
	switch c.Kind {
	case models.KindID:
		values = 12
	case models.KindText:
		values = 18
	case models.KindMoney:
		values = 14
	case models.KindFloat:
		values = 10
	default:
		values = 8
	}
	return float64(max(values, len(c.Name)+3))
}

// xlsxValue is the cell value of a value of a column of the kind: a number
// for numbers and money, true or false for a yes or no, text otherwise.
// Measures are rounded to the 4 decimals the other formats keep.
func xlsxValue(kind models.Kind, v any) any {
	switch kind {
	case models.KindFloat, models.KindPercent:
		return roundFloat(v.(float64))
	case models.KindMoney:
		return v.(models.Money).Float64()
	}
	return v
}

func ptrTo[T any](v T) *T { return &v }
