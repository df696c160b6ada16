package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/ted-dashboard/ted/models/modeltest"
)

// What the browser check looks at: a desktop and a tablet window, and
// how much of a chart's canvas must be drawn for it to count as drawn.
const (
	desktopWidth, desktopHeight = 1280, 900
	tabletWidth, tabletHeight   = 768, 1024
	// minInk is the fewest pixels a chart must draw: its axes, labels and
	// legend alone take about five thousand.
	minInk = 2000
	// stepTimeout bounds one step in the browser, and chartTimeout the
	// wait for a page's charts to be drawn and to stop moving.
	stepTimeout  = 20 * time.Second
	chartTimeout = 10 * time.Second
)

// tabletUser is the user whose home page is checked at tablet width: the
// HR leader's, whose staff table is the widest of the pages.
const tabletUser = asHRLeader

// screenshotsDir is where TED_SCREENSHOTS=1 saves each page as the
// browser shows it, for README.md.
var screenshotsDir = filepath.Join("..", "docs", "screenshots")

// chromium returns the path of Chromium. Without it the test is skipped,
// except where CI is set: there the browser is part of the set-up, and
// its absence fails the test.
func chromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if path, err := exec.LookPath("chromium"); err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed, and CI is set: .ci/run installs it")
	}
	t.Skip("Chromium is not installed: apt-get install chromium to run the browser test")
	return ""
}

// startChromium starts a headless Chromium that makes no request of its
// own, with a fresh profile; it is closed when the test ends.
func startChromium(t *testing.T, path string) context.Context {
	t.Helper()
	out := &lockedBuffer{}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.CombinedOutput(out),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v\n%s", err, out)
	}
	return ctx
}

// tab is one user's window on TED, with cookies of its own, and a record
// of what went wrong in it out of sight: console errors, uncaught
// exceptions, errors of the browser's log, and requests to other origins.
type tab struct {
	ctx    context.Context
	origin string

	mu       sync.Mutex
	problems []string
}

// newTab opens a tab at desktop width in a browser context of its own.
func newTab(t *testing.T, browser context.Context, origin string) *tab {
	t.Helper()
	b := &tab{origin: origin}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(),
		chromedp.WithListener(b.listen))
	t.Cleanup(cancel)
	b.ctx = ctx
	// The first step opens the tab, which lives as long as the context of
	// that step: the tab's own, without a time limit.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return b
}

// step runs one step in the tab, giving up after stepTimeout.
func step[T any](b *tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// follow runs a step that leads to a page and returns the status of the
// page's document.
func (b *tab) follow(a chromedp.Action[chromedp.Void]) (int64, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		return 0, err
	}
	if resp == nil {
		return 0, errors.New("no page was opened")
	}
	return resp.Status, nil
}

