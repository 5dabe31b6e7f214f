"""merge customers.phone and order_totals

Revision ID: 73f5e86801a0
Revises: 05178c99b472, 596b0eefab50
Create Date: 2024-01-05 09:00:00.000000

"""
from alembic import op

revision = "73f5e86801a0"
down_revision = ("05178c99b472", "596b0eefab50")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "COMMENT ON VIEW order_totals IS "
        "'one row per order: item count and total in cents'"
    )


def downgrade() -> None:
    op.execute("COMMENT ON VIEW order_totals IS NULL")
