INSERT INTO t06 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