// listen notes what goes wrong in the tab. It runs in the tab's event
// loop, so it only records.
func (b *tab) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if !strings.HasPrefix(u, b.origin+"/") && !strings.HasPrefix(u, "data:") &&
			!strings.HasPrefix(u, "blob:") {
			problem = "a request to another origin: " + u
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError ||
			ev.Type == runtime.ConsoleAPICalledTypeAssert {
			problem = "console." + string(ev.Type) + ": " + argsText(ev.Args)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = "an uncaught exception: " + d.Text
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
		problem += fmt.Sprintf(" at %s:%d", d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			problem = fmt.Sprintf("an error in the browser's log (%s): %s %s",
				ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	}
	if problem != "" {
		b.mu.Lock()
		b.problems = append(b.problems, problem)
		b.mu.Unlock()
	}
}

// argsText is the text of a console call's arguments.
func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		if len(a.Value) > 0 {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

// check fails the test for each problem the tab met since the last check.
func (b *tab) check(t *testing.T, page string) {
	t.Helper()
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range problems {
		t.Errorf("%s: %s", page, p)
	}
}

// open goes to a page of TED and reports whether it answered 200.
func (b *tab) open(t *testing.T, path string) bool {
	t.Helper()
	resp, err := step(b, chromedp.NavigateResponse(b.origin+path))
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return false
	}
	if resp.Status != http.StatusOK {
		t.Errorf("%s answered %d", path, resp.Status)
		return false
	}
	return true
}

// location is the address of the tab's page.
func (b *tab) location(t *testing.T) *url.URL {
	t.Helper()
	loc, err := step(b, chromedp.Location())
	if err != nil {
		t.Fatalf("reading the address: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("address %q: %v", loc, err)
	}
	return u
}

// signIn signs a fixture user in through the sign-in form, typing as a
// person would, and returns the nav of the page they land on, which must
// be the nav's first.
func (b *tab) signIn(t *testing.T, as string) []string {
	t.Helper()
	if !b.open(t, "/login") {
		t.FailNow()
	}
	err := chromedp.Do(b.ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), emailOf(as)),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), fixturePassword),
	)
	if err != nil {
		t.Fatalf("filling in the sign-in form: %v", err)
	}
	status, err := b.follow(chromedp.Click(chromedp.CSS(`.login-form button[type="submit"]`)))
	if err != nil || status != http.StatusOK {
		t.Fatalf("signing in as %s: status %d, %v", as, status, err)
	}
	nav, err := step(b, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("header nav a"), a => a.getAttribute("href"))`))
	if err != nil {
		t.Fatalf("reading the nav: %v", err)
	}
	if len(nav) == 0 {
		t.Fatalf("%s signed in to a page without nav", as)
	}
	if home := b.location(t); home.RequestURI() != nav[0] {
		t.Errorf("%s landed on %s, not the nav's first page %s", as, home, nav[0])
	}
	b.check(t, "signing in")
	return nav
}

// chartInk is how much one chart of a page has drawn.
type chartInk struct {
	Label  string `json:"label"`
	Pixels int    `json:"pixels"`
}

// inkScript measures each chart of a page: the pixels of its most drawn
// canvas that differ from the canvas's top-left corner, which is the
// chart's background, transparent or not.
const inkScript = `Array.from(document.querySelectorAll("div.chart"), el => {
	let most = 0;
	for (const c of el.querySelectorAll("canvas")) {
		if (!c.width || !c.height) continue;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (d[i] !== d[0] || d[i+1] !== d[1] || d[i+2] !== d[2] || d[i+3] !== d[3]) n++;
		}
		most = Math.max(most, n);
	}
	return {label: el.getAttribute("aria-label") || "", pixels: most};
})`

// waitCharts waits until every chart of the page is drawn, failing the
// test for a chart left blank; when still is set, it also waits for the
// charts to stop moving.
func (b *tab) waitCharts(t *testing.T, page string, still bool) {
	t.Helper()
	deadline := time.Now().Add(chartTimeout)
	var last []chartInk
	for {
		ink, err := step(b, chromedp.Evaluate[[]chartInk](inkScript))
		if err != nil {
			t.Errorf("%s: measuring the charts: %v", page, err)
			return
		}
		drawn := !slices.ContainsFunc(ink, func(c chartInk) bool { return c.Pixels < minInk })
		if drawn && (!still || slices.Equal(ink, last)) {
			return
		}
		if time.Now().After(deadline) {
			for _, c := range ink {
				if c.Pixels < minInk {
					t.Errorf("%s: the chart %q drew %d pixels, fewer than %d", page,
						c.Label, c.Pixels, minInk)
				}
			}
			return
		}
		last = ink
		time.Sleep(100 * time.Millisecond)
	}
}

// screenshots reports whether the test saves screenshots: only when
// TED_SCREENSHOTS=1, so that a test run leaves the files as they are.
func screenshots() bool { return os.Getenv("TED_SCREENSHOTS") == "1" }

// screenshot saves the whole page as name.png, when the test saves
// screenshots.
func (b *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	if !screenshots() {
		return
	}
	png, err := step(b, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot of %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(screenshotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotsDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// csvFile is what a panel's "Download CSV" link answered.
type csvFile struct {
	Href   string `json:"href"`
	Status int    `json:"status"`
	Type   string `json:"type"`
}

// checkCSV fetches every "Download CSV" link of the page, as the signed-in
// user, and fails the test unless each answers a CSV file.
func (b *tab) checkCSV(t *testing.T, page string) {
	t.Helper()
	files, err := step(b, chromedp.Evaluate[[]csvFile](`Promise.all(Array.from(
		document.querySelectorAll("a.csv"), a => fetch(a.href).then(r => ({
			href: a.getAttribute("href"), status: r.status,
			type: r.headers.get("Content-Type") || ""}))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Errorf("%s: fetching the CSV files: %v", page, err)
		return
	}
	for _, f := range files {
		if f.Status != http.StatusOK || !strings.HasPrefix(f.Type, "text/csv") {
			t.Errorf("%s: %s answered %d %q, want a CSV file", page, f.Href, f.Status, f.Type)
		}
	}
}

