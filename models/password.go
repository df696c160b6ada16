package models

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/ted-dashboard/ted"
)

// Argon2id parameters of new password hashes: OWASP's recommended minimum,
// about 20 ms a hash here. Stored hashes carry their own parameters, so
// these can rise without invalidating old ones.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// maxArgonMemory bounds the memory, in KiB, a stored hash may ask for.
const maxArgonMemory = 1 << 20

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// CheckPasswordStrength refuses a password too short to protect personnel
// data.
func CheckPasswordStrength(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return ted.Errorf(ted.CodeInvalid, "the password must have at least %d characters",
			MinPasswordLength)
	}
	if len(password) > 1024 {
		return ted.Errorf(ted.CodeInvalid, "the password must have at most 1024 bytes")
	}
	return nil
}

// HashPassword hashes a password with argon2id and a random salt, in the
// PHC string format.
func HashPassword(password string) string {
	salt := make([]byte, argonSaltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads,
		argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory,
		argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key))
}

// CheckPassword reports whether a password matches a hash of HashPassword,
// in time that does not depend on where they differ. An empty or malformed
// hash matches nothing.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil ||
		version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false
	}
	// Parameters no hash of TED's has would make the check fail outright
	// or take the server's memory.
	if time < 1 || time > 16 || threads < 1 || memory < 8*uint32(threads) ||
		memory > maxArgonMemory {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an account does not exist, so that a
// sign-in takes as long whether or not the email is known.
var dummyHash = sync.OnceValue(func() string { return HashPassword("no account has this") })

// CheckPasswordOf checks a password against an account's hash, or against
// a dummy hash when there is no account, taking the same time either way.
func CheckPasswordOf(u *User, password string) bool {
	if u == nil || u.PasswordHash == "" {
		CheckPassword(dummyHash(), password)
		return false
	}
	return CheckPassword(u.PasswordHash, password)
}
