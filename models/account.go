package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ted-dashboard/ted"
)

// User is an account of a person or system that uses TED. What the user
// may see is given by their roles, kept with the authorization policies.
type User struct {
	UserID       string `gorm:"primaryKey"`
	Email        string
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

// TableName names the table of users.
func (User) TableName() string { return "users" }

// Session is a person signed in to the dashboards. It is found by the
// SHA-256 of the token in their cookie.
type Session struct {
	TokenHash  string `gorm:"primaryKey"`
	UserID     string
	CSRFToken  string `gorm:"column:csrf_token"`
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// TableName names the table of sessions.
func (Session) TableName() string { return "sessions" }

// APIToken lets another system call the API as a user until it is revoked.
// Only the SHA-256 of the token is stored: it is shown once, when made.
type APIToken struct {
	TokenID    string `gorm:"primaryKey"`
	UserID     string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TableName names the table of API tokens.
func (APIToken) TableName() string { return "api_tokens" }

// Token kinds, the start of every token TED hands out, so a token found in
// a log or a file says what it is.
const (
	sessionPrefix = "teds_"
	apiPrefix     = "tedt_"
)

// newToken returns a new random token with a prefix, and its hash.
func newToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a token: its SHA-256 in hex. Tokens are
// 256 random bits, so a fast hash keeps them as safe as a slow one would.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newID returns a random identifier of 16 hex digits.
func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// NormalizeEmail is the form an email is stored and looked up in.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// validEmail is a light check: something, an @, something with a dot.
func validEmail(email string) bool {
	local, domain, ok := strings.Cut(email, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(
		email, " \t\r\n,;<>") && len(email) <= 254
}

// CreateUser adds an account with a password (hashed with argon2id; empty
// for an account that signs in only by API token). An email already in use
// is a conflict.
func (db *DB) CreateUser(ctx context.Context, email, password string) (User, error) {
	email = NormalizeEmail(email)
	if !validEmail(email) {
		return User{}, ted.Errorf(ted.CodeInvalid, "%q is not an email address", email)
	}
	u := User{UserID: newID(), Email: email, CreatedAt: time.Now().UTC()}
	if password != "" {
		if err := CheckPasswordStrength(password); err != nil {
			return User{}, err
		}
		u.PasswordHash = HashPassword(password)
	}
	if err := Create(ctx, db, &u, "user "+email); err != nil {
		return User{}, err
	}
	return u, nil
}

// UserByEmail finds an account by its email.
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	var u User
	err := db.Gorm(ctx).Where("email = ?", NormalizeEmail(email)).First(&u).Error
	return u, Error(err, "user "+NormalizeEmail(email))
}

// UserByID finds an account by its id.
func (db *DB) UserByID(ctx context.Context, id string) (User, error) {
	var u User
	err := db.Gorm(ctx).Where("user_id = ?", id).First(&u).Error
	return u, Error(err, "user "+id)
}

// Users lists every account by email.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	var users []User
	err := db.Gorm(ctx).Order("email").Find(&users).Error
	return users, Error(err, "users")
}

// SetDisabled disables or enables an account. Disabling also ends the
// account's sessions; its API tokens stop working while it is disabled.
func (db *DB) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	err := db.Gorm(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("user_id = ?", userID).Update("disabled", disabled)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		if disabled {
			return tx.Where("user_id = ?", userID).Delete(&Session{}).Error
		}
		return nil
	})
	return Error(err, "user "+userID)
}

// SetPassword replaces an account's password and ends its sessions.
func (db *DB) SetPassword(ctx context.Context, userID, password string) error {
	if err := CheckPasswordStrength(password); err != nil {
		return err
	}
	err := db.Gorm(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("user_id = ?", userID).
			Update("password_hash", HashPassword(password))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		return tx.Where("user_id = ?", userID).Delete(&Session{}).Error
	})
	return Error(err, "user "+userID)
}

// CreateSession signs a user in until ttl has passed, and returns the
// session's token, which is not stored.
func (db *DB) CreateSession(ctx context.Context, userID string, ttl time.Duration) (
	string, Session, error) {
	token, hash := newToken(sessionPrefix)
	csrf, _ := newToken("")
	now := time.Now().UTC()
	s := Session{TokenHash: hash, UserID: userID, CSRFToken: csrf, CreatedAt: now,
		LastSeenAt: now, ExpiresAt: now.Add(ttl)}
	if err := Create(ctx, db, &s, "session"); err != nil {
		return "", Session{}, err
	}

	// Each sign-in clears away the sessions that have ended.
	err := db.Gorm(ctx).Where("expires_at < ?", now).Delete(&Session{}).Error
	if err != nil {
		return "", Session{}, Error(err, "sessions")
	}
	return token, s, nil
}

