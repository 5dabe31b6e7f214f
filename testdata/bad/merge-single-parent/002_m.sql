-- airlock:revision m2
-- airlock:parents a1 a1
-- airlock:message merge
SELECT 1;
