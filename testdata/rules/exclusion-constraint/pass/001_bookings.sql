CREATE TABLE bookings (id bigint PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL);
