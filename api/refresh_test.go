package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
	"github.com/ted-dashboard/ted/policies"
)

// TestServer_RefreshPolicies grants a role the way `ted users` does, from
// another enforcer on the same database, and waits for the server to see
// it.
func TestServer_RefreshPolicies(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		f := newFixture(t, db)
		path := "/api/v1/schools/" + f.otherSchool
		wantStatus(t, f.request(t, asNobody, http.MethodGet, path, nil), http.StatusForbidden)

		other, err := policies.New(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		err = other.Grant(f.users[asNobody], policies.Role{Role: policies.Principal,
			Domain: policies.SchoolDomain(f.otherSchool)})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go f.s.RefreshPolicies(ctx, 10*time.Millisecond)
		deadline := time.Now().Add(5 * time.Second)
		for f.request(t, asNobody, http.MethodGet, path, nil).Code != http.StatusOK {
			if time.Now().After(deadline) {
				t.Fatal("the server never saw the new role")
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}
