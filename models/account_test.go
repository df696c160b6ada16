package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ted-dashboard/ted"
	"github.com/ted-dashboard/ted/models"
	"github.com/ted-dashboard/ted/models/modeltest"
)

// testPassword is long enough for CheckPasswordStrength.
const testPassword = "a long enough passphrase"

// mustUser adds an account with testPassword.
func mustUser(t *testing.T, db *models.DB, email string) models.User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), email, testPassword)
	if err != nil {
		t.Fatalf("adding %s: %v", email, err)
	}
	return u
}

// mustSession signs a user in for an hour and returns the session's token.
func mustSession(t *testing.T, db *models.DB, userID string) string {
	t.Helper()
	token, _, err := db.CreateSession(context.Background(), userID, time.Hour)
	if err != nil {
		t.Fatalf("signing in: %v", err)
	}
	return token
}

// mustAPIToken makes an API token for a user.
func mustAPIToken(t *testing.T, db *models.DB, userID string) (string, models.APIToken) {
	t.Helper()
	token, row, err := db.CreateAPIToken(context.Background(), userID)
	if err != nil {
		t.Fatalf("making a token: %v", err)
	}
	return token, row
}

// wantCode fails the test unless err has the code.
func wantCode(t *testing.T, err error, code ted.Code) {
	t.Helper()
	if got := ted.ErrorCode(err); got != code {
		t.Fatalf("err = %v (code %q), want code %q", err, got, code)
	}
}

// wantBadToken fails the test unless err is ErrBadToken.
func wantBadToken(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, models.ErrBadToken) {
		t.Fatalf("err = %v, want ErrBadToken", err)
	}
}

// rowValues returns every column of the row of table where column is
// value, as text.
func rowValues(t *testing.T, db *models.DB, table, column, value string) []string {
	t.Helper()
	var row map[string]any
	err := db.Gorm(context.Background()).Table(table).Where(column+" = ?", value).
		Take(&row).Error
	if err != nil {
		t.Fatalf("reading %s: %v", table, err)
	}
	var values []string
	for _, v := range row {
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		if s, ok := v.(string); ok {
			values = append(values, s)
		}
	}
	return values
}

func TestDB_CreateUser(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "  Ana.Lopez@District.Example ")

		t.Run("NormalizesEmail", func(t *testing.T) {
			if u.Email != "ana.lopez@district.example" {
				t.Fatalf("email stored as %q", u.Email)
			}
			got, err := db.UserByEmail(ctx, "ANA.LOPEZ@district.example")
			if err != nil || got.UserID != u.UserID {
				t.Fatalf("UserByEmail = %+v, %v", got, err)
			}
			if !models.CheckPasswordOf(&got, testPassword) {
				t.Fatal("the password does not check")
			}
		})

		for _, c := range []struct {
			name, email, password string
			code                  ted.Code
		}{
			{"ErrDuplicate", "ana.lopez@DISTRICT.example", "", ted.CodeConflict},
			{"ErrNoAt", "ana.district.example", "", ted.CodeInvalid},
			{"ErrNoDomainDot", "ana@district", "", ted.CodeInvalid},
			{"ErrSpace", "ana lopez@district.example", "", ted.CodeInvalid},
			{"ErrEmpty", "", "", ted.CodeInvalid},
			{"ErrShortPassword", "ben@district.example", "short", ted.CodeInvalid},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := db.CreateUser(ctx, c.email, c.password)
				wantCode(t, err, c.code)
			})
		}

		t.Run("WithoutPassword", func(t *testing.T) {
			u, err := db.CreateUser(ctx, "system@district.example", "")
			if err != nil || u.PasswordHash != "" {
				t.Fatalf("CreateUser = %+v, %v", u, err)
			}
			if models.CheckPasswordOf(&u, "") {
				t.Fatal("an account without a password accepts the empty one")
			}
		})

		t.Run("ErrUserNotFound", func(t *testing.T) {
			_, err := db.UserByEmail(ctx, "nobody@district.example")
			wantCode(t, err, ted.CodeNotFound)
			_, err = db.UserByID(ctx, "0000")
			wantCode(t, err, ted.CodeNotFound)
		})
	})
}

