-- expect-sqlstate: 55P02
-- a server-start parameter cannot be SET in a session
SET work_mem = '64MB';
SET shared_buffers = '256MB';
