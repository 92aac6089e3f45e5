// Small SQL functions the seed's statements use. They are created in pg_temp inside the seed's transaction and
// dropped before it commits: nothing is added to the schema.

export const CREATE_HELPERS_SQL = `
-- A deterministic pseudo-random integer in [0, n) for the row key k and a named purpose (the salt): the same
-- (k, salt) always gives the same number; different salts give independent numbers. Inlined by the planner.
CREATE FUNCTION pg_temp.seed_roll(k bigint, salt text, n integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((hashint8extended(k, hashtext(salt)) & 2147483647) % n)::integer $$;

-- One element of a non-empty array, chosen by seed_roll (repeat an element to make it likelier).
CREATE FUNCTION pg_temp.seed_pick(options anyarray, k bigint, salt text) RETURNS anyelement
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT options[1 + pg_temp.seed_roll(k, salt, cardinality(options))] $$;

-- A gateway reference for key k: 12 upper-case hex digits (never 13 decimal digits in a row).
CREATE FUNCTION pg_temp.seed_reference(k bigint, salt text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT upper(lpad(to_hex(hashint8extended(k, hashtext(salt)) & 281474976710655), 12, '0')) $$;

-- The payment identifier of key k: k goes through a bijection of [0, 2^40) (multiplications by odd numbers and
-- xor-shifts, each invertible), then is written as 8 characters of the identifier alphabet (32^8 = 2^40).
-- Distinct keys below 2^40 therefore give distinct identifiers, which look random.
CREATE FUNCTION pg_temp.seed_identifier(k bigint) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  mask constant bigint := 1099511627775;
  alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  x bigint := k & mask;
  result text := '';
BEGIN
  x := (x * 4256249 + 1234567) & mask;
  x := x # (x >> 19);
  x := (x * 7046029 + 7654321) & mask;
  x := x # (x >> 21);
  x := (x * 5178083 + 2718281) & mask;
  x := x # (x >> 20);
  FOR j IN 1..8 LOOP
    result := substr(alphabet, (x & 31)::integer + 1, 1) || result;
    x := x >> 5;
  END LOOP;
  RETURN result;
END $$;

-- The order number of key k, "R" and 9 digits: a bijection of [0, 10^9), made by permuting [0, 2^30) the same
-- way and walking the cycle until the value falls below 10^9 (about 1.07 steps on average).
CREATE FUNCTION pg_temp.seed_order_number(k bigint) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  mask constant bigint := 1073741823;
  x bigint := k % 1000000000;
BEGIN
  LOOP
    x := (x * 1103515245 + 12345) & mask;
    x := x # (x >> 15);
    x := (x * 2891336453 + 1013904223) & mask;
    x := x # (x >> 13);
    EXIT WHEN x < 1000000000;
  END LOOP;
  RETURN 'R' || lpad(x::text, 9, '0');
END $$;
`;

export const DROP_HELPERS_SQL = `
DROP FUNCTION pg_temp.seed_order_number(bigint);
DROP FUNCTION pg_temp.seed_identifier(bigint);
DROP FUNCTION pg_temp.seed_reference(bigint, text);
DROP FUNCTION pg_temp.seed_pick(anyarray, bigint, text);
DROP FUNCTION pg_temp.seed_roll(bigint, text, integer);
`;
