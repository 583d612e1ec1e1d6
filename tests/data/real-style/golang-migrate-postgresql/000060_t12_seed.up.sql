INSERT INTO t12 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
