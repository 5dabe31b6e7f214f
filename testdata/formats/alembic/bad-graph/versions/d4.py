revision: str = "a1"
down_revision = None


def upgrade():
    op.execute("CREATE TABLE dup (id int)")
