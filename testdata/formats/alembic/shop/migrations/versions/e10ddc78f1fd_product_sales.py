"""materialized view of product sales

Revision ID: e10ddc78f1fd
Revises: 66ecfc17c417
Create Date: 2024-01-07 13:00:00.000000

"""
from alembic import op
from alembic_utils.pg_materialized_view import PGMaterializedView

revision = "e10ddc78f1fd"
down_revision = "66ecfc17c417"
branch_labels = None
depends_on = None

public_product_sales = PGMaterializedView(
    schema="public",
    signature="product_sales",
    definition="""
SELECT p.id AS product_id,
       p.sku,
       coalesce(sum(oi.quantity), 0) AS units_sold,
       coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS revenue_cents
FROM products p
LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY p.id, p.sku
""",
    with_data=True,
)


def upgrade() -> None:
    op.create_entity(public_product_sales)
    # REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index.
    op.create_index("product_sales_product_id_key", "product_sales", ["product_id"], unique=True)


def downgrade() -> None:
    op.drop_index("product_sales_product_id_key", table_name="product_sales")
    op.drop_entity(public_product_sales)
