"""widen products.price_cents to bigint

Revision ID: 66ecfc17c417
Revises: 1a7ea01e4f59
Create Date: 2024-01-06 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "66ecfc17c417"
down_revision = "1a7ea01e4f59"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rewrites products under an ACCESS EXCLUSIVE lock; the table is small.
    op.alter_column(
        "products",
        "price_cents",
        existing_type=sa.INTEGER(),
        type_=sa.BigInteger(),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column(
        "products",
        "price_cents",
        existing_type=sa.BigInteger(),
        type_=sa.INTEGER(),
        existing_nullable=False,
    )
