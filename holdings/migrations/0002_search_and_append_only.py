"""PostgreSQL only: the trigger that fills the two search vectors on every write (so also on the
bulk import), their GIN indexes, and the rule that keeps the access log append-only.
On SQLite (the embedded default) nothing is created; search falls back to LIKE."""
from django.db import migrations

VECTOR_FUNCTION = r"""
CREATE OR REPLACE FUNCTION holdings_unit_public_text(title text, public_title text, level text,
                                                     restricted_until date) RETURNS text AS $$
  SELECT CASE
    WHEN restricted_until IS NOT NULL AND restricted_until < CURRENT_DATE THEN coalesce(title, '')
    WHEN level = 'open' THEN coalesce(title, '')
    WHEN level = 'personal' THEN coalesce(public_title, '')
    ELSE '' END
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION holdings_text_vector(body text, weight "char") RETURNS tsvector AS $$
  -- Russian is stemmed; Kazakh has no stemmer, so the same text also goes in unstemmed ('simple')
  -- and Kazakh words are matched by prefix.
  SELECT setweight(to_tsvector('russian', coalesce(body, '')), weight)
      || setweight(to_tsvector('simple', coalesce(body, '')), weight)
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION holdings_unit_vectors() RETURNS trigger AS $$
BEGIN
  NEW.search_full := holdings_text_vector(NEW.title, 'A') || holdings_text_vector(NEW.public_title, 'B');
  NEW.search_public := holdings_text_vector(
      holdings_unit_public_text(NEW.title, NEW.public_title, NEW.effective_access, NEW.restricted_until), 'A');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER holdings_unit_vectors_insert BEFORE INSERT ON holdings_unit
  FOR EACH ROW EXECUTE FUNCTION holdings_unit_vectors();
CREATE TRIGGER holdings_unit_vectors_update BEFORE UPDATE OF title, public_title, effective_access,
  restricted_until, search_public ON holdings_unit
  FOR EACH ROW EXECUTE FUNCTION holdings_unit_vectors();

CREATE INDEX holdings_unit_search_public_gin ON holdings_unit USING gin (search_public);
CREATE INDEX holdings_unit_search_full_gin ON holdings_unit USING gin (search_full);
CREATE INDEX holdings_unit_restricted_until ON holdings_unit (restricted_until)
  WHERE restricted_until IS NOT NULL;

CREATE OR REPLACE FUNCTION holdings_access_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER holdings_access_log_no_change BEFORE UPDATE OR DELETE ON holdings_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION holdings_access_log_append_only();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS holdings_access_log_no_change ON holdings_accesslogentry;
DROP FUNCTION IF EXISTS holdings_access_log_append_only();
DROP INDEX IF EXISTS holdings_unit_restricted_until;
DROP INDEX IF EXISTS holdings_unit_search_full_gin;
DROP INDEX IF EXISTS holdings_unit_search_public_gin;
DROP TRIGGER IF EXISTS holdings_unit_vectors_update ON holdings_unit;
DROP TRIGGER IF EXISTS holdings_unit_vectors_insert ON holdings_unit;
DROP FUNCTION IF EXISTS holdings_unit_vectors();
DROP FUNCTION IF EXISTS holdings_text_vector(text, "char");
DROP FUNCTION IF EXISTS holdings_unit_public_text(text, text, text, date);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VECTOR_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("holdings", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
