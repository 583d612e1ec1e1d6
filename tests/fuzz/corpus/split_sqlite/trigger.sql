CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  UPDATE t SET x = CASE WHEN new.x > 0 THEN 1 ELSE 0 END;
  INSERT INTO log VALUES ('x;');
END;
SELECT [a;b], `c;d`, "e;f" FROM t; -- ;
/* c */ SELECT 'it''s;';
