"""the user's own COMMIT ends Alembic's transaction; a BEGIN starts another

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade():
    op.execute("COMMIT")
    op.create_index("ix_authors_name", "authors", ["name"], postgresql_concurrently=True)
    op.execute("BEGIN")
    op.add_column("authors", sa.Column("late", sa.Integer))


def downgrade():
    op.execute("COMMIT")
    op.drop_index("ix_authors_name", table_name="authors", postgresql_concurrently=True)
