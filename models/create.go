package models

import "context"

// Create inserts one row and reports a duplicate natural key as a conflict,
// a missing referenced row or a broken rule as invalid. what names the row
// for the message, as in "staff member 1042".
func Create[T any](ctx context.Context, db *DB, row *T, what string) error {
	return Error(db.Gorm(ctx).Create(row).Error, what)
}
