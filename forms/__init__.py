"""WTForms classes by journey; they speak plain English and know nothing of the database."""