// showTables clicks every "Show as table" button of the page and fails
// the test unless each shows its table in place of its chart.
func (b *tab) showTables(t *testing.T, page string) {
	t.Helper()
	ids, err := step(b, chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll("button.toggle-table"), b => b.getAttribute("aria-controls"))`))
	if err != nil {
		t.Errorf("%s: finding the tables: %v", page, err)
		return
	}
	for _, id := range ids {
		button := fmt.Sprintf(`button.toggle-table[aria-controls=%q]`, id)
		if _, err := step(b, chromedp.Click(chromedp.CSS(button))); err != nil {
			t.Errorf("%s: clicking %q: %v", page, button, err)
			continue
		}
		shown, err := step(b, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
			const table = document.getElementById(%q);
			const chart = table.closest(".panel").querySelector(".chart");
			return !table.hidden && table.offsetHeight > 0 &&
				(!chart || chart.offsetHeight === 0);
		})()`, id)))
		if err != nil || !shown {
			t.Errorf("%s: \"Show as table\" did not show the table %s in place of "+
				"its chart (%v)", page, id, err)
		}
	}
}

// drillDown follows the first link of the page's tables, whose tables
// showTables has shown, and checks the page it opens.
func (b *tab) drillDown(t *testing.T, page string) {
	t.Helper()
	href, err := step(b, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector("td a[href]");
		return a ? a.getAttribute("href") : "";
	})()`))
	if err != nil {
		t.Errorf("%s: finding a link: %v", page, err)
		return
	}
	if href == "" {
		t.Logf("%s has no link in its tables", page)
		return
	}
	t.Logf("%s: following the link to %s", page, href)
	defer b.check(t, href)
	status, err := b.follow(chromedp.Click(chromedp.CSS("td a[href]")))
	if err != nil || status != http.StatusOK {
		t.Errorf("%s: the link to %s answered %d (%v)", page, href, status, err)
		return
	}
	if got := b.location(t).RequestURI(); got != href {
		t.Errorf("%s: the link to %s opened %s", page, href, got)
	}
	b.waitCharts(t, href, false)
}

// chartPoint is a point of a chart that links to a page, and where it
// is in the window.
type chartPoint struct {
	Link string  `json:"link"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
}

// pointScript finds the first point of the page's charts that links to a
// page and is big enough to click, scrolls it into view, and returns it.
const pointScript = `(() => {
	for (const el of document.querySelectorAll("div.chart")) {
		const chart = echarts.getInstanceByDom(el);
		const series = chart ? chart.getOption().series || [] : [];
		for (let s = 0; s < series.length; s++) {
			const data = series[s].data || [];
			for (let i = 0; i < data.length; i++) {
				const d = data[i];
				if (!d || typeof d !== "object" || typeof d.link !== "string") continue;
				const shape = chart.getModel().getSeriesByIndex(s).getData().getItemGraphicEl(i);
				const r = shape && shape.getBoundingRect();
				if (!r || r.width < 3 || r.height < 3) continue;
				el.scrollIntoView({block: "center"});
				const [x, y] = shape.transformCoordToGlobal(r.x + r.width / 2, r.y + r.height / 2);
				const box = el.getBoundingClientRect();
				return {link: d.link, x: box.left + x, y: box.top + y};
			}
		}
	}
	return {link: "", x: 0, y: 0};
})()`

// linksScript reports whether a chart of the page has a point that links
// to a page.
const linksScript = `Array.from(document.querySelectorAll("div.chart")).some(el =>
	(JSON.parse(el.getAttribute("data-options")).series || []).some(s =>
		(s.data || []).some(d => d && typeof d === "object" && typeof d.link === "string")))`

// clickChart clicks the first point of the page's charts that links to a
// page, as a user opens a school from a chart, and checks the page it
// opens.
func (b *tab) clickChart(t *testing.T, page string) {
	t.Helper()
	links, err := step(b, chromedp.Evaluate[bool](linksScript))
	if err != nil {
		t.Errorf("%s: reading the charts' links: %v", page, err)
		return
	}
	if !links {
		t.Logf("%s has no chart that links to a page", page)
		return
	}
	// Points are clicked where they end up once drawn.
	b.waitCharts(t, page, true)
	p, err := step(b, chromedp.Evaluate[chartPoint](pointScript))
	if err != nil || p.Link == "" {
		t.Errorf("%s: no chart point to click among those with links (%v)", page, err)
		return
	}
	t.Logf("%s: clicking the chart's point for %s", page, p.Link)
	defer b.check(t, p.Link)
	status, err := b.follow(chromedp.MouseClickXY(p.X, p.Y))
	if err != nil || status != http.StatusOK {
		t.Errorf("%s: the chart's point for %s answered %d (%v)", page, p.Link, status, err)
		return
	}
	if got := b.location(t).RequestURI(); got != p.Link {
		t.Errorf("%s: the chart's point for %s opened %s", page, p.Link, got)
	}
	b.waitCharts(t, p.Link, false)
}

