-- 63 bytes: the longest name PostgreSQL keeps whole
CREATE TABLE customer_preferences_for_notifications_by_channel_and_time_of_d (id bigint PRIMARY KEY);
