-- inheritance as pg_dump writes it: the child lists only its own columns,
-- per-child defaults follow as ALTER TABLE ONLY ... SET DEFAULT; several
-- parents merge a column (the defaults agree, or one parent has none)
CREATE TABLE public.entity (
    id bigint NOT NULL,
    created timestamp without time zone DEFAULT now(),
    isactive boolean DEFAULT true NOT NULL,
    CONSTRAINT entity_id_check CHECK ((id > 0))
);
CREATE TABLE public.meta (
    tag text,
    created timestamp without time zone,
    isactive boolean DEFAULT true NOT NULL,
    rank integer DEFAULT 1
);
CREATE TABLE public.ledger_row (
    amount numeric DEFAULT 0 NOT NULL,
    note text
)
INHERITS (public.entity);
ALTER TABLE ONLY public.ledger_row ALTER COLUMN isactive SET DEFAULT false;
CREATE TABLE public.tagged (
    id bigint NOT NULL,
    tag text NOT NULL,
    extra integer
)
INHERITS (public.entity, public.meta);
CREATE TABLE public.ranked (
    rank integer DEFAULT 5
)
INHERITS (public.meta, public.entity);
