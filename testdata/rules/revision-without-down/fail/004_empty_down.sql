-- airlock:message the down section is there but empty: a revision nobody meant to revert
ALTER TABLE customers ADD COLUMN note text;
-- airlock:down
-- (nothing)
