-- ; and 'quotes' in a comment
INSERT INTO p1 (title, body) VALUES ('x;y', 'it''s');
