"""maintain updated_at with a trigger

Revision ID: f9880cc2beeb
Revises: e7dea3cb8ffa
Create Date: 2024-01-02 10:20:00.000000

"""
from alembic import op
import sqlalchemy as sa
from alembic_utils.pg_function import PGFunction
from alembic_utils.pg_trigger import PGTrigger
from sqlalchemy import text as sql_text

revision = "f9880cc2beeb"
down_revision = "e7dea3cb8ffa"
branch_labels = None
depends_on = None

public_set_updated_at = PGFunction(
    schema="public",
    signature="set_updated_at()",
    definition="""RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$""",
)


def upgrade():
    op.create_entity(public_set_updated_at)

    public_orders_orders_set_updated_at = PGTrigger(
        schema="public",
        signature="orders_set_updated_at",
        on_entity="public.orders",
        is_constraint=False,
        definition="BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()",
    )
    op.create_entity(public_orders_orders_set_updated_at)

    public_products_products_set_updated_at = PGTrigger(
        schema="public",
        signature="products_set_updated_at",
        on_entity="public.products",
        is_constraint=False,
        definition="BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()",
    )
    op.create_entity(public_products_products_set_updated_at)


def downgrade():
    public_products_products_set_updated_at = PGTrigger(
        schema="public",
        signature="products_set_updated_at",
        on_entity="public.products",
        is_constraint=False,
        definition="# not required for op",
    )
    op.drop_entity(public_products_products_set_updated_at)

    public_orders_orders_set_updated_at = PGTrigger(
        schema="public",
        signature="orders_set_updated_at",
        on_entity="public.orders",
        is_constraint=False,
        definition="# not required for op",
    )
    op.drop_entity(public_orders_orders_set_updated_at)

    op.drop_entity(public_set_updated_at)
