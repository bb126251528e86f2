"""Forms described as data: a table of slots, one row per field (bot.forms.spec), the pure field
validators, and the contest sign-up form (bot.forms.signup).

This layer sits below storage and above knowledge: storage derives the record it stores and the
export its columns from the slot table, and the conversation (handlers.signup) asks the questions
the table lists. Nothing here does I/O of its own; what a question needs from outside (the
catalogue, the clock, the sign-up repository) comes in through the answers object it is given.
"""
