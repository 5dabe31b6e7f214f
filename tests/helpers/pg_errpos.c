/*
 * pg_errpos.c - test helper: sends a file to PostgreSQL as one query string
 * and prints where the server's parser says the error is, as
 * "LINE COL SQLSTATE" (1-based; COL in characters), computed from
 * PG_DIAG_STATEMENT_POSITION independently of airlock's own code.
 * Usage: pg_errpos CONNINFO FILE. Exit 0 when an error was reported.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pg_errpos CONNINFO FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    PGconn *c = PQconnectdb(argv[1]);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "%s", PQerrorMessage(c));
        return 2;
    }
    PGresult *r = PQexec(c, text);
    const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (!pos) {
        fprintf(stderr, "no error position (%s)\n", PQresultErrorMessage(r));
        return 1;
    }
    long want = atol(pos), chars = 1, line = 1, col = 1;
    for (size_t i = 0; i < n && chars < want; i++) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch & 0xC0) == 0x80)
            continue; /* continuation byte: same character */
        if (ch == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        chars++;
        /* skip the continuation bytes of the character just counted */
    }
    printf("%ld %ld %s\n", line, col, state ? state : "-");
    PQclear(r);
    PQfinish(c);
    return 0;
}
