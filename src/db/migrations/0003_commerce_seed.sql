-- UUIDv7 made in SQL, for rows the database creates itself (same layout as src/db/ids.ts).
CREATE OR REPLACE FUNCTION comptoir_uuidv7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
      52, 1), 53, 1), 'hex')::uuid
$$;
--> statement-breakpoint
-- Every brand has a default flat-rate shipping method from its creation (editable afterwards).
CREATE OR REPLACE FUNCTION comptoir_brand_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'brand' THEN
    INSERT INTO shipping_methods (id, brand_id, kind, name, amount, currency, is_default)
    VALUES (comptoir_uuidv7(), NEW.id, 'flat', 'Colissimo', 590, 'EUR', true);
    INSERT INTO shop_settings (brand_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER accounts_brand_defaults AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION comptoir_brand_defaults();
--> statement-breakpoint
-- Standard VAT rates (basis points) of the countries we ship to first; operators may edit them.
INSERT INTO vat_rates (country, rate_bp) VALUES
  ('FR', 2000), ('BE', 2100), ('LU', 1700), ('CH', 810), ('MC', 2000), ('DE', 1900), ('ES', 2100),
  ('IT', 2200), ('NL', 2100), ('PT', 2300), ('AT', 2000), ('IE', 2300), ('GB', 2000), ('CA', 500),
  ('US', 0)
ON CONFLICT (country) DO NOTHING;
