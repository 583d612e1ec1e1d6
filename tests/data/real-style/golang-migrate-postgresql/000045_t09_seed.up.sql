INSERT INTO t09 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
