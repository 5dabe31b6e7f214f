-- Type changes over stored values.
ALTER TABLE accounts ALTER COLUMN score TYPE bigint;
ALTER TABLE plans ALTER COLUMN price TYPE numeric(10,2);
CREATE TABLE legacy (id integer PRIMARY KEY, amount text, code varchar(10), flag text);
INSERT INTO legacy VALUES (1, '10', 'ab', 'true'), (2, '20.5', 'abc  ', 'false'), (3, NULL, 'x', NULL);
ALTER TABLE legacy ALTER COLUMN amount TYPE numeric USING amount::numeric;
ALTER TABLE legacy ALTER COLUMN code TYPE varchar(3);
ALTER TABLE legacy ALTER COLUMN flag TYPE boolean USING flag::boolean;
ALTER TABLE legacy ALTER COLUMN id TYPE smallint;
ALTER TABLE legacy ADD CONSTRAINT legacy_amount_check CHECK (amount < 100 AND amount > 0);
