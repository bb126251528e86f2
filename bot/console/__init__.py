"""The cadre console (/admin) and the chat simulator (/simulator), on top of the webhook app."""
from bot.console.app import create_site

__all__ = ["create_site"]
