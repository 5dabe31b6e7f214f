CREATE TABLE invoice_lines (
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    line int NOT NULL,
    PRIMARY KEY (invoice_id, line)
);
