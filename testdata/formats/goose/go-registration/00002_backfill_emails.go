package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// Runs outside a transaction: batches commit one by one.
func init() {
	goose.AddMigrationNoTxContext(upBackfill, downBackfill)
}

func upBackfill(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "UPDATE accounts SET email = lower(email)")
	return err
}

func downBackfill(ctx context.Context, db *sql.DB) error { return nil }
