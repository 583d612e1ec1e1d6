DELETE FROM p3 WHERE title = 'x;y';
