"""PostgreSQL only: a closed unit's title never reaches the public search vector.

Design, section 5: `personal` and `restricted` carry `restricted_until` and open after it; a
`closed` record is for the archive's staff only, whatever date it carries (a unit marked as
holding personal data gets a 75-year date by default, also when it is closed). The public text
used to be the title for any unit with a lapsed date; it is now so only for personal and
restricted units, as in holdings/access.py. Both the trigger and the bulk path call this function,
so they stay identical. The vectors of closed units that carry a lapsed date are rebuilt."""
from django.db import migrations

PUBLIC_TEXT = r"""
CREATE OR REPLACE FUNCTION holdings_unit_public_text(title text, public_title text, level text,
                                                     restricted_until date) RETURNS text AS $$
  SELECT CASE
    WHEN level IN ('personal', 'restricted') AND restricted_until IS NOT NULL
         AND restricted_until < CURRENT_DATE THEN coalesce(title, '')
    WHEN level = 'open' THEN coalesce(title, '')
    WHEN level = 'personal' THEN coalesce(public_title, '')
    ELSE '' END
$$ LANGUAGE sql STABLE;
"""

PREVIOUS_PUBLIC_TEXT = r"""
CREATE OR REPLACE FUNCTION holdings_unit_public_text(title text, public_title text, level text,
                                                     restricted_until date) RETURNS text AS $$
  SELECT CASE
    WHEN restricted_until IS NOT NULL AND restricted_until < CURRENT_DATE THEN coalesce(title, '')
    WHEN level = 'open' THEN coalesce(title, '')
    WHEN level = 'personal' THEN coalesce(public_title, '')
    ELSE '' END
$$ LANGUAGE sql STABLE;
"""

# Setting search_public fires the update trigger, which recomputes both vectors.
REBUILD = r"""
UPDATE holdings_unit SET search_public = NULL
 WHERE effective_access = 'closed' AND restricted_until IS NOT NULL AND restricted_until < CURRENT_DATE;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PUBLIC_TEXT)
        schema_editor.execute(REBUILD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS_PUBLIC_TEXT)
        schema_editor.execute(REBUILD)


class Migration(migrations.Migration):
    dependencies = [("holdings", "0007_bulk_unit_vectors")]
    operations = [migrations.RunPython(forwards, backwards)]
