revision = "b2"
down_revision = "zz9"
depends_on = ("main", "nosuch")


def upgrade():
    op.execute("CREATE TABLE b (id int)")
