"""index order_items.product_id and orders.created_at

Revision ID: 1ed129180dcc
Revises: d6296060d983
Create Date: 2024-01-09 15:00:00.000000

"""
from alembic import op

revision = "1ed129180dcc"
down_revision = "d6296060d983"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # CONCURRENTLY cannot run inside a transaction block.
    with op.get_context().autocommit_block():
        op.create_index(
            "order_items_product_id_idx",
            "order_items",
            ["product_id"],
            postgresql_concurrently=True,
        )
        op.create_index(
            "orders_created_at_idx", "orders", ["created_at"], postgresql_concurrently=True
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index("orders_created_at_idx", table_name="orders", postgresql_concurrently=True)
        op.drop_index(
            "order_items_product_id_idx", table_name="order_items", postgresql_concurrently=True
        )
