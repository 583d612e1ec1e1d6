DROP INDEX p2_title;
