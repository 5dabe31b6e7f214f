# Writes a chain whose only revision is a 10 MB INSERT with a syntax error at its very end.
mkdir -p "$1"
{
    printf 'CREATE TABLE t (id bigint, label text);\nINSERT INTO t (id, label) VALUES\n'
    awk 'BEGIN { for (i = 1; i <= 400000; i++) printf "(%d, '"'"'label number %07d'"'"'),\n", i, i }'
    printf '(0, '"'"'last'"'"'));\n'
} > "$1/001_bulk.sql"
