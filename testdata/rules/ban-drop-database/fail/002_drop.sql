-- airlock:transaction off
DROP DATABASE analytics;
