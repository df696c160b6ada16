package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ted-dashboard/ted/dashboards"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// TestScenarioForm reads a scenario back from the query string the
// trade-off form writes of it, and reads a leader's form as they filled
// it in.
func TestScenarioForm(t *testing.T) {
	target, retention, stay := 2.5e6, 1.5, 0.9
	req := scenarioRequest{Year: 2024, BudgetTarget: &target, Options: []optionBody{
		{Kind: "raise", Amount: 1000, Target: targetBody{Subjects: []string{"math", "science"},
			HighPoverty: true}},
		{Kind: "class_size", GradeBand: "6-8", Change: -2},
		{Kind: "lane_change", Change: -0.5, Target: targetBody{Ratings: []string{"ineffective"}}},
		{Kind: "step_freeze"},
		{Kind: "retention_bonus", Amount: 2500,
			Target: targetBody{Ratings: []string{"proficient", "exemplary"}}},
	}, Assumptions: &scenarioAssumptions{RetentionPerThousand: &retention,
		BaseRetention: &stay}}
	q := formOfScenario(req)
	if q.Get("o3.change") != "-50" || q.Get("a.stay") != "90" || q.Get("o1.poverty") != "1" {
		t.Fatalf("form %v", q)
	}
	got, err := scenarioOfForm(q)
	if err != nil || !reflect.DeepEqual(got, req) {
		t.Fatalf("read back %+v, %v\nwant %+v", got, err, req)
	}

	// As a browser sends the form: gaps in the numbering, an empty option,
	// a class-size change carrying a target it ignores, one removed.
	form, _ := url.ParseQuery("year=2024&target=&o2.kind=raise&o2.amount=500&o2.band=0-2&" +
		"o5.kind=class_size&o5.band=3-5&o5.change=1&o5.rating=exemplary&o7.kind=&" +
		"o9.kind=step_freeze&remove=9&a.retention=&a.effective=75")
	got, err = scenarioOfForm(form)
	effective := 0.75
	want := scenarioRequest{Year: 2024, Options: []optionBody{{Kind: "raise", Amount: 500},
		{Kind: "class_size", GradeBand: "3-5", Change: 1}},
		Assumptions: &scenarioAssumptions{NewTeacherEffective: &effective}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read %+v, %v\nwant %+v", got, err, want)
	}

	for query, problem := range map[string]string{
		"year=last":                   "school year",
		"target=lots":                 "budget target",
		"o1.kind=raise":               "option 1: give the dollars a teacher",
		"o1.kind=raise&o1.amount=NaN": "option 1, dollars a teacher",
		"o1.kind=step_freeze&o2.kind=lane_change": "option 2: give the change",
		"a.stay=most": "teachers who stay a year",
	} {
		form, _ := url.ParseQuery(query)
		if _, err := scenarioOfForm(form); err == nil || !strings.Contains(err.Error(), problem) {
			t.Errorf("%s: %v, want it to name %q", query, err, problem)
		}
	}
	many := url.Values{}
	for i := range dashboards.MaxOptions + 1 {
		many.Set("o"+strconv.Itoa(i+1)+".kind", "step_freeze")
	}
	if _, err := scenarioOfForm(many); err == nil {
		t.Errorf("%d options are read", dashboards.MaxOptions+1)
	}
}

