"""YAML data (Q&A, quiz bank, contest catalogue) and the code that loads and matches it."""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
