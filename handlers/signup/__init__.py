"""Contest sign-up conversation: 报名 / 我的报名 / 取消报名.

- flow.py   the conversation: start, answer the current question, go back, edit, confirm
- state.py  where a user is in it (an explicit State) and the session data of each state
- form.py   a draft being filled in by the slot table (bot/forms/signup/slots.py), its summary
            and the record stored on 「确认」
- mine.py   我的报名 and 取消报名
- words.py  the words the conversation recognises

The questions, parsers and storage of each field are rows of the slot table; storage comes in
through ``ctx.services.signups`` (bot.storage.signups.SignupRepository).
"""
from handlers.signup.flow import SignupHandler

__all__ = ["SignupHandler"]
