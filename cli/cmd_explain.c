/*
 * cmd_explain.c - `airlock explain RULE`: a rule's doc page (what, why, what
 * to do instead, example). Also accepts a squawk rule name and explains the
 * airlock rules that answer for it.
 */
#include "cli/cli.h"
#include "lint/rule.h"

#include <stdio.h>
#include <string.h>

static void page(const struct rule *r)
{
    printf("%s: %s\n\ndefault severity: %s; group: %s%s\n", r->id, r->summary,
           severity_name(r->sev), rule_group_name(r->group),
           r->flags & RULE_OFF_BY_DEFAULT ? "; off by default" : "");
    if (r->squawk)
        printf("squawk: %s\n", r->squawk);
    printf("\n%s", r->doc);
}

static int run(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error("explain", argc < 2 ? "missing RULE" : "expected one RULE");
    const struct rule *r = rule_find(argv[1]);
    if (r) {
        page(r);
        return EXIT_OK;
    }
    uint32_t it = 0, n = 0;
    for (const struct rule *x; (x = rule_find_squawk(argv[1], &it));) {
        if (n++)
            printf("\n");
        page(x);
    }
    if (n)
        return EXIT_OK;
    fprintf(stderr,
            "airlock explain: error: unknown rule '%s'\nTry 'airlock rules' for the list.\n",
            argv[1]);
    return EXIT_USAGE;
}

const struct command cmd_explain = {
    "explain",
    "show a lint rule's documentation",
    "usage: airlock explain RULE\n"
    "\n"
    "Prints the rule's page: what it reports, why it matters, what to do\n"
    "instead, and an example. RULE may also be a squawk rule name.\n"
    "\n"
    "options:\n"
    "  -h, --help   show this help\n",
    run,
};
