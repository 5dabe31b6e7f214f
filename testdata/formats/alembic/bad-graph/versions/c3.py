revision = "c3-hotfix"
down_revision = "a1"


def upgrade():
    pass
