CREATE TABLE c (id bigint) ;; SELEC 1;
