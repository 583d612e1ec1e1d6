INSERT INTO t01 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
