CREATE TABLE t (
 a tstzrange DEFAULT '[2025-01-01,2025-02-01)',
 b daterange DEFAULT '[2025-01-01,2025-01-31]',
 c int4range DEFAULT '(1,5]',
 d int4range DEFAULT '(,5)',
 e int4range DEFAULT '[3,3)',
 f numrange DEFAULT ' [ 1.5 , 2 ) ',
 g int8range DEFAULT 'empty',
 h int4range DEFAULT '(3,4)',
 i tsrange DEFAULT '[2025-01-01 10:00, 2025-01-01 11:00)',
 j numrange DEFAULT '[1,)',
 k daterange DEFAULT '(,)',
 l daterange DEFAULT '[-infinity,infinity]',
 m daterange DEFAULT '["2025-01-01","2025-03-01"]',
 n daterange DEFAULT '[2024-02-28,2024-02-29]',
 o daterange DEFAULT '[2024-12-31,2024-12-31]',
 p int4range DEFAULT int4range(1, 10),
 CHECK (c && '[2,3)'::int4range)
);
