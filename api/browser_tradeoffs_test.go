package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// factScript reads a headline figure of the trade-off page's results.
const factScript = `(() => {
	for (const li of document.querySelectorAll("#scenario-results ul.facts li")) {
		if (li.querySelector(".label").textContent === %q) {
			return li.querySelector(".value").textContent;
		}
	}
	return "";
})()`

// waitFact waits until a headline figure of the trade-off page reads
// want, as the page's script weighs the scenario again.
func (b *tab) waitFact(t *testing.T, label, want string) {
	t.Helper()
	deadline := time.Now().Add(chartTimeout)
	var got string
	for time.Now().Before(deadline) {
		var err error
		got, err = step(b, chromedp.Evaluate[string](fmt.Sprintf(factScript, label)))
		if err != nil {
			t.Fatalf("reading %q: %v", label, err)
		}
		if got == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%q reads %q, want %q", label, got, want)
}

// choose sets a select of the form as a person does, which fires its
// change event.
func (b *tab) choose(t *testing.T, name, value string) {
	t.Helper()
	_, err := step(b, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const s = document.querySelector('select[name=%q]');
		s.value = %q;
		s.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, name, value)))
	if err != nil {
		t.Fatalf("choosing %s for %s: %v", value, name, err)
	}
}

// shown reports whether a field of the form is shown.
func (b *tab) shown(t *testing.T, name string) bool {
	t.Helper()
	v, err := step(b, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const el = document.querySelector('[name=%q]');
		return !!el && el.offsetParent !== null;
	})()`, name)))
	if err != nil {
		t.Fatalf("looking for %s: %v", name, err)
	}
	return v
}

// TestBrowser_Tradeoffs weighs a scenario on the trade-off page as a
// district leader does: choosing options updates the cost and the charts
// in place, the address keeps the scenario, and a saved scenario opens by
// its link beside the others.
func TestBrowser_Tradeoffs(t *testing.T) {
	path := chromium(t)
	f := newFixture(t, modeltest.Open(t, "sqlite"))
	srv := httptest.NewServer(f.s.Handler())
	t.Cleanup(srv.Close)
	b := newTab(t, startChromium(t, path), srv.URL)
	b.signIn(t, asDistrictLeader)

	// What the API says the options cost, on the last year computed.
	costOf := func(options ...optionBody) string {
		w := f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios/evaluate",
			scenarioRequest{Options: options})
		wantStatus(t, w, http.StatusOK)
		return dashboards.Dollars(decode[scenarioResponse](t, w).TotalCost)
	}
	raise := optionBody{Kind: "raise", Amount: 1000}
	smaller := optionBody{Kind: "class_size", GradeBand: "6-8", Change: -1}

	if !b.open(t, tradeoffsPath) {
		t.FailNow()
	}
	b.waitCharts(t, tradeoffsPath, false)
	b.waitFact(t, "Cost a year", "$0")
	if b.shown(t, "o1.amount") {
		t.Error("an option without a kind shows its fields")
	}

	// A raise: its amount is asked for, and the cost follows the typing.
	b.choose(t, "o1.kind", "raise")
	if !b.shown(t, "o1.amount") || b.shown(t, "o1.band") || !b.shown(t, "o2.kind") {
		t.Error("choosing a raise does not show its fields and one more option")
	}
	amount := chromedp.CSS(`input[name="o1.amount"]`)
	if _, err := step(b, chromedp.SendKeys(amount, "1000")); err != nil {
		t.Fatal(err)
	}
	b.waitFact(t, "Cost a year", costOf(raise))
	b.waitCharts(t, "a raise", false)
	// Dollars on the axis are written shortly by the page's script.
	label, err := step(b, chromedp.Evaluate[string](`(() => {
		const chart = echarts.getInstanceByDom(document.querySelector("#panel-options .chart"));
		const f = chart.getOption().yAxis[0].axisLabel.formatter;
		return typeof f === "function" ? f(1500000) + " " + f(-250000) : String(f);
	})()`))
	if err != nil || label != "$1.5M -$250K" {
		t.Errorf("the cost axis writes 1,500,000 and -250,000 as %q (%v)", label, err)
	}
	if q := b.location(t).Query(); q.Get("o1.kind") != "raise" || q.Get("o1.amount") != "1000" {
		t.Errorf("the address does not keep the scenario: %v", q)
	}
	b.check(t, "a raise")

	// Smaller classes in grades 6-8 add up with the raise.
	b.choose(t, "o2.kind", "class_size")
	b.choose(t, "o2.band", "6-8")
	if !b.shown(t, "o2.change") || b.shown(t, "o2.amount") {
		t.Error("a class-size change does not show its fields")
	}
	change := chromedp.CSS(`input[name="o2.change"]`)
	if _, err := step(b, chromedp.SendKeys(change, "-1")); err != nil {
		t.Fatal(err)
	}
	b.waitFact(t, "Cost a year", costOf(raise, smaller))
	b.waitCharts(t, "a raise and smaller classes", false)
	b.check(t, "a raise and smaller classes")

	// Removing the raise leaves the smaller classes, now the first option.
	if _, err := step(b, chromedp.Click(chromedp.CSS(`#option-1 button.remove`))); err != nil {
		t.Fatal(err)
	}
	b.waitFact(t, "Cost a year", costOf(smaller))
	kind, err := step(b, chromedp.Evaluate[string](
		`document.querySelector('select[name="o1.kind"]').value`))
	if err != nil || kind != "class_size" {
		t.Errorf("after removing the raise the first option is %q (%v)", kind, err)
	}

	// Saving opens the scenario by its link, compared with this one.
	name := chromedp.CSS(`#save-form input[name="name"]`)
	if _, err := step(b, chromedp.SendKeys(name, "Smaller middle-school classes")); err != nil {
		t.Fatal(err)
	}
	// The page's script may still be drawing when the button is clicked,
	// so the test waits for the address to change rather than for the
	// click's own navigation.
	save := chromedp.CSS(`#save-form button[type="submit"]`)
	if _, err := step(b, chromedp.Click(save)); err != nil {
		t.Fatalf("saving: %v", err)
	}
	loc := b.location(t)
	saved := func() bool { return strings.HasPrefix(loc.Path, tradeoffsPath+"/") }
	for deadline := time.Now().Add(stepTimeout); !saved() && time.Now().Before(deadline); {
		loc = b.location(t)
		time.Sleep(50 * time.Millisecond)
	}
	if !saved() {
		t.Fatalf("saving led to %s", loc)
	}
	if _, err := step(b, chromedp.WaitVisible(chromedp.CSS(".saved-scenario"))); err != nil {
		t.Fatalf("the saved scenario's page: %v", err)
	}
	b.waitCharts(t, loc.Path, false)
	b.waitFact(t, "Cost a year", costOf(smaller))
	names, err := step(b, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("#table-compare tbody td:first-child"),
			td => td.textContent)`))
	if err != nil || len(names) != 2 || names[1] != "Smaller middle-school classes" {
		t.Errorf("compared scenarios %v (%v)", names, err)
	}
	b.screenshot(t, "district_leader-tradeoffs")
	b.check(t, loc.Path)

	// The page, its form and its charts fit a tablet's width.
	b.fitsTablet(t, loc.Path)
}
