"""One module per conversation. Handlers see plain Message objects and return Reply objects."""
