INSERT INTO t02 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
