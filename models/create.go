package models

import (
	"context"

	"gorm.io/gorm"
)

// Create inserts one row and reports a duplicate natural key as a conflict,
// a missing referenced row or a broken rule as invalid. what names the row
// for the message, as in "staff member 1042".
//
// A row may carry rows of its own, as an import carries its files. They are
// inserted in the same transaction, so a failure leaves none of them behind.
func Create[T any](ctx context.Context, db *DB, row *T, what string) error {
	err := db.Gorm(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Create(row).Error
	})
	return Error(err, what)
}
