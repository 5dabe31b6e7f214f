"""the revision variable is missing"""
from alembic import op

down_revision = None


def upgrade():
    op.execute("SELECT 1")