// factValue is the value of a headline figure of a page.
func factValue(t *testing.T, body, label string) string {
	t.Helper()
	re := regexp.MustCompile(`<span class="value">([^<]*)</span><span class="label">` +
		regexp.QuoteMeta(label) + `</span>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page has no figure %q", label)
	}
	return html_(m[1])
}

func html_(s string) string {
	return strings.NewReplacer("&#39;", "'", "&amp;", "&", "&#43;", "+").Replace(s)
}

func TestTradeoffPage(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		page := tradeoffsPath + "?year=" + strconv.Itoa(f.year)

		t.Run("Access", func(t *testing.T) {
			wantPageAccess(t, f, page, map[string]int{asAdmin: http.StatusOK,
				asHRLeader: http.StatusForbidden, asDistrictLeader: http.StatusOK,
				asPrincipal: http.StatusForbidden, asTeacher: http.StatusForbidden,
				asNobody: http.StatusForbidden})
		})

		b := pageAs(t, f, asDistrictLeader)
		sess, _, err := db.SessionUser(t.Context(), b.cookies[sessionCookie].Value, sessionIdle)
		if err != nil {
			t.Fatal(err)
		}

		t.Run("NoOptions", func(t *testing.T) {
			w := b.do(t, http.MethodGet, tradeoffsPath, nil)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			if got := factValue(t, body, "Cost a year"); got != "$0" {
				t.Errorf("no options cost %s", got)
			}
			if got := pagePanelIDs(body); !slices.Equal(got,
				[]string{"compare", "compare-effects"}) {
				t.Errorf("panels %v", got)
			}
			if !strings.Contains(body, `name="o1.kind"`) || strings.Contains(body, `name="o2.kind"`) {
				t.Error("the form does not offer exactly one option to add")
			}
			if !strings.Contains(body, `<a href="/dashboards/tradeoffs" aria-current="page">`) {
				t.Error("the nav does not lead to the page")
			}
		})

		// The page's figures are the API's, for the same scenario.
		query := page + "&target=1000000&o1.kind=raise&o1.amount=1000&o2.kind=class_size" +
			"&o2.band=6-8&o2.change=1&o3.kind=retention_bonus&o3.amount=2000" +
			"&o3.rating=exemplary&o3.poverty=1"
		req, err := scenarioOfForm(mustQuery(t, query))
		if err != nil {
			t.Fatal(err)
		}
		w := f.request(t, asDistrictLeader, http.MethodPost, "/api/v1/scenarios/evaluate", req)
		wantStatus(t, w, http.StatusOK)
		api := decode[scenarioResponse](t, w)

		t.Run("Evaluate", func(t *testing.T) {
			w := b.do(t, http.MethodGet, query, nil)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			if got := factValue(t, body, "Cost a year"); got != dashboards.Dollars(api.TotalCost) {
				t.Errorf("cost %s, the API's %v", got, api.TotalCost)
			}
			over := api.TotalCost - 1e6
			wantOver := dashboards.Dollars(max(over, -over)) + " over"
			if over < 0 {
				wantOver = dashboards.Dollars(-over) + " under"
			}
			if got := factValue(t, body, "Against the budget target"); got != wantOver {
				t.Errorf("against the target %s, want %s", got, wantOver)
			}
			if got := pagePanelIDs(body); !slices.Equal(got,
				[]string{"options", "effects", "compare", "compare-effects"}) {
				t.Errorf("panels %v", got)
			}
			rows := pageCSV(t, b, query, "options")
			want := []string{"Raise of $1,000 for all teachers",
				"Classes of grades 6-8 larger by 1 student",
				"Retention bonus of $2,000 for teachers rated exemplary in the " +
					"highest-poverty schools"}
			if len(rows) != 4 {
				t.Fatalf("options table %v", rows)
			}
			for i, o := range api.Options {
				if rows[i+1][0] != strconv.Itoa(i+1)+". "+want[i] ||
					rows[i+1][2] != dashboards.Dollars(o.Cost) ||
					rows[i+1][1] != strconv.Itoa(o.Teachers) {
					t.Errorf("row %v, want %s costing %v for %d teachers", rows[i+1], want[i],
						o.Cost, o.Teachers)
				}
			}
			// The form shows the scenario, to change it.
			for _, field := range []string{`name="o3.amount" min="0" step="any" value="2000"`,
				`value="exemplary" checked`, `name="o4.kind"`, `value="1000000"`} {
				if !strings.Contains(body, field) {
					t.Errorf("the form lacks %s", field)
				}
			}
		})

		t.Run("ResultsOnly", func(t *testing.T) {
			w := b.do(t, http.MethodGet, query+"&part=results", nil)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			if w.Header().Get("X-TED-Part") != "results" || strings.Contains(body, "<html") ||
				strings.Contains(body, "<form") || !strings.Contains(body, `data-query="`) {
				t.Fatalf("the part is not the results alone: %.300s", body)
			}
			if got := factValue(t, body, "Cost a year"); got != dashboards.Dollars(api.TotalCost) {
				t.Errorf("cost %s", got)
			}
			if strings.Contains(body, "part=results") {
				t.Error("the CSV links keep part=results")
			}
		})

		t.Run("Remove", func(t *testing.T) {
			w := b.do(t, http.MethodGet, query+"&remove=2", nil)
			wantStatus(t, w, http.StatusOK)
			want := api.Options[0].Cost + api.Options[2].Cost
			if got := factValue(t, w.Body.String(), "Cost a year"); got != dashboards.Dollars(want) {
				t.Errorf("without option 2 the cost is %s, want %v", got, want)
			}
		})

		t.Run("ErrProblemKeepsForm", func(t *testing.T) {
			w := b.do(t, http.MethodGet, page+"&o1.kind=raise&o1.amount=&o2.kind=step_freeze", nil)
			wantStatus(t, w, http.StatusBadRequest)
			body := w.Body.String()
			if !strings.Contains(body, "option 1: give the dollars a teacher") ||
				!strings.Contains(body, `<option value="raise" selected>`) ||
				!strings.Contains(body, "Save</button>") ||
				!strings.Contains(body, "disabled>Save</button>") {
				t.Errorf("the page does not show the problem beside the form: %s", body)
			}
			w = b.do(t, http.MethodGet, tradeoffsPath+"?year=2019", nil)
			wantStatus(t, w, http.StatusNotFound)
			if !strings.Contains(w.Body.String(), "2019 has not been computed") {
				t.Error("the page does not say the year is not computed")
			}
		})

		t.Run("SaveOpenDelete", func(t *testing.T) {
			q := strings.SplitN(query, "?", 2)[1]
			form := url.Values{"scenario": {q}, "name": {"Raise & <bonus>"}}
			wantStatus(t, b.do(t, http.MethodPost, tradeoffsPath, form), http.StatusForbidden)

			form.Set("csrf_token", sess.CSRFToken)
			w := b.do(t, http.MethodPost, tradeoffsPath, form)
			wantStatus(t, w, http.StatusSeeOther)
			link := w.Header().Get("Location")
			id, ok := strings.CutPrefix(link, tradeoffsPath+"/")
			if !ok {
				t.Fatalf("saved, then sent to %q", link)
			}

			// The link opens it with its options and its name.
			w = b.do(t, http.MethodGet, link, nil)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			if !strings.Contains(body, "Raise &amp; &lt;bonus&gt;") ||
				factValue(t, body, "Cost a year") != dashboards.Dollars(api.TotalCost) ||
				!strings.Contains(body, `action="/dashboards/tradeoffs/`+id+`/delete"`) {
				t.Fatal("the saved scenario's page does not show it")
			}
			// The API holds it as saved.
			w = f.request(t, asAdmin, http.MethodGet, "/api/v1/scenarios/"+id, nil)
			wantStatus(t, w, http.StatusOK)
			sv := decode[savedScenario](t, w)
			if sv.Name != "Raise & <bonus>" || len(sv.Request.Options) != 3 ||
				sv.Result.TotalCost != api.TotalCost {
				t.Fatalf("saved %+v", sv)
			}
			// The comparison sets it beside this scenario, leading to it.
			rows := pageCSV(t, b, tradeoffsPath, "compare")
			if len(rows) != 3 || rows[1][0] != "This scenario" || rows[2][0] != sv.Name ||
				rows[2][1] != "district_leader@district.example.org" ||
				rows[2][5] != dashboards.Dollars(api.TotalCost) {
				t.Fatalf("compared %v", rows)
			}
			chart := pageChart(t, b.do(t, http.MethodGet, tradeoffsPath, nil).Body.String(),
				"compare")
			data, _ := json.Marshal(chart["series"])
			if !strings.Contains(string(data), `"link":"`+link+`"`) {
				t.Errorf("the comparison chart does not lead to %s", link)
			}

			// Others may open it; only a writer may delete it.
			wantStatus(t, pageAs(t, f, asAdmin).do(t, http.MethodGet, link, nil), http.StatusOK)
			del := link + "/delete"
			wantStatus(t, b.do(t, http.MethodPost, del, url.Values{}), http.StatusForbidden)
			w = b.do(t, http.MethodPost, del, url.Values{"csrf_token": {sess.CSRFToken}})
			wantStatus(t, w, http.StatusSeeOther)
			if w.Header().Get("Location") != tradeoffsPath {
				t.Errorf("deleted, then sent to %q", w.Header().Get("Location"))
			}
			wantStatus(t, b.do(t, http.MethodGet, link, nil), http.StatusNotFound)
			wantStatus(t, b.do(t, http.MethodPost, del,
				url.Values{"csrf_token": {sess.CSRFToken}}), http.StatusNotFound)
		})

		t.Run("ErrOthersMayNotSaveOrDelete", func(t *testing.T) {
			saved, err := db.SaveScenario(t.Context(), models.Scenario{
				UserID: f.users[asDistrictLeader], Name: "Kept", SchoolYear: f.year,
				Request: `{"options":[{"kind":"step_freeze"}]}`})
			if err != nil {
				t.Fatal(err)
			}
			for _, as := range []string{asHRLeader, asPrincipal, asTeacher, asNobody} {
				o := pageAs(t, f, as)
				osess, _, err := db.SessionUser(t.Context(), o.cookies[sessionCookie].Value,
					sessionIdle)
				if err != nil {
					t.Fatal(err)
				}
				form := url.Values{"csrf_token": {osess.CSRFToken}, "name": {"Mine"},
					"scenario": {"o1.kind=step_freeze"}}
				wantStatus(t, o.do(t, http.MethodPost, tradeoffsPath, form),
					http.StatusForbidden)
				wantStatus(t, o.do(t, http.MethodPost, tradeoffsPath+"/"+saved.ScenarioID+
					"/delete", url.Values{"csrf_token": {osess.CSRFToken}}), http.StatusForbidden)
				wantStatus(t, o.do(t, http.MethodGet, tradeoffsPath+"/"+saved.ScenarioID, nil),
					http.StatusForbidden)
			}
			if _, err := db.ScenarioByID(t.Context(), saved.ScenarioID); err != nil {
				t.Fatalf("the scenario is gone: %v", err)
			}
			list, n, err := db.Scenarios(t.Context(), models.Page{Limit: 10}, "")
			if err != nil || n != 1 || len(list) != 1 {
				t.Fatalf("%d scenarios: %v", n, err)
			}
			// Signed out, saving goes to sign in and saves nothing.
			w := newBrowser(f).do(t, http.MethodPost, tradeoffsPath,
				url.Values{"name": {"x"}, "scenario": {"o1.kind=step_freeze"}})
			if w.Code != http.StatusSeeOther ||
				!strings.HasPrefix(w.Header().Get("Location"), "/login") {
				t.Errorf("signed out, saving answered %d %v", w.Code, w.Header())
			}
			if err := db.DeleteScenario(t.Context(), saved.ScenarioID); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("ErrDeleteOthers", func(t *testing.T) {
			// A leader opens a colleague's scenario but may not delete it;
			// an admin may.
			saved, err := db.SaveScenario(t.Context(), models.Scenario{
				UserID: f.users[asAdmin], Name: "The admin's", SchoolYear: f.year,
				Request: `{"options":[{"kind":"step_freeze"}]}`})
			if err != nil {
				t.Fatal(err)
			}
			link := tradeoffsPath + "/" + saved.ScenarioID
			body := b.do(t, http.MethodGet, link, nil).Body.String()
			if !strings.Contains(body, "The admin&#39;s") || strings.Contains(body, "/delete") {
				t.Error("a leader is offered to delete another's scenario")
			}
			w := b.do(t, http.MethodPost, link+"/delete",
				url.Values{"csrf_token": {sess.CSRFToken}})
			wantStatus(t, w, http.StatusForbidden)
			if !strings.Contains(w.Body.String(), "only whoever saved a scenario") {
				t.Error("the refusal does not say why")
			}
			admin := pageAs(t, f, asAdmin)
			asess, _, err := db.SessionUser(t.Context(), admin.cookies[sessionCookie].Value,
				sessionIdle)
			if err != nil {
				t.Fatal(err)
			}
			w = admin.do(t, http.MethodPost, link+"/delete",
				url.Values{"csrf_token": {asess.CSRFToken}})
			wantStatus(t, w, http.StatusSeeOther)
			if _, err := db.ScenarioByID(t.Context(), saved.ScenarioID); err == nil {
				t.Fatal("the admin's delete left the scenario")
			}
		})

		t.Run("ErrSaveWithoutName", func(t *testing.T) {
			w := b.do(t, http.MethodPost, tradeoffsPath, url.Values{"scenario": {"o1.kind=step_freeze"},
				"name": {"  "}, "csrf_token": {sess.CSRFToken}})
			wantStatus(t, w, http.StatusBadRequest)
			list, n, err := db.Scenarios(t.Context(), models.Page{Limit: 10}, "")
			if err != nil || n != 0 || len(list) != 0 {
				t.Fatalf("%d scenarios saved: %v", n, err)
			}
		})
	})
}

func mustQuery(t *testing.T, path string) url.Values {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
