"""rename customers.name to full_name

Revision ID: 1a7ea01e4f59
Revises: 73f5e86801a0
Create Date: 2024-01-05 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "1a7ea01e4f59"
down_revision = "73f5e86801a0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("customers", "name", new_column_name="full_name",
                    existing_type=sa.Text(), existing_nullable=False)


def downgrade() -> None:
    op.alter_column("customers", "full_name", new_column_name="name",
                    existing_type=sa.Text(), existing_nullable=False)
