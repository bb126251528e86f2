"""Imports every module that declares tables, so migrations see the whole schema."""
import bot.storage.quiz  # noqa: F401
import bot.storage.signups  # noqa: F401
import bot.storage.unanswered  # noqa: F401
