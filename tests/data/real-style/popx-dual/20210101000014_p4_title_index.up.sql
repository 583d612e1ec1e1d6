CREATE UNIQUE INDEX p4_title ON p4 (title);
