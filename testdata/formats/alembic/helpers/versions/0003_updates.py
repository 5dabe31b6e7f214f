"""data fixes through SQLAlchemy Core update() on ad-hoc tables

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

authors = sa.table(
    "authors",
    sa.column("name", sa.String),
    sa.column("bio", sa.String),
    sa.column("email", sa.String),
    sa.column("gender", sa.String),
)


def upgrade():
    conn = op.get_bind()
    op.execute(authors.update().values(email=authors.c.name, bio="it's new"))
    conn.execute(authors.update().where(authors.c.gender == "x").values({"gender": None, "name": "anon"}))
    op.execute(authors.update().values(bio=None).where(authors.c.name != "keep"))
    books = sa.Table("books", sa.MetaData(), sa.Column("title", sa.Text), sa.Column("id", sa.Integer))
    op.execute(books.update().values(title="untitled"))
    op.execute(authors.update().values(missing=1))
    op.execute(authors.update().where(authors.c.name > "m").values(bio="late"))
    op.execute(authors.update().values(bio=sa.func.lower(authors.c.bio)))


def downgrade():
    pass
