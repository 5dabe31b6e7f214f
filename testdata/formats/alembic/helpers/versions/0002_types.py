"""sqlalchemy_utils types; arguments that are not literals

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

revision = "0002"
down_revision = "0001"

WIDTH = compute_width()


def helper_with_args(table):
    op.drop_table(table)


def upgrade():
    op.add_column("authors", sa.Column("gender", sqlalchemy_utils.types.choice.ChoiceType(GENDERS), nullable=True))
    op.add_column("authors", sa.Column("kind", sqlalchemy_utils.ChoiceType(KINDS, impl=sa.Integer())))
    op.add_column("authors", sa.Column("email", sqlalchemy_utils.EmailType()))
    op.add_column("authors", sa.Column("site", sqlalchemy_utils.URLType))
    op.add_column("authors", sa.Column("ext_id", sqlalchemy_utils.UUIDType(binary=False)))
    op.add_column("authors", sa.Column("pw", sqlalchemy_utils.types.password.PasswordType(max_length=128)))
    op.add_column("authors", sa.Column("wide", sa.String(WIDTH)))
    op.add_column("authors", sa.Column("mixed", sa.String(2 + 3 * 4)))
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True), *extra_columns())
    helper_with_args("books")
    undefined_helper()


def downgrade():
    op.drop_constraint(None, "authors", type_="foreignkey")  # Alembic fails: no name
