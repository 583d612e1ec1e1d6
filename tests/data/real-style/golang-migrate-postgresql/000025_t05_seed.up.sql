INSERT INTO t05 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
