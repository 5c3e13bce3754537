-- Window sums as exact decimals. A float8 sum depends on the order and grouping in which readings are added, so the same
-- readings applied in other batches (a redelivery, a rebuild from the history) gave sums that differed in their last
-- bits; a numeric sum does not. Each value enters as the decimal PostgreSQL's float8-to-numeric cast gives it (15
-- significant digits). Readers keep reading the column as a double.
alter table reading_window_1m alter column sum type numeric;
alter table reading_window_1h alter column sum type numeric;
