INSERT INTO t11 (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);
