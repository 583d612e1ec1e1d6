BEGIN;
CREATE OR REPLACE FUNCTION touch_t03() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    -- a comment inside the body; with 'quotes'
    NEW.note := coalesce(NEW.note, 'it''s ' || $q$dollar; "quoted"$q$);
    RETURN NEW;
END
$body$;
CREATE TRIGGER t03_touch BEFORE INSERT ON t03 FOR EACH ROW EXECUTE FUNCTION touch_t03();
COMMIT;
