/*
 * chaincmd.c - see chaincmd.h. Options come first or last, in any order;
 * everything else is a path.
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int chaincmd_parse(struct chaincmd *cc, const char *name, int argc, char **argv, bool many_paths)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},      {"output", required_argument, NULL, 'o'},
        {"color", required_argument, NULL, 'c'},       {"fail-on", required_argument, NULL, 'F'},
        {"verbose", no_argument, NULL, 'v'},           {"no-sum", no_argument, NULL, 'S'},
        {"flyway-conf", required_argument, NULL, 'W'}, {NULL, 0, NULL, 0}};
    memset(cc, 0, sizeof *cc);
    cc->name = name;
    cc->load.format = "auto";
    cc->report.format = REPORT_TEXT;
    cc->report.summary = true;
    cc->fail_on = SEV_ERROR;
    const char *color = "auto";
    optind = 0;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "f:o:v", opts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            cc->load.format = optarg;
            break;
        case 'o':
            if (report_format_parse(optarg, &cc->report.format) < 0) {
                cli_usage_error(
                    name, "unknown output format '%s' (text, json, gcc, sarif, github, gitlab)",
                    optarg);
                return -1;
            }
            break;
        case 'c':
            color = optarg;
            break;
        case 'F':
            if (strcmp(optarg, "error") == 0)
                cc->fail_on = SEV_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                cc->fail_on = SEV_WARNING;
            else if (strcmp(optarg, "info") == 0)
                cc->fail_on = SEV_INFO;
            else {
                cli_usage_error(name, "--fail-on takes error, warning or info, not '%s'", optarg);
                return -1;
            }
            break;
        case 'v':
            cc->load.verbose = true;
            break;
        case 'S':
            cc->load.no_sum = true;
            break;
        case 'W':
            cc->load.flyway_conf = optarg;
            break;
        default:
            cli_usage_error(name, "unknown or incomplete option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    if (report_color_parse(color, stdout, &cc->report.color) < 0) {
        cli_usage_error(name, "--color takes auto, always or never, not '%s'", color);
        return -1;
    }
    cc->paths = argv + optind;
    cc->npaths = argc - optind;
    if (cc->npaths == 0) {
        cli_usage_error(name, "missing %s", many_paths ? "DIR or FILE..." : "DIR");
        return -1;
    }
    if (!many_paths && cc->npaths > 1) {
        cli_usage_error(name, "expected one DIR, got %d arguments", cc->npaths);
        return -1;
    }
    return 0;
}

int chaincmd_exit(const struct chaincmd *cc, const struct diag_list *d)
{
    if (diag_has_input_error(d))
        return EXIT_USAGE;
    return diag_count(d, cc->fail_on) ? EXIT_FINDINGS : EXIT_OK;
}
