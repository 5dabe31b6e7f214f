"""a second base, depended on by 0002

Revision ID: 0003
"""
from alembic import op

revision = "0003"
down_revision = None
branch_labels = "side"


def upgrade():
    op.execute("CREATE SCHEMA IF NOT EXISTS side")


def downgrade():
    op.execute("DROP SCHEMA side")
