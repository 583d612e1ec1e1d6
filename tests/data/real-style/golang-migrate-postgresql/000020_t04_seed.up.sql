INSERT INTO t04 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
