"""strings: triple quotes, implicit concatenation, escapes, text()

Revision ID: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import text

revision = "0002"
down_revision = "0001"
depends_on = "0003"

SQL_VIEW = """
CREATE VIEW open_tasks AS
    SELECT id, title
    FROM "Tasks"
    WHERE status = 'new'
"""


def upgrade():
    op.execute(SQL_VIEW)
    op.execute(
        "COMMENT ON VIEW open_tasks IS "
        'E\'tasks not done yet\\n(see "Tasks")\''
    )
    op.execute(text("SELECT set_config('app.note', 'a\\:b', false)"))
    op.execute(r"COMMENT ON TABLE " '"Tasks"' r" IS 'C:\path'")
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE \"Tasks\" SET priority = 1 WHERE priority IS NULL"))


def downgrade():
    op.execute("DROP VIEW open_tasks")