// ErrBadToken is the answer to a token that is unknown, expired, revoked,
// or of a disabled account: the caller is not told which.
var ErrBadToken = ted.Errorf(ted.CodeUnauthorized, "sign in again: the session or token "+
	"is not valid")

// SessionUser finds the session of a token and its user, if the session
// is current and the user enabled. A session unused for longer than idle
// has ended.
func (db *DB) SessionUser(ctx context.Context, token string, idle time.Duration) (
	Session, User, error) {
	if !strings.HasPrefix(token, sessionPrefix) {
		return Session{}, User{}, ErrBadToken
	}
	var s Session
	err := db.Gorm(ctx).Where("token_hash = ?", HashToken(token)).First(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Session{}, User{}, ErrBadToken
	}
	if err != nil {
		return Session{}, User{}, Error(err, "session")
	}
	now := time.Now().UTC()
	if now.After(s.ExpiresAt) || now.Sub(s.LastSeenAt) > idle {
		return Session{}, User{}, ErrBadToken
	}
	u, err := db.enabledUser(ctx, s.UserID)
	if err != nil {
		return Session{}, User{}, err
	}

	// Note the use, at most once a minute, so idle sessions end.
	if now.Sub(s.LastSeenAt) > time.Minute {
		s.LastSeenAt = now
		err := db.serialWrite(func() error {
			return db.Gorm(ctx).Model(&Session{}).Where("token_hash = ?", s.TokenHash).
				Update("last_seen_at", now).Error
		})
		if err != nil {
			return Session{}, User{}, Error(err, "session")
		}
	}
	return s, u, nil
}

// enabledUser finds the account a session or token belongs to. An account
// gone or disabled makes the credentials bad; a database that cannot
// answer is an error of its own, so an outage does not sign people out.
func (db *DB) enabledUser(ctx context.Context, id string) (User, error) {
	u, err := db.UserByID(ctx, id)
	switch {
	case ted.ErrorCode(err) == ted.CodeNotFound:
		return User{}, ErrBadToken
	case err != nil:
		return User{}, err
	case u.Disabled:
		return User{}, ErrBadToken
	}
	return u, nil
}

// DeleteSession signs out the session of a token.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	err := db.Gorm(ctx).Where("token_hash = ?", HashToken(token)).Delete(&Session{}).Error
	return Error(err, "session")
}

// CreateAPIToken makes a new API token for a user and returns it; only its
// hash is kept.
func (db *DB) CreateAPIToken(ctx context.Context, userID string) (string, APIToken, error) {
	token, hash := newToken(apiPrefix)
	t := APIToken{TokenID: newID(), UserID: userID, TokenHash: hash,
		CreatedAt: time.Now().UTC()}
	if err := Create(ctx, db, &t, "token of user "+userID); err != nil {
		return "", APIToken{}, err
	}
	return token, t, nil
}

// APITokenUser finds the token and its user, if the token is not revoked
// and the user enabled, and notes when it was last used.
func (db *DB) APITokenUser(ctx context.Context, token string) (APIToken, User, error) {
	if !strings.HasPrefix(token, apiPrefix) {
		return APIToken{}, User{}, ErrBadToken
	}
	var t APIToken
	err := db.Gorm(ctx).Where("token_hash = ?", HashToken(token)).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return APIToken{}, User{}, ErrBadToken
	}
	if err != nil {
		return APIToken{}, User{}, Error(err, "token")
	}
	if t.RevokedAt != nil {
		return APIToken{}, User{}, ErrBadToken
	}
	u, err := db.enabledUser(ctx, t.UserID)
	if err != nil {
		return APIToken{}, User{}, err
	}
	now := time.Now().UTC()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		t.LastUsedAt = &now
		err := db.serialWrite(func() error {
			return db.Gorm(ctx).Model(&APIToken{}).Where("token_id = ?", t.TokenID).
				Update("last_used_at", now).Error
		})
		if err != nil {
			return APIToken{}, User{}, Error(err, "token")
		}
	}
	return t, u, nil
}

// APITokens lists a user's tokens, newest first.
func (db *DB) APITokens(ctx context.Context, userID string) ([]APIToken, error) {
	var list []APIToken
	err := db.Gorm(ctx).Where("user_id = ?", userID).Order("created_at DESC, token_id").
		Find(&list).Error
	return list, Error(err, "tokens")
}

// RevokeAPIToken stops a token from working, for good.
func (db *DB) RevokeAPIToken(ctx context.Context, tokenID string) (APIToken, error) {
	var t APIToken
	err := db.Gorm(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("token_id = ?", tokenID).First(&t).Error; err != nil {
			return err
		}
		if t.RevokedAt != nil {
			return nil
		}
		now := time.Now().UTC()
		t.RevokedAt = &now
		return tx.Model(&APIToken{}).Where("token_id = ?", tokenID).
			Update("revoked_at", now).Error
	})
	return t, Error(err, fmt.Sprintf("token %s", tokenID))
}
