-- expect-sqlstate: 42611
-- two parents with different defaults for one column: the child must choose
CREATE TABLE inh_def_a (flag boolean DEFAULT true, note text DEFAULT 'a');
CREATE TABLE inh_def_b (flag boolean DEFAULT true, note text DEFAULT 'b');
CREATE TABLE inh_def_ok (note text DEFAULT 'child') INHERITS (inh_def_a, inh_def_b);
CREATE TABLE inh_def_bad () INHERITS (inh_def_a, inh_def_b);
