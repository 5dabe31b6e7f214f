-- airlock:message the finding points at the DROP COLUMN action, not at ALTER
ALTER TABLE public . "orders" ADD COLUMN channel text DEFAULT ('web'),
  ALTER COLUMN status SET DEFAULT $x$,$x$ /* , */, -- ,
  DROP COLUMN note;
