/*
 * registry.c - the one table of lint rules. Adding a rule: one new file in
 * rules/ (or a family file) defining `const struct rule rule_x`, and one
 * X(rule_x) line here. Order is the order `airlock rules` lists them and the order rules run
 * on a statement; statement-rejected stays last (it defers to the others).
 */
#include "lint/rule.h"

#define RULES(X)                                                                                   \
    /* locking and rewrites */                                                                     \
    X(rule_require_concurrent_index_creation)                                                      \
    X(rule_require_concurrent_index_deletion)                                                      \
    X(rule_require_concurrent_reindex)                                                             \
    X(rule_concurrently_in_transaction)                                                            \
    X(rule_require_concurrent_detach_partition)                                                    \
    X(rule_constraint_missing_not_valid)                                                           \
    X(rule_validate_in_same_transaction)                                                           \
    X(rule_unique_constraint_without_index)                                                        \
    X(rule_primary_key_nullable_columns)                                                           \
    X(rule_exclusion_constraint)                                                                   \
    X(rule_set_not_null)                                                                           \
    X(rule_alter_domain_add_constraint)                                                            \
    X(rule_changing_column_type)                                                                   \
    X(rule_adding_field_with_default)                                                              \
    X(rule_adding_serial_column)                                                                   \
    X(rule_adding_stored_generated_column)                                                         \
    X(rule_vacuum_full)                                                                            \
    X(rule_cluster)                                                                                \
    X(rule_access_exclusive_lock_held)                                                             \
    X(rule_require_lock_timeout)                                                                   \
    X(rule_require_statement_timeout)                                                              \
    X(rule_combine_alter_table)                                                                    \
    /* backward compatibility */                                                                   \
    X(rule_ban_drop_column)                                                                        \
    X(rule_renaming_column)                                                                        \
    X(rule_renaming_table)                                                                         \
    X(rule_adding_required_field)                                                                  \
    X(rule_ban_drop_not_null)                                                                      \
    X(rule_renaming_enum_value)                                                                    \
    X(rule_renaming_schema)                                                                        \
    X(rule_drop_foreign_key)                                                                       \
    /* data loss */                                                                                \
    X(rule_ban_drop_table)                                                                         \
    X(rule_ban_drop_schema)                                                                        \
    X(rule_ban_drop_database)                                                                      \
    X(rule_ban_truncate)                                                                           \
    X(rule_ban_truncate_cascade)                                                                   \
    X(rule_unique_index_on_existing_data)                                                          \
    X(rule_update_without_where)                                                                   \
    X(rule_delete_without_where)                                                                   \
    /* types */                                                                                    \
    X(rule_prefer_bigint)                                                                          \
    X(rule_prefer_identity)                                                                        \
    X(rule_prefer_text_field)                                                                      \
    X(rule_ban_char_field)                                                                         \
    X(rule_prefer_timestamptz)                                                                     \
    X(rule_prefer_jsonb)                                                                           \
    X(rule_ban_money_type)                                                                         \
    X(rule_require_enum_value_ordering)                                                            \
    /* robustness */                                                                               \
    X(rule_transaction_nesting)                                                                    \
    X(rule_ban_uncommitted_transaction)                                                            \
    X(rule_non_transactional_in_transaction)                                                       \
    X(rule_identifier_too_long)                                                                    \
    X(rule_duplicate_column_assignment)                                                            \
    X(rule_foreign_key_without_index)                                                              \
    X(rule_table_without_primary_key)                                                              \
    /* functions, views, triggers, policies */                                                     \
    X(rule_create_or_replace_view_incompatible)                                                    \
    X(rule_function_return_type_change)                                                            \
    X(rule_trigger_function_invalid)                                                               \
    X(rule_policy_without_rls)                                                                     \
    X(rule_rls_without_policy)                                                                     \
    X(rule_refresh_concurrently_without_unique_index)                                              \
    X(rule_drop_function_used_by_trigger)                                                          \
    /* the chain */                                                                                \
    X(rule_revision_without_down)                                                                  \
    X(rule_down_not_reverting)                                                                     \
    X(rule_statement_rejected)

#define DECLARE(r) extern const struct rule r;
RULES(DECLARE)

#define ENTRY(r) &r,
const struct rule *const rule_registry[] = {RULES(ENTRY) NULL};

const uint32_t rule_registry_count = sizeof rule_registry / sizeof rule_registry[0] - 1;
