"""Forms described as data, between storage and knowledge: the pure field validators, and (next)
the sign-up form's table of slots, from which the conversation asks and storage stores."""
