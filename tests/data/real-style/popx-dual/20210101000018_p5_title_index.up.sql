CREATE UNIQUE INDEX p5_title ON p5 (title);
