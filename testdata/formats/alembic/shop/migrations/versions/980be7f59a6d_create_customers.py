"""create customers

Revision ID: 980be7f59a6d
Revises:
Create Date: 2024-01-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "980be7f59a6d"
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("position('@' in email) > 1", name="customers_email_check"),
        sa.PrimaryKeyConstraint("id", name="customers_pkey"),
    )
    # Addresses are compared case-insensitively: one account per mailbox.
    op.create_index(
        "customers_email_key", "customers", [sa.text("lower(email)")], unique=True
    )


def downgrade() -> None:
    op.drop_index("customers_email_key", table_name="customers")
    op.drop_table("customers")
