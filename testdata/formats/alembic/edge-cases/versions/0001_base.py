"""base: types, batch mode, bulk insert

Revision ID: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = ("core",)

status_enum = postgresql.ENUM("new", "done", name="task_status", create_type=False)


def upgrade():
    status_enum_create = postgresql.ENUM("new", "done", name="task_status")
    status_enum_create.create(op.get_bind())
    op.create_table(
        "Tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False, index=True),
        sa.Column("status", status_enum, nullable=False, server_default="new"),
        sa.Column("user", sa.Text, unique=True),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=32)), server_default=sa.text("'{}'::varchar[]")),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("ratio", sa.Numeric(10, 2), server_default="0"),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("uid", sa.UUID(), server_default=sa.func.gen_random_uuid(), nullable=False),
        sa.Column("created_at", sa.TIMESTAMP(timezone=True), server_default=sa.func.current_timestamp()),
        comment="work to do",
    )
    with op.batch_alter_table("Tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.SmallInteger(), nullable=True))
        batch_op.create_index(batch_op.f("ix_Tasks_priority"), ["priority"], unique=False)
        batch_op.alter_column("done_at", type_=sa.DateTime(timezone=True), postgresql_using="done_at AT TIME ZONE 'UTC'")
    tasks = sa.table("Tasks", sa.column("title", sa.String), sa.column("status", sa.String))
    op.bulk_insert(tasks, [{"title": "Write the README", "status": "new"}, {"title": "It's done", "status": "done"}])


def downgrade():
    op.drop_table("Tasks")
    sa.Enum(name="task_status").drop(op.get_bind(), checkfirst=False)
