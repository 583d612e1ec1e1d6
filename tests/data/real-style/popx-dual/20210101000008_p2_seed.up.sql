-- ; and 'quotes' in a comment
INSERT INTO p2 (title, body) VALUES ('x;y', 'it''s');
