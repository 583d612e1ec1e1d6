BEGIN;
CREATE OR REPLACE FUNCTION touch_t02() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    -- a comment inside the body; with 'quotes'
    NEW.note := coalesce(NEW.note, 'it''s ' || $q$dollar; "quoted"$q$);
    RETURN NEW;
END
$body$;
CREATE TRIGGER t02_touch BEFORE INSERT ON t02 FOR EACH ROW EXECUTE FUNCTION touch_t02();
COMMIT;
