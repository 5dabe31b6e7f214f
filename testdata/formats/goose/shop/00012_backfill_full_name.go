package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upBackfillFullName, downBackfillFullName)
}

func upBackfillFullName(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE customers SET full_name = btrim(full_name)")
	return err
}

func downBackfillFullName(ctx context.Context, tx *sql.Tx) error {
	return nil
}
