revision = "def"
down_revision = None


def upgrade():
    op.execute("SELECT 2")
