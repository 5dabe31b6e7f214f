package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// Was goose.AddMigrationNoTxContext until the rename had to be atomic:
//	goose.AddMigrationNoTxContext(upRename, downRename)
/* goose.AddNamedMigrationNoTx("00003_rename_legacy.go", upRename, downRename) */
func init() {
	goose.AddMigrationContext(upRename, downRename)
}

const hint = "see goose.AddMigrationNoTx for batches"

func upRename(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `-- goose.AddMigrationNoTx is not called here
ALTER TABLE accounts RENAME COLUMN email TO login`)
	return err
}

func downRename(ctx context.Context, tx *sql.Tx) error { return nil }
