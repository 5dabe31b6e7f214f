"""add customers.phone

Revision ID: 05178c99b472
Revises: f9880cc2beeb
Create Date: 2024-01-04 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "05178c99b472"
down_revision = "f9880cc2beeb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable and without a default: a catalog-only change, no table rewrite.
    op.add_column(
        "customers",
        sa.Column("phone", sa.Text(), nullable=True, comment="E.164, e.g. +31201234567"),
    )


def downgrade() -> None:
    op.drop_column("customers", "phone")
