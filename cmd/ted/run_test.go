package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/models/modeltest"
)

// syncBuffer is a bytes.Buffer that the server's goroutines and the test
// can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mustRun runs ted to completion and returns what it printed.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("ted %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func TestRun_Usage(t *testing.T) {
	t.Run("Help", func(t *testing.T) {
		out := mustRun(t, "help")
		for _, want := range []string{"serve", "demo", "migrate", "import", "compute",
			"export", "users", "generate", "config", "version", "TED_DATABASE_URL"} {
			if !strings.Contains(out, want) {
				t.Errorf("help does not mention %q:\n%s", want, out)
			}
		}
	})

	t.Run("HelpCommand", func(t *testing.T) {
		out := mustRun(t, "help", "migrate")
		if !strings.Contains(out, "ted migrate [flags] [up | status | down]") ||
			!strings.Contains(out, "--database-url") {
			t.Fatalf("help migrate:\n%s", out)
		}
	})

	t.Run("Version", func(t *testing.T) {
		out := mustRun(t, "version")
		if !strings.HasPrefix(out, "ted ") || !strings.Contains(out, "go1.") {
			t.Fatalf("version = %q", out)
		}
	})

	bad := [][]string{{}, {"bogus"}, {"compute", "x"}, {"migrate", "sideways"},
		{"serve", "--nope"}}
	for _, args := range bad {
		t.Run(fmt.Sprintf("ErrUsage%q", args), func(t *testing.T) {
			err := run(context.Background(), args, io.Discard, io.Discard)
			var usage usageError
			if !errors.As(err, &usage) {
				t.Fatalf("run(%q) = %v, want a usage error", args, err)
			}
		})
	}

	t.Run("ErrBadDatabaseURL", func(t *testing.T) {
		t.Setenv("TED_DATABASE_URL", "mysql://root@localhost/ted")
		err := run(context.Background(), []string{"migrate"}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "TED_DATABASE_URL") {
			t.Fatalf("err = %v, want one naming TED_DATABASE_URL", err)
		}
	})
}

func TestRun_Migrate(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		out := mustRun(t, "migrate", "--database-url", url)
		if !strings.Contains(out, "applied 00001 identifier_type") ||
			!strings.Contains(out, "applied 00002 schools_staff") {
			t.Fatalf("first migrate:\n%s", out)
		}
		if !strings.Contains(out, "applied 00012 computed_years") {
			t.Fatalf("first migrate did not reach the last migration:\n%s", out)
		}

		out = mustRun(t, "migrate", "up", "--database-url", url)
		if out != "schema is current at version 12\n" {
			t.Fatalf("second migrate changed something:\n%s", out)
		}

		out = mustRun(t, "migrate", "--database-url", url, "down")
		if !strings.HasPrefix(out, "rolled back 00012 computed_years") {
			t.Fatalf("down:\n%s", out)
		}

		out = mustRun(t, "migrate", "--database-url", url, "status")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 13 || !strings.HasPrefix(lines[0], "VERSION") {
			t.Fatalf("status:\n%s", out)
		}
		if !strings.Contains(lines[12], "computed_years") ||
			!strings.HasSuffix(lines[12], "pending") {
			t.Fatalf("status after down shows the last migration applied:\n%s", out)
		}
		if strings.Contains(lines[11], "pending") {
			t.Fatalf("status after down shows too much rolled back:\n%s", out)
		}
	})
}

func TestRun_Serve(t *testing.T) {
	modeltest.EachURL(t, func(t *testing.T, url string) {
		addr := freeAddr(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var logs syncBuffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--addr", addr, "--database-url", url,
				"--log-format", "json"}, io.Discard, &logs)
		}()
		base := "http://" + addr
		waitHealthy(t, base, done)

		t.Run("Healthz", func(t *testing.T) {
			st, body := get(t, base+"/healthz")
			if st != http.StatusOK || body["status"] != "ok" {
				t.Fatalf("healthz = %d %v", st, body)
			}
		})

		t.Run("Readyz", func(t *testing.T) {
			st, body := get(t, base+"/readyz")
			if st != http.StatusOK || body["status"] != "ready" ||
				body["schema_version"] != 12.0 {
				t.Fatalf("readyz = %d %v", st, body)
			}
		})

		t.Run("NotFound", func(t *testing.T) {
			st, body := get(t, base+"/no/such/page")
			e, _ := body["error"].(map[string]any)
			if st != http.StatusNotFound || e["code"] != "not_found" {
				t.Fatalf("unknown route = %d %v", st, body)
			}
		})

		t.Run("Metrics", func(t *testing.T) {
			resp, err := http.Get(base + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			text := string(b)
			for _, want := range []string{
				`ted_http_requests_total{method="GET",route="/healthz",status="200"}`,
				`ted_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
				`ted_http_request_duration_seconds_bucket{method="GET",route="/readyz",status="200",le=`,
				"go_goroutines ",
				"process_resident_memory_bytes ",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
		})

		t.Run("RequestLog", func(t *testing.T) {
			log := logs.String()
			if !strings.Contains(log, `"route":"/healthz","status":200`) {
				t.Fatalf("no request line for /healthz in:\n%s", log)
			}
			if !strings.Contains(log, `"level":"WARN","msg":"http request"`) {
				t.Fatalf("the 404 was not logged at warn:\n%s", log)
			}
			if strings.Contains(log, "/no/such/page") {
				t.Fatalf("the log shows a raw path:\n%s", log)
			}
		})

		t.Run("ReadyzWithPendingMigration", func(t *testing.T) {
			// Rolled back under the running server, the schema is no
			// longer current: not ready until it is migrated again.
			if err := run(ctx, []string{"migrate", "down", "--database-url", url}, io.Discard,
				io.Discard); err != nil {
				t.Fatal(err)
			}
			st, body := get(t, base+"/readyz")
			e, _ := body["error"].(map[string]any)
			if st != http.StatusServiceUnavailable || e["code"] != "unavailable" {
				t.Fatalf("readyz with a migration pending = %d %v", st, body)
			}
			if err := run(ctx, []string{"migrate", "--database-url", url}, io.Discard,
				io.Discard); err != nil {
				t.Fatal(err)
			}
			if st, body := get(t, base+"/readyz"); st != http.StatusOK {
				t.Fatalf("readyz after migrating again = %d %v", st, body)
			}
		})

		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v after shutdown", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop after its context ended")
		}
	})
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitHealthy polls /healthz until the server answers, failing if run
// returns first.
func waitHealthy(t *testing.T, base string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v", err)
		default:
		}
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server did not answer /healthz in time")
}

func get(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: body is not JSON: %v", url, err)
	}
	return resp.StatusCode, body
}

// runQuiet runs ted and discards what it prints.
func runQuiet(args ...string) error {
	return run(context.Background(), args, io.Discard, io.Discard)
}
