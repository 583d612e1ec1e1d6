DELETE FROM p1 WHERE title = 'x;y';