func TestDB_APIToken(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "api@district.example")
		token, row := mustAPIToken(t, db, u.UserID)

		t.Run("StoresHashOnly", func(t *testing.T) {
			if !strings.HasPrefix(token, "tedt_") || row.TokenHash != models.HashToken(token) {
				t.Fatalf("token %q has hash %q", token[:5], row.TokenHash)
			}
			values := rowValues(t, db, "api_tokens", "token_id", row.TokenID)
			secret := strings.TrimPrefix(token, "tedt_")
			found := false
			for _, v := range values {
				if strings.Contains(v, secret) {
					t.Fatal("the token is stored in its row")
				}
				found = found || v == models.HashToken(token)
			}
			if !found {
				t.Fatalf("no column of the row holds HashToken(token): %v", values)
			}
		})

		t.Run("Accepted", func(t *testing.T) {
			got, user, err := db.APITokenUser(ctx, token)
			if err != nil || user.UserID != u.UserID || got.TokenID != row.TokenID {
				t.Fatalf("APITokenUser = %+v, %+v, %v", got, user, err)
			}
			if got.LastUsedAt == nil {
				t.Fatal("the use was not noted")
			}
		})

		for _, c := range []struct{ name, token string }{
			{"ErrUnknown", "tedt_" + strings.Repeat("A", 43)},
			{"ErrNoPrefix", strings.TrimPrefix(token, "tedt_")},
			{"ErrSessionPrefix", "teds_" + strings.TrimPrefix(token, "tedt_")},
			{"ErrEmpty", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := db.APITokenUser(ctx, c.token)
				wantBadToken(t, err)
			})
		}

		t.Run("Revoke", func(t *testing.T) {
			revoked, err := db.RevokeAPIToken(ctx, row.TokenID)
			if err != nil || revoked.RevokedAt == nil {
				t.Fatalf("RevokeAPIToken = %+v, %v", revoked, err)
			}
			_, _, err = db.APITokenUser(ctx, token)
			wantBadToken(t, err)

			again, err := db.RevokeAPIToken(ctx, row.TokenID)
			if err != nil || again.RevokedAt == nil ||
				again.RevokedAt.Sub(*revoked.RevokedAt).Abs() > time.Millisecond {
				t.Fatalf("revoking again = %v, %v; want the first time, %v", again.RevokedAt,
					err, revoked.RevokedAt)
			}
			list, err := db.APITokens(ctx, u.UserID)
			if err != nil || len(list) != 1 || list[0].RevokedAt == nil {
				t.Fatalf("APITokens = %+v, %v", list, err)
			}
		})

		t.Run("ErrRevokeUnknown", func(t *testing.T) {
			_, err := db.RevokeAPIToken(ctx, "0000")
			wantCode(t, err, ted.CodeNotFound)
		})

		t.Run("OtherTokensStillWork", func(t *testing.T) {
			other, _ := mustAPIToken(t, db, u.UserID)
			if _, _, err := db.APITokenUser(ctx, other); err != nil {
				t.Fatalf("a token not revoked: %v", err)
			}
		})
	})
}

