"""Imports every module that declares tables, so migrations see the whole schema."""
