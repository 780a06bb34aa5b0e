"""Background work of the accounts app (none yet: e-mail is sent on commit)."""
