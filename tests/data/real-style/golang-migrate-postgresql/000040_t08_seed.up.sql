INSERT INTO t08 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