// yearSelect finds a page's year filter.
const yearSelect = `document.querySelector('form.filters select[name="year"]')`

// changeYear chooses another school year in the page's filters, and fails
// the test unless the page reloads for that year, with the year in its
// address, so that the view can be shared.
func (b *tab) changeYear(t *testing.T, page string) {
	t.Helper()
	years, err := step(b, chromedp.Evaluate[[]string](fmt.Sprintf(`(() => {
		const s = %s;
		return s ? Array.from(s.options).filter(o => !o.selected).map(o => o.value) : [];
	})()`, yearSelect)))
	if err != nil {
		t.Errorf("%s: reading the year filter: %v", page, err)
		return
	}
	if len(years) == 0 {
		t.Logf("%s has no other school year to choose", page)
		return
	}
	year := years[0]
	t.Logf("%s: choosing the school year %s", page, year)
	defer b.check(t, page+" for "+year)
	status, err := b.follow(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const s = %s;
		s.value = %q;
		s.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, yearSelect, year)))
	if err != nil || status != http.StatusOK {
		t.Errorf("%s: choosing the year %s answered %d (%v)", page, year, status, err)
		return
	}
	loc := b.location(t)
	if loc.Path != pathOf(page) || loc.Query().Get("year") != year {
		t.Errorf("%s: choosing the year %s led to %s", page, year, loc.RequestURI())
	}
	b.waitCharts(t, loc.RequestURI(), false)
}

// visit checks one page of a user's nav in every way a user meets it.
func (b *tab) visit(t *testing.T, as, page string) {
	t.Helper()
	if !b.open(t, page) {
		return
	}
	b.waitCharts(t, page, screenshots())
	b.screenshot(t, as+"-"+pageName(page))
	b.checkCSV(t, page)
	b.check(t, page)
	b.clickChart(t, page)

	if b.open(t, page) {
		b.showTables(t, page)
		b.check(t, page)
		b.drillDown(t, page)
	}
	if b.open(t, page) {
		b.changeYear(t, page)
	}
}

// fitsTablet opens a page at tablet width and fails the test when the
// page is wider than the window.
func (b *tab) fitsTablet(t *testing.T, page string) {
	t.Helper()
	if _, err := step(b, chromedp.EmulateViewport(tabletWidth, tabletHeight)); err != nil {
		t.Fatalf("tablet width: %v", err)
	}
	defer step(b, chromedp.EmulateViewport(desktopWidth, desktopHeight))
	if !b.open(t, page) {
		return
	}
	b.waitCharts(t, page, false)
	widths, err := step(b, chromedp.Evaluate[[]int](
		`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if err != nil {
		t.Fatalf("measuring %s: %v", page, err)
	}
	if widths[0] > widths[1] {
		t.Errorf("%s is %d px wide in a %d px window: it scrolls sideways on a tablet",
			page, widths[0], widths[1])
	}
	b.check(t, page)
}

// pageName names a page in screenshots by its pattern's fixed words:
// "/dashboards/hr" is "hr", "/schools/:school_id" "schools".
func pageName(page string) string {
	pattern, _ := patternOf(pathOf(page))
	var words []string
	for seg := range strings.SplitSeq(pattern, "/") {
		if seg != "" && seg != "dashboards" && !strings.HasPrefix(seg, ":") {
			words = append(words, seg)
		}
	}
	if len(words) == 0 {
		return "home"
	}
	return strings.Join(words, "-")
}

func TestBrowser_Pages(t *testing.T) {
	path := chromium(t)
	start := time.Now()
	f := newFixture(t, modeltest.Open(t, "sqlite"))
	srv := httptest.NewServer(f.s.Handler())
	t.Cleanup(srv.Close)
	browser := startChromium(t, path)
	t.Logf("district and Chromium ready in %v", time.Since(start).Round(time.Millisecond))

	for _, as := range pageRoles {
		t.Run(as, func(t *testing.T) {
			t.Parallel()
			b := newTab(t, browser, srv.URL)
			nav := b.signIn(t, as)
			for _, page := range nav {
				t.Run(pageName(page), func(t *testing.T) {
					b.visit(t, as, page)
				})
			}
			if as == tabletUser {
				t.Run("tablet", func(t *testing.T) {
					b.fitsTablet(t, nav[0])
				})
			}
		})
	}
}
