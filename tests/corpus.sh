# tests/corpus.sh - sourced by the integration tests that replay SQL corpora
# (testdata/shop, testdata/sim, testdata/sim-errors) on a real PostgreSQL.
# Plain bash + POSIX awk (mawk on Debian), no Python: CI machines have none.
#   corpus_order DIR       application order of a native chain: "FILE<TAB>ID<TAB>TX" lines
#   corpus_part up|down F  one part of a revision file, line numbers preserved
#   corpus_stmts F         "START<TAB>END" line span of every statement, as psql splits them

# corpus_order DIR: reads the directives at the top of every DIR/*.sql (SPEC.md §1).
# Without any 'parents' directive the chain is linear in version order of the file
# names; otherwise it is the graph the files name, ordered topologically (Kahn),
# ties broken by file order so that the result is deterministic.
corpus_order() {
    local dir=$1
    local files
    files=$(cd "$dir" && ls -- *.sql 2>/dev/null | sort -V) || true
    [ -n "$files" ] || { echo "corpus_order: no *.sql in $dir" >&2; return 1; }
    (cd "$dir" && awk '
        FNR == 1 {
            n++; file[n] = FILENAME; hdr = 1; tx[n] = "on"; haspar[n] = 0
            id[n] = FILENAME; sub(/_.*/, "", id[n]); sub(/\.sql$/, "", id[n])
        }
        # Directives are comments before the first statement.
        hdr && /^[ \t]*$/ { next }
        hdr && /^--/ {
            line = $0; sub(/[ \t\r]+$/, "", line)
            if (line ~ /^-- airlock:revision[ \t]/) { v = line; sub(/^-- airlock:revision[ \t]+/, "", v); id[n] = v }
            else if (line ~ /^-- airlock:parents[ \t]/) {
                v = line; sub(/^-- airlock:parents[ \t]+/, "", v); gsub(/,/, " ", v)
                haspar[n] = 1; anypar = 1
                par[n] = (v == "none") ? "" : v
            } else if (line ~ /^-- airlock:transaction[ \t]+off$/) tx[n] = "off"
            next
        }
        hdr { hdr = 0 }
        END {
            for (i = 1; i <= n; i++) {
                if (id[i] in byid) { printf "%s: duplicate revision id %s (also %s)\n", file[i], id[i], file[byid[id[i]]] > "/dev/stderr"; bad = 1 }
                byid[id[i]] = i
            }
            if (!anypar) {
                for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", file[i], id[i], tx[i]
                exit bad
            }
            for (i = 1; i <= n; i++) {
                if (!haspar[i]) { printf "%s: no airlock:parents directive (another file has one)\n", file[i] > "/dev/stderr"; bad = 1 }
                np[i] = split(par[i], p, " ")
                for (k = 1; k <= np[i]; k++) {
                    if (!(p[k] in byid)) { printf "%s: parent %s is not a revision\n", file[i], p[k] > "/dev/stderr"; bad = 1 }
                    pp[i, k] = p[k]
                }
            }
            if (bad) exit 1
            for (done = 0; done < n; done++) {
                pick = 0
                for (i = 1; i <= n && !pick; i++) {
                    if (emitted[i]) continue
                    ok = 1
                    for (k = 1; k <= np[i]; k++) if (!emitted[byid[pp[i, k]]]) ok = 0
                    if (ok) pick = i
                }
                if (!pick) { print "cycle among the revisions not yet ordered" > "/dev/stderr"; exit 1 }
                emitted[pick] = 1
                printf "%s\t%s\t%s\n", file[pick], id[pick], tx[pick]
            }
        }' $files)
}

# corpus_part up|down FILE: the up part is every line before '-- airlock:down', the
# down part every line after it. Lines of the other part are printed empty so that
# psql's "psql:FILE:LINE:" messages give the line in the original file.
corpus_part() {
    awk -v want="$1" '
        /^-- airlock:down[ \t\r]*$/ { down = 1; print ""; next }
        { print ((down ? "down" : "up") == want) ? $0 : "" }' "$2"
}

# corpus_stmts FILE: splits like psql does - on ';' outside quotes, comments,
# dollar quotes and parentheses - and prints each non-empty statement's first and
# last line. A trailing statement without ';' counts too (psql sends it at EOF).
corpus_stmts() {
    awk -v q="'" '
        { text = text $0 "\n" }
        END {
            len = length(text); line = 1; depth = 0; start = 0
            i = 1
            while (i <= len) {
                c = substr(text, i, 1)
                if (c == "\n") { line++; i++; continue }
                if (c == " " || c == "\t" || c == "\r") { i++; continue }
                two = substr(text, i, 2)
                if (two == "--") {               # line comment
                    while (i <= len && substr(text, i, 1) != "\n") i++
                    continue
                }
                if (two == "/*") {               # block comment, nests in PostgreSQL
                    nest = 1; i += 2
                    while (i <= len && nest > 0) {
                        t = substr(text, i, 2)
                        if (t == "/*") { nest++; i += 2 }
                        else if (t == "*/") { nest--; i += 2 }
                        else { if (substr(text, i, 1) == "\n") line++; i++ }
                    }
                    continue
                }
                if (c == ";" && depth == 0) {
                    if (start) printf "%d\t%d\n", start, line
                    start = 0; i++; continue
                }
                if (!start) start = line
                prev = (i > 1) ? substr(text, i - 1, 1) : ""
                if (c == "(") depth++
                else if (c == ")") { if (depth > 0) depth-- }
                else if (c == q) {          # string; E-strings honour backslashes
                    esc = (prev == "E" || prev == "e")
                    i++
                    while (i <= len) {
                        t = substr(text, i, 1)
                        if (t == "\n") line++
                        if (esc && t == "\\") { i += 2; continue }
                        if (t == q) { if (substr(text, i + 1, 1) == q) { i += 2; continue } break }
                        i++
                    }
                } else if (c == "\"") {          # quoted identifier
                    i++
                    while (i <= len) {
                        t = substr(text, i, 1)
                        if (t == "\n") line++
                        if (t == "\"") { if (substr(text, i + 1, 1) == "\"") { i += 2; continue } break }
                        i++
                    }
                } else if (c == "$" && prev !~ /[A-Za-z0-9_$]/ && match(substr(text, i, 66), /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/)) {
                    tag = substr(text, i, RLENGTH)
                    i += RLENGTH
                    while (i <= len && substr(text, i, length(tag)) != tag) {
                        if (substr(text, i, 1) == "\n") line++
                        i++
                    }
                    i += length(tag) - 1
                } else if (c ~ /[A-Za-z0-9_]/) { # a word: skip it whole (faster, and E/U& prefixes)
                    while (i + 1 <= len && substr(text, i + 1, 1) ~ /[A-Za-z0-9_$]/) i++
                }
                last = line
                i++
            }
            if (start) printf "%d\t%d\n", start, last
        }' "$1"
}
