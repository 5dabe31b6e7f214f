# Writes a chain with an expression 200,000 operators deep (a left-deep tree that would
# exhaust a recursive parser's stack) and one 100,000 parentheses deep.
mkdir -p "$1"
{
    printf 'CREATE TABLE t (id bigint);\nSELECT 1'
    awk 'BEGIN { for (i = 0; i < 200000; i++) printf "+1"; print ";" }'
    printf 'SELECT '
    awk 'BEGIN { for (i = 0; i < 100000; i++) printf "("; printf "1"; for (i = 0; i < 100000; i++) printf ")"; print ";" }'
    printf 'CREATE TABLE u (id bigint);\n'
} > "$1/001_deep.sql"
