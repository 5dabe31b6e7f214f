-- pg_dump's order for partitioned tables: every table first, then ATTACH,
-- then ALTER TABLE ONLY ... ADD PRIMARY KEY on the parent and on each
-- partition separately, indexes ON ONLY, and ALTER INDEX ... ATTACH PARTITION
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.readings (
    taken_at timestamp with time zone NOT NULL,
    sensor integer NOT NULL,
    reading double precision,
    note text
)
PARTITION BY RANGE (taken_at);
CREATE TABLE public.readings_2024 (
    taken_at timestamp with time zone NOT NULL,
    sensor integer NOT NULL,
    reading double precision,
    note text
)
WITH (fillfactor='90');
CREATE TABLE public.readings_rest (
    taken_at timestamp with time zone NOT NULL,
    sensor integer NOT NULL,
    reading double precision,
    note text
);
ALTER TABLE ONLY public.readings ATTACH PARTITION public.readings_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
ALTER TABLE ONLY public.readings ATTACH PARTITION public.readings_rest DEFAULT;
ALTER TABLE ONLY public.readings
    ADD CONSTRAINT readings_pk PRIMARY KEY (sensor, taken_at);
ALTER TABLE ONLY public.readings_2024
    ADD CONSTRAINT readings_2024_pkey PRIMARY KEY (sensor, taken_at);
ALTER TABLE ONLY public.readings_rest
    ADD CONSTRAINT readings_rest_pkey PRIMARY KEY (sensor, taken_at);
ALTER TABLE ONLY public.readings
    ADD CONSTRAINT readings_uq UNIQUE (taken_at, sensor);
CREATE INDEX readings_note_idx ON ONLY public.readings USING btree (note);
CREATE INDEX readings_2024_note_idx ON public.readings_2024 USING btree (note);
ALTER TABLE ONLY public.readings_2024
    ADD CONSTRAINT readings_2024_uq UNIQUE (taken_at, sensor);
ALTER INDEX public.readings_pk ATTACH PARTITION public.readings_2024_pkey;
ALTER INDEX public.readings_pk ATTACH PARTITION public.readings_rest_pkey;
ALTER INDEX public.readings_note_idx ATTACH PARTITION public.readings_2024_note_idx;
ALTER INDEX public.readings_uq ATTACH PARTITION public.readings_2024_uq;
-- a partition made after the ONLY constraint gets its own copy of the key
CREATE TABLE public.readings_2023 PARTITION OF public.readings
    FOR VALUES FROM ('2023-01-01 00:00:00+00') TO ('2024-01-01 00:00:00+00');
-- the partitions' FK is added without ONLY (ONLY is refused there)
CREATE TABLE public.sensors (id integer PRIMARY KEY);
ALTER TABLE public.readings
    ADD CONSTRAINT readings_sensor_fkey FOREIGN KEY (sensor) REFERENCES public.sensors(id);
-- a partition's key index serves a plain unique index of the parent ...
CREATE TABLE public.tags (id integer NOT NULL, label text) PARTITION BY LIST (id);
CREATE TABLE public.tags_1 PARTITION OF public.tags FOR VALUES IN (1);
ALTER TABLE ONLY public.tags_1 ADD CONSTRAINT tags_1_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX tags_id_idx ON public.tags USING btree (id);
-- ... but a plain unique index of a partition does not serve a key of the
-- parent (the partition gets a new key index, and NOT NULL)
CREATE TABLE public.marks (id integer, label text) PARTITION BY LIST (id);
CREATE TABLE public.marks_1 PARTITION OF public.marks FOR VALUES IN (1);
CREATE UNIQUE INDEX marks_1_id ON public.marks_1 USING btree (id);
ALTER TABLE public.marks ADD PRIMARY KEY (id);
-- a key added to an inheritance parent makes the children's columns NOT NULL
CREATE TABLE public.base (id integer, x integer);
CREATE TABLE public.derived (y integer) INHERITS (public.base);
CREATE TABLE public.derived2 () INHERITS (public.derived);
ALTER TABLE public.base ADD PRIMARY KEY (id);
-- ... unless ONLY
CREATE TABLE public.base_only (id integer, x integer);
CREATE TABLE public.derived_only (y integer) INHERITS (public.base_only);
ALTER TABLE ONLY public.base_only ADD PRIMARY KEY (id);
