package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/analytics/compute"
	"github.com/ted-dashboard/ted/ingest"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/policies"
	"github.com/ted-dashboard/ted/synth"
)

// loadClients is how many clients send requests at once, each over a
// connection it keeps open.
const loadClients = 8

// loadYear is the school year the load reads, the last one computed.
const loadYear = 2025

// loadRequest is one request of the load: who sends it, what for, and the
// route it counts under.
type loadRequest struct {
	token, path, route string
}

// loadResult is how long one request took, and of which route.
type loadResult struct {
	route string
	took  time.Duration
}

// BenchmarkAPI_Reads measures the latency of the API's main reads at
// atlanta scale under 8 concurrent clients: a principal, an HR leader and
// a teacher reading schools, their teachers, teachers' records, a district
// table and themselves, over every school and many teachers.
func BenchmarkAPI_Reads(b *testing.B) {
	ctx := context.Background()
	scale, err := synth.ParseScale("atlanta")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := synth.Generate(ctx, dir, synth.Options{Scale: scale, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	quiet := slog.New(slog.NewJSONHandler(io.Discard, nil))

	for _, dialect := range modeltest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			db := modeltest.Open(b, dialect)
			if _, err := ingest.Import(ctx, db, dir, ingest.Options{}); err != nil {
				b.Fatal(err)
			}
			if _, err := compute.Year(ctx, db, loadYear, compute.Options{}, quiet); err != nil {
				b.Fatal(err)
			}
			s, err := New(ctx, db, quiet)
			if err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(s.Handler())
			defer srv.Close()
			benchmarkReads(b, srv.URL, loadRequests(b, s, db))
		})
	}
}

// benchmarkReads sends the requests, in turn, from loadClients clients
// and reports the latency percentiles and the rate of requests.
func benchmarkReads(b *testing.B, base string, reqs []loadRequest) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	defer client.CloseIdleConnections()

	// A first round, not measured, opens the connections and warms the
	// caches.
	warm := make(chan loadRequest)
	done := runClients(b, client, base, warm)
	for _, r := range reqs[:min(len(reqs), 20*loadClients)] {
		warm <- r
	}
	close(warm)
	<-done

	// The measured round: the loop hands out requests as fast as the
	// clients take them.
	work := make(chan loadRequest)
	done = runClients(b, client, base, work)
	start := time.Now()
	n := 0
	for b.Loop() {
		work <- reqs[n%len(reqs)]
		n++
	}
	close(work)
	all := <-done
	elapsed := time.Since(start)
	if len(all) != n {
		b.Fatalf("%d requests answered, %d sent", len(all), n)
	}

	ms := func(rs []loadResult, q float64) float64 {
		return float64(percentile(rs, q)) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(all, 0.50), "p50-ms")
	b.ReportMetric(ms(all, 0.95), "p95-ms")
	b.ReportMetric(ms(all, 0.99), "p99-ms")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "req/s")
	for _, route := range routesOf(all) {
		rs := slices.DeleteFunc(slices.Clone(all), func(r loadResult) bool {
			return r.route != route
		})
		b.Logf("%-24s %5d requests  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms", route,
			len(rs), ms(rs, 0.50), ms(rs, 0.95), ms(rs, 0.99))
	}
}

// runClients starts loadClients clients sending the requests of work, and
// returns a channel that delivers the results once work is closed and
// every answer is in.
func runClients(b *testing.B, client *http.Client, base string,
	work <-chan loadRequest) <-chan []loadResult {
	results := make([][]loadResult, loadClients)
	var wg sync.WaitGroup
	for i := range loadClients {
		wg.Go(func() {
			for r := range work {
				results[i] = append(results[i], loadResult{r.route, send(b, client, base, r)})
			}
		})
	}
	done := make(chan []loadResult, 1)
	go func() {
		wg.Wait()
		done <- slices.Concat(results...)
	}()
	return done
}

// send makes one request and returns how long its whole answer took.
func send(b *testing.B, client *http.Client, base string, r loadRequest) time.Duration {
	req, err := http.NewRequest(http.MethodGet, base+r.path, nil)
	if err != nil {
		b.Error(err)
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return 0
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	took := time.Since(start)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Errorf("GET %s: status %d, %v", r.path, res.StatusCode, err)
	}
	return took
}