func TestDB_SetDisabled(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "hr@district.example")
		session := mustSession(t, db, u.UserID)
		token, _ := mustAPIToken(t, db, u.UserID)

		t.Run("Disable", func(t *testing.T) {
			if err := db.SetDisabled(ctx, u.UserID, true); err != nil {
				t.Fatal(err)
			}
			_, _, err := db.APITokenUser(ctx, token)
			wantBadToken(t, err)
			_, _, err = db.SessionUser(ctx, session, time.Hour)
			wantBadToken(t, err)
			var n int64
			db.Gorm(ctx).Model(&models.Session{}).Where("user_id = ?", u.UserID).Count(&n)
			if n != 0 {
				t.Fatalf("%d sessions left after disabling", n)
			}
		})

		t.Run("ErrNewSessionRefused", func(t *testing.T) {
			_, _, err := db.SessionUser(ctx, mustSession(t, db, u.UserID), time.Hour)
			wantBadToken(t, err)
		})

		t.Run("Enable", func(t *testing.T) {
			if err := db.SetDisabled(ctx, u.UserID, false); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.APITokenUser(ctx, token); err != nil {
				t.Fatalf("token after enabling: %v", err)
			}
			_, _, err := db.SessionUser(ctx, session, time.Hour)
			wantBadToken(t, err)
		})

		t.Run("ErrUnknownUser", func(t *testing.T) {
			wantCode(t, db.SetDisabled(ctx, "0000", true), ted.CodeNotFound)
		})
	})
}

// moveSession sets a time column of the session of a token.
func moveSession(t *testing.T, db *models.DB, token, column string, at time.Time) {
	t.Helper()
	err := db.Gorm(context.Background()).Model(&models.Session{}).
		Where("token_hash = ?", models.HashToken(token)).Update(column, at.UTC()).Error
	if err != nil {
		t.Fatalf("moving %s: %v", column, err)
	}
}

func TestDB_SessionUser(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "dee@district.example")
		apiToken, _ := mustAPIToken(t, db, u.UserID)
		now := time.Now().UTC()

		t.Run("StoresHashOnly", func(t *testing.T) {
			token, s, err := db.CreateSession(ctx, u.UserID, time.Hour)
			if err != nil || s.TokenHash != models.HashToken(token) {
				t.Fatalf("CreateSession = %+v, %v", s, err)
			}
			for _, v := range rowValues(t, db, "sessions", "token_hash", s.TokenHash) {
				if strings.Contains(v, strings.TrimPrefix(token, "teds_")) {
					t.Fatal("the token is stored in its row")
				}
			}
		})

		for _, c := range []struct {
			name   string
			column string
			at     time.Time
			ok     bool
		}{
			{"Current", "", time.Time{}, true},
			{"SeenWithinIdle", "last_seen_at", now.Add(-50 * time.Minute), true},
			{"ErrExpired", "expires_at", now.Add(-time.Minute), false},
			{"ErrIdle", "last_seen_at", now.Add(-61 * time.Minute), false},
		} {
			t.Run(c.name, func(t *testing.T) {
				token := mustSession(t, db, u.UserID)
				if c.column != "" {
					moveSession(t, db, token, c.column, c.at)
				}
				s, got, err := db.SessionUser(ctx, token, time.Hour)
				if !c.ok {
					wantBadToken(t, err)
					return
				}
				if err != nil || got.UserID != u.UserID {
					t.Fatalf("SessionUser = %+v, %v", got, err)
				}
				if time.Since(s.LastSeenAt) > time.Minute {
					t.Fatalf("the use was not noted: last seen %v", s.LastSeenAt)
				}
			})
		}

		t.Run("ErrSignedOut", func(t *testing.T) {
			token := mustSession(t, db, u.UserID)
			if err := db.DeleteSession(ctx, token); err != nil {
				t.Fatal(err)
			}
			_, _, err := db.SessionUser(ctx, token, time.Hour)
			wantBadToken(t, err)
		})

		t.Run("ErrAPIToken", func(t *testing.T) {
			_, _, err := db.SessionUser(ctx, apiToken, time.Hour)
			wantBadToken(t, err)
		})
	})
}

