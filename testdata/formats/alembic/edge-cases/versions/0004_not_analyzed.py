"""code airlock cannot translate, and code it can

Revision ID: 0004
"""
from alembic import op
import sqlalchemy as sa

from myapp.migrations import helpers

revision = "0004"
down_revision = ("0002",)

TABLES = ["Tasks"]


def upgrade():
    for table in TABLES:
        op.execute(f"ANALYZE {table}")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index("tasks_title_trgm", "Tasks", ["title"], postgresql_using="gin",
                        postgresql_ops={"title": "gin_trgm_ops"}, postgresql_where=sa.text("status = 'new'"))
    else:
        op.create_index("tasks_title", "Tasks", ["title"])
    helpers.backfill(bind)
    bind.execute(sa.text("UPDATE \"Tasks\" SET status = :s"), {"s": "done"})
    op.alter_column("Tasks", "ratio", server_default=None, nullable=False)
    op.create_foreign_key(None, "Tasks", "Tasks", ["priority"], ["id"], ondelete="SET NULL",
                          deferrable=True, initially="DEFERRED")


def downgrade():
    raise NotImplementedError("irreversible")
