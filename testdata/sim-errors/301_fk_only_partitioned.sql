-- expect-sqlstate: 42809
-- a foreign key cannot be added with ONLY to a partitioned table
CREATE TABLE only_fk_ref (id int PRIMARY KEY);
CREATE TABLE only_fk (a int, b int) PARTITION BY RANGE (a);
ALTER TABLE ONLY only_fk ADD CONSTRAINT only_fk_b_fkey FOREIGN KEY (b) REFERENCES only_fk_ref (id);
