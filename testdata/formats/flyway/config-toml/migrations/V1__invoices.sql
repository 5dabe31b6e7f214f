-- ${not_a_placeholder} with the custom delimiters
CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    amount numeric(#[precision], 2) NOT NULL,
    currency char(3) NOT NULL DEFAULT '#[currency]'
);
