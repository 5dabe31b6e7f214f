"""row-level security on orders

Revision ID: d6296060d983
Revises: e10ddc78f1fd
Create Date: 2024-01-08 14:00:00.000000

"""
from alembic import op
from alembic_utils.pg_policy import PGPolicy

revision = "d6296060d983"
down_revision = "e10ddc78f1fd"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE orders ENABLE ROW LEVEL SECURITY")
    # The storefront sets app.customer_id per request; it sees only its own orders.
    public_orders_orders_customer_isolation = PGPolicy(
        schema="public",
        signature="orders_customer_isolation",
        on_entity="public.orders",
        definition="""
        AS PERMISSIVE
        FOR ALL
        USING (customer_id = current_setting('app.customer_id', true)::bigint)
        WITH CHECK (customer_id = current_setting('app.customer_id', true)::bigint)
        """,
    )
    op.create_entity(public_orders_orders_customer_isolation)


def downgrade() -> None:
    public_orders_orders_customer_isolation = PGPolicy(
        schema="public",
        signature="orders_customer_isolation",
        on_entity="public.orders",
        definition="# not required for op",
    )
    op.drop_entity(public_orders_orders_customer_isolation)
    op.execute("ALTER TABLE orders DISABLE ROW LEVEL SECURITY")
