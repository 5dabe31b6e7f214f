CREATE INDEX CONCURRENTLY invoice_lines_line_idx ON invoice_lines (line);
