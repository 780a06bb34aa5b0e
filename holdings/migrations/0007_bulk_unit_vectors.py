"""PostgreSQL only: the bulk path computes the two search vectors set-based, and the insert trigger
steps aside for its INSERT (design, sections 4 and 9).

Parsing the titles into vectors was the largest share of a bulk import's time in the database, done
by the trigger row after row once the whole file had been read. The bulk path (holdings/bulkload.py)
now parses each title while the rows stream into its staging table with COPY (the PostgreSQL backend
parses while Python reads the next rows) and combines the parsed vectors in its INSERT ... SELECT
with holdings_unit_full_vector and holdings_unit_public_vector, the same functions the trigger now
calls: which text is public is decided in one place, and both paths give byte-identical vectors
(tests/holdings/test_bulk_vectors.py compares them for every level). Every other insert gets its
vectors from the trigger, as before, whatever it brings along; updates of the titles, the level, the
restriction date or search_public still recompute them (unchanged)."""
from django.db import migrations

VECTORS = r"""
-- The full vector: the title's (weight A) and, when there is one, the public title's (weight B).
CREATE OR REPLACE FUNCTION holdings_unit_full_vector(title_v tsvector, public_v tsvector)
RETURNS tsvector AS $$
  SELECT CASE WHEN public_v IS NULL THEN title_v ELSE title_v || public_v END
$$ LANGUAGE sql IMMUTABLE;

-- The public vector. The public text (holdings_unit_public_text) is always the title, nothing, or
-- the public title, so a vector already parsed serves: the title's, or the public title's given
-- weight A (public_v is set whenever the public title is not empty). Each parameter but `title` is
-- used once, so PostgreSQL inlines the function into the bulk INSERT ... SELECT.
CREATE OR REPLACE FUNCTION holdings_unit_public_vector(title text, public_title text, level text,
                                                       restricted_until date, title_v tsvector,
                                                       public_v tsvector) RETURNS tsvector AS $$
  SELECT CASE holdings_unit_public_text(title, public_title, level, restricted_until)
    WHEN coalesce(title, '') THEN title_v
    WHEN '' THEN ''::tsvector
    ELSE setweight(public_v, 'A') END
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION holdings_unit_vectors() RETURNS trigger AS $$
DECLARE
  title_v tsvector := holdings_text_vector(NEW.title, 'A');
  public_v tsvector;
BEGIN
  IF coalesce(NEW.public_title, '') <> '' THEN
    public_v := holdings_text_vector(NEW.public_title, 'B');
  END IF;
  NEW.search_full := holdings_unit_full_vector(title_v, public_v);
  NEW.search_public := holdings_unit_public_vector(NEW.title, NEW.public_title, NEW.effective_access,
                                                   NEW.restricted_until, title_v, public_v);
  RETURN NEW;
END $$ LANGUAGE plpgsql;

-- The trigger steps aside only for the bulk path's INSERT, which sets both vectors from the functions
-- above and says so for the length of that statement (holdings.bulk_vectors): vectors that any other
-- insert brings along are recomputed, so that no caller can put private words in a public vector.
CREATE OR REPLACE TRIGGER holdings_unit_vectors_insert BEFORE INSERT ON holdings_unit
  FOR EACH ROW WHEN (NEW.search_full IS NULL OR NEW.search_public IS NULL
                     OR current_setting('holdings.bulk_vectors', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION holdings_unit_vectors();
"""

PREVIOUS = r"""
CREATE OR REPLACE TRIGGER holdings_unit_vectors_insert BEFORE INSERT ON holdings_unit
  FOR EACH ROW EXECUTE FUNCTION holdings_unit_vectors();

CREATE OR REPLACE FUNCTION holdings_unit_vectors() RETURNS trigger AS $$
DECLARE
  title_v tsvector := holdings_text_vector(NEW.title, 'A');
  public_text text := holdings_unit_public_text(NEW.title, NEW.public_title, NEW.effective_access, NEW.restricted_until);
  public_v tsvector;
BEGIN
  IF coalesce(NEW.public_title, '') = '' THEN
    NEW.search_full := title_v;
  ELSE
    public_v := holdings_text_vector(NEW.public_title, 'B');
    NEW.search_full := title_v || public_v;
  END IF;
  IF public_text = coalesce(NEW.title, '') THEN
    NEW.search_public := title_v;
  ELSIF public_text = '' THEN
    NEW.search_public := ''::tsvector;
  ELSIF public_v IS NOT NULL AND public_text = NEW.public_title THEN
    NEW.search_public := setweight(public_v, 'A');
  ELSE
    NEW.search_public := holdings_text_vector(public_text, 'A');
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP FUNCTION IF EXISTS holdings_unit_public_vector(text, text, text, date, tsvector, tsvector);
DROP FUNCTION IF EXISTS holdings_unit_full_vector(tsvector, tsvector);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VECTORS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("holdings", "0006_faster_unit_vectors")]
    operations = [migrations.RunPython(forwards, backwards)]
