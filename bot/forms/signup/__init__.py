"""The contest sign-up form: its slot table (slots.py), the questions and parsers (questions.py),
the facts they read (answers.py), and the record a confirmed sign-up is stored as (record.py)."""
