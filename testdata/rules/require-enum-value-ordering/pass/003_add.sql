ALTER TYPE order_state ADD VALUE 'shipped' AFTER 'paid';
ALTER TYPE order_state ADD VALUE 'draft' BEFORE 'new';
