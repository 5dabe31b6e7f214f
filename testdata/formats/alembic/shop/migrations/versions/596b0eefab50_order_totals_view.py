"""view of order totals

Revision ID: 596b0eefab50
Revises: f9880cc2beeb
Create Date: 2024-01-04 08:30:00.000000

"""
from alembic import op
from alembic_utils.pg_view import PGView

revision = "596b0eefab50"
down_revision = "f9880cc2beeb"
branch_labels = None
depends_on = None

public_order_totals = PGView(
    schema="public",
    signature="order_totals",
    definition=(
        "SELECT o.id AS order_id, o.customer_id, o.status, "
        "count(oi.product_id) AS item_count, "
        "coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS total_cents "
        "FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id "
        "GROUP BY o.id, o.customer_id, o.status"
    ),
)


def upgrade() -> None:
    op.create_entity(public_order_totals)


def downgrade() -> None:
    op.drop_entity(public_order_totals)
