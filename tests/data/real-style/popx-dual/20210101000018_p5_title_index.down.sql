DROP INDEX p5_title;