func TestDB_SetPassword(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "cara@district.example")
		session := mustSession(t, db, u.UserID)

		const next = "another long passphrase"
		if err := db.SetPassword(ctx, u.UserID, next); err != nil {
			t.Fatal(err)
		}
		got, err := db.UserByID(ctx, u.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if !models.CheckPasswordOf(&got, next) || models.CheckPasswordOf(&got, testPassword) {
			t.Fatal("the new password does not check, or the old one still does")
		}
		_, _, err = db.SessionUser(ctx, session, time.Hour)
		wantBadToken(t, err)

		t.Run("ErrShort", func(t *testing.T) {
			wantCode(t, db.SetPassword(ctx, u.UserID, "short"), ted.CodeInvalid)
		})
		t.Run("ErrUnknownUser", func(t *testing.T) {
			wantCode(t, db.SetPassword(ctx, "0000", next), ted.CodeNotFound)
		})
	})
}

func TestCheckPassword(t *testing.T) {
	hash := models.HashPassword(testPassword)
	parts := strings.Split(hash, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for _, c := range []struct {
		name, hash, password string
		want                 bool
	}{
		{"Right", hash, testPassword, true},
		{"Wrong", hash, testPassword + "!", false},
		{"Empty", hash, "", false},
		{"ErrEmptyHash", "", testPassword, false},
		{"ErrNotPHC", "plain text", testPassword, false},
		{"ErrTooFewParts", strings.Join(parts[:5], "$"), testPassword, false},
		{"ErrOtherAlgorithm", with(1, "argon2i"), testPassword, false},
		{"ErrOtherVersion", with(2, "v=16"), testPassword, false},
		{"ErrBadParameters", with(3, "m=lots"), testPassword, false},
		{"ErrBadSalt", with(4, "not base64!"), testPassword, false},
		{"ErrBadKey", with(5, "not base64!"), testPassword, false},
		{"ErrEmptyKey", with(5, ""), testPassword, false},
		{"ErrOtherSalt", with(4, "c29tZSBvdGhlciBzYWx0"), testPassword, false},
		{"ErrNoRounds", with(3, "m=19456,t=0,p=1"), testPassword, false},
		{"ErrNoThreads", with(3, "m=19456,t=2,p=0"), testPassword, false},
		{"ErrHugeMemory", with(3, "m=4294967295,t=2,p=1"), testPassword, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := models.CheckPassword(c.hash, c.password); got != c.want {
				t.Fatalf("CheckPassword = %v, want %v", got, c.want)
			}
		})
	}
}

func TestHashPassword_Salted(t *testing.T) {
	a, b := models.HashPassword(testPassword), models.HashPassword(testPassword)
	if a == b {
		t.Fatal("the same password hashed twice gives the same hash")
	}
	if !strings.HasPrefix(a, "$argon2id$") || strings.Contains(a, testPassword) {
		t.Fatalf("hash %q is not argon2id in PHC form", a)
	}
	if !models.CheckPassword(a, testPassword) || !models.CheckPassword(b, testPassword) {
		t.Fatal("a hash does not check its password")
	}
}

func TestCheckPasswordOf(t *testing.T) {
	for _, c := range []struct {
		name string
		user *models.User
		want bool
	}{
		{"Right", &models.User{PasswordHash: models.HashPassword(testPassword)}, true},
		{"ErrNoUser", nil, false},
		{"ErrNoPassword", &models.User{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := models.CheckPasswordOf(c.user, testPassword); got != c.want {
				t.Fatalf("CheckPasswordOf = %v, want %v", got, c.want)
			}
		})
	}
}

func TestDB_CreateSession_ClearsEnded(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "ended@district.example")
		old, s, err := db.CreateSession(ctx, u.UserID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Gorm(ctx).Model(&models.Session{}).Where("token_hash = ?", s.TokenHash).
			Update("expires_at", time.Now().UTC().Add(-time.Second)).Error
		if err != nil {
			t.Fatal(err)
		}
		current, _, err := db.CreateSession(ctx, u.UserID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		var hashes []string
		db.Gorm(ctx).Model(&models.Session{}).Pluck("token_hash", &hashes)
		if len(hashes) != 1 || hashes[0] != models.HashToken(current) ||
			hashes[0] == models.HashToken(old) {
			t.Fatalf("sessions after a new sign-in: %v", hashes)
		}
	})
}