// percentile returns the duration below which a share q of the results
// fall, by the nearest rank.
func percentile(rs []loadResult, q float64) time.Duration {
	if len(rs) == 0 {
		return 0
	}
	d := make([]time.Duration, len(rs))
	for i, r := range rs {
		d[i] = r.took
	}
	slices.Sort(d)
	return d[min(len(d)-1, int(q*float64(len(d))))]
}

// routesOf lists the routes of the results, in order.
func routesOf(rs []loadResult) []string {
	var routes []string
	for _, r := range rs {
		if !slices.Contains(routes, r.route) {
			routes = append(routes, r.route)
		}
	}
	slices.Sort(routes)
	return routes
}

// loadRequests makes the users of the load, a principal, an HR leader and
// a teacher, and returns the mix of requests they send: each cycle of
// twelve asks about the next school and teachers spread over the
// district, so that the load ranges over all of it.
func loadRequests(b *testing.B, s *Server, db *models.DB) []loadRequest {
	const teachersOf = `SELECT DISTINCT staff_id FROM staff_assignments
		WHERE school_year = ? AND position = 'teacher' AND school_id LIKE ?
		ORDER BY staff_id`
	schools := loadIDs(b, db, `SELECT DISTINCT school_id FROM staff_assignments
		WHERE school_year = ? AND position = 'teacher' ORDER BY school_id`)
	teachers := loadIDs(b, db, teachersOf, "%")
	own := schools[0]
	ownTeachers := loadIDs(b, db, teachersOf, own)

	principal := loadUser(b, s, db, "principal",
		policies.Role{Role: policies.Principal, Domain: policies.SchoolDomain(own)})
	hr := loadUser(b, s, db, "hr",
		policies.Role{Role: policies.HRLeader, Domain: policies.District})
	self := ownTeachers[0]
	teacher := loadUser(b, s, db, "teacher",
		policies.Role{Role: policies.Teacher, Domain: policies.StaffDomain(self)})

	var reqs []loadRequest
	add := func(token, route, format string, args ...any) {
		reqs = append(reqs, loadRequest{token: token, route: route,
			path: fmt.Sprintf(format, args...)})
	}
	for i := range len(teachers) {
		school := schools[i%len(schools)]
		add(hr, "/schools", "/api/v1/schools")
		add(principal, "/schools", "/api/v1/schools")
		add(hr, "/schools/{id}", "/api/v1/schools/%s?year=%d", school, loadYear)
		add(principal, "/schools/{id}", "/api/v1/schools/%s?year=%d", own, loadYear)
		add(hr, "/schools/{id}/teachers", "/api/v1/schools/%s/teachers?year=%d&limit=100",
			school, loadYear)
		add(principal, "/schools/{id}/teachers",
			"/api/v1/schools/%s/teachers?year=%d&limit=100", own, loadYear)
		// A stride prime to the number of teachers visits each in turn.
		add(hr, "/teachers/{staff_id}", "/api/v1/teachers/%s",
			teachers[(i*7919)%len(teachers)])
		add(principal, "/teachers/{staff_id}", "/api/v1/teachers/%s",
			ownTeachers[i%len(ownTeachers)])
		add(teacher, "/teachers/{staff_id}", "/api/v1/teachers/%s", self)
		add(hr, "/district/retention", "/api/v1/district/retention?year=%d", loadYear)
		add(teacher, "/me", "/api/v1/me")
		add(principal, "/me", "/api/v1/me")
	}
	return reqs
}

// loadIDs reads a column of ids for the load year.
func loadIDs(b *testing.B, db *models.DB, query string, args ...any) []string {
	b.Helper()
	var ids []string
	args = append([]any{loadYear}, args...)
	if err := db.Gorm(context.Background()).Raw(query, args...).Scan(&ids).Error; err != nil {
		b.Fatal(err)
	}
	if len(ids) == 0 {
		b.Fatalf("no ids for %s", query)
	}
	return ids
}

// loadUser makes an account holding a role and returns its API token.
func loadUser(b *testing.B, s *Server, db *models.DB, name string, role policies.Role) string {
	b.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, name+"@district.example.org", "")
	if err != nil {
		b.Fatal(err)
	}
	if err := s.enforcer.Grant(u.UserID, role); err != nil {
		b.Fatal(err)
	}
	token, _, err := db.CreateAPIToken(ctx, u.UserID)
	if err != nil {
		b.Fatal(err)
	}
	return token
}
