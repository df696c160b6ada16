// Package dashboards renders TED's pages: a page is a set of panels, each
// a chart drawn by ECharts in the browser from options built here, with
// the table of exactly what the chart shows beside it (to read, to sort,
// and to download as CSV). Pages carry no inline script: chart options
// travel as JSON in the markup and one script of TED's draws them. Every
// asset the pages load is embedded in the binary, so they work offline.
package dashboards

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strconv"
)

//go:embed assets
var assets embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// Assets are the static files the pages load, served under /static/.
func Assets() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err)
	}
	return sub
}

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}).ParseFS(templateFiles, "templates/*.html"))

// Link is a place a page leads to.
type Link struct {
	Label, Href string
	Current     bool
}

// Option is one choice of a filter.
type Option struct {
	Value, Label string
	Selected     bool
}

// Filter is a choice that narrows a page, kept in its URL so that a view
// can be shared: the school year, a school, a subject, a rating.
type Filter struct {
	Name, Label string
	Options     []Option
}

// Page is one page of a dashboard.
type Page struct {
	// Title names the page; Heading and Subheading lead it.
	Title, Heading, Subheading string
	// User is who is signed in, CSRF the token their sign-out form
	// carries, and Nav the pages they may open.
	User, CSRF string
	Nav        []Link
	Filters    []Filter
	// Facts are the headline figures of the page.
	Facts  []Fact
	Panels []Panel
}

// Fact is one headline figure: a label and its value, with a note.
type Fact struct {
	Label, Value, Note string
}

// Panel is a chart and its table, or a table alone.
type Panel struct {
	// ID names the panel in its page, for its CSV download.
	ID, Title, Note string
	// Chart is the ECharts option of the chart, nil for a table alone.
	Chart map[string]any
	Table Table
	// Wide panels take the whole width of the page.
	Wide bool
	// CSV is the address of the table's download, filled by Render.
	CSV string
}

// Column is a column of a table; numeric columns align right and sort by
// number.
type Column struct {
	Name    string
	Numeric bool
}

// Cell is one value of a table: its text as shown, a number to sort by,
// and where it leads.
type Cell struct {
	Text string
	Sort string
	Link string
}

// Table is what a panel shows, row by row.
type Table struct {
	Columns []Column
	Rows    [][]Cell
}

// Render writes a page. csvBase is the page's own address with its
// filters, to which each panel's download adds its id.
func Render(w io.Writer, p Page, csvBase string) error {
	for i := range p.Panels {
		p.Panels[i].CSV = withParam(csvBase, "csv", p.Panels[i].ID)
	}
	return templates.ExecuteTemplate(w, "page.html", p)
}

// Login is the sign-in page's content: where to go after signing in, the
// token its form carries, and what went wrong with the last attempt.
type Login struct {
	Next, CSRF, Error string
}

// RenderLogin writes the sign-in page.
func RenderLogin(w io.Writer, l Login) error {
	return templates.ExecuteTemplate(w, "login.html", l)
}

// Message is a page that only tells something: that a page is not
// allowed, does not exist, or failed.
type Message struct {
	Title, Text, User, CSRF string
	Nav                     []Link
}

// RenderMessage writes a message page.
func RenderMessage(w io.Writer, m Message) error {
	return templates.ExecuteTemplate(w, "message.html", m)
}

// WriteCSV writes a panel's table as CSV: the header, then each row's
// cells as shown.
func WriteCSV(w io.Writer, t Table) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	cw.Write(header)
	row := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i := range row {
			row[i] = ""
			if i < len(r) {
				row[i] = r[i].Text
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// PanelByID finds a panel of a page.
func (p Page) PanelByID(id string) (Panel, bool) {
	for _, pn := range p.Panels {
		if pn.ID == id {
			return pn, true
		}
	}
	return Panel{}, false
}

// withParam adds a query parameter to an address that may have some.
func withParam(base, key, value string) string {
	sep := "?"
	for _, r := range base {
		if r == '?' {
			sep = "&"
			break
		}
	}
	return base + sep + key + "=" + template.URLQueryEscaper(value)
}

// Number is a cell of a number shown with the digits given, or, when the
// value is missing, the text saying why.
func Number(v *float64, digits int, missing string) Cell {
	if v == nil {
		return Cell{Text: missing}
	}
	return Cell{Text: strconv.FormatFloat(*v, 'f', digits, 64),
		Sort: strconv.FormatFloat(*v, 'f', -1, 64)}
}

// Int is a cell of a whole number, or the text saying why it is missing.
func Int(v *int, missing string) Cell {
	if v == nil {
		return Cell{Text: missing}
	}
	return Cell{Text: strconv.Itoa(*v), Sort: strconv.Itoa(*v)}
}

// Text is a cell of text, leading to link when it is not empty.
func Text(s, link string) Cell { return Cell{Text: s, Link: link} }

// FewerTeachers and FewerStudents say why a value is not shown.
func FewerTeachers(n int) string { return fmt.Sprintf("fewer than %d teachers", n) }

// FewerStudents says a value is withheld for too few students.
func FewerStudents(n int) string { return fmt.Sprintf("fewer than %d students", n) }
