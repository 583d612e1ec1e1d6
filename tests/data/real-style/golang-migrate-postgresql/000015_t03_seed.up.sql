INSERT INTO t03 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
