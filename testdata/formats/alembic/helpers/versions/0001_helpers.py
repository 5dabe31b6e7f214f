"""module-level helper functions called from upgrade()

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NOTE_LEN = 4 * 1024


def audit_columns():
    """created/updated columns shared by every table"""
    return (
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
    )


def create_touch_function() -> None:
    op.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$")


def create_authors():
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(10 * 16), nullable=False),
        sa.Column("bio", sa.String(NOTE_LEN + 1)),
        sa.Column("score", sa.Numeric(2 ** 3, 10 // 4)),
        *audit_columns(),
    )
    op.execute("CREATE TRIGGER authors_touch BEFORE UPDATE ON authors FOR EACH ROW EXECUTE FUNCTION touch()")
    return
    op.drop_table("authors")  # after return: never runs


def create_books():
    op.create_table("books", *audit_columns(), sa.Column("id", sa.Integer, primary_key=True), *(sa.Column("title", sa.Text),))


def upgrade():
    create_touch_function()
    create_authors()
    create_books()


def downgrade():
    op.drop_table("books")
    op.drop_table("authors")
    op.execute("DROP FUNCTION touch")
