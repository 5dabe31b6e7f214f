revision = "a1"
down_revision = None
branch_labels = ("main",)


def upgrade():
    op.execute("CREATE TABLE a (id int)")


def downgrade():
    op.execute("DROP TABLE a")
