DELETE FROM p2 WHERE title = 'x;y';
