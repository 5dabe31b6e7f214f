CREATE TABLE customer_preferences_for_notifications_by_channel_and_time_of_day (id bigint PRIMARY KEY);
ALTER TABLE orders ADD COLUMN the_timestamp_at_which_the_order_was_last_modified_by_a_back_office_user timestamptz;
SELECT "a reference to a column whose name is longer than sixty-three bytes" FROM customers;
