"""What the first questions would build on the event loop is built when the server loads or
reloads its knowledge (knowledge.check.prepare, bot.services.reload_knowledge)."""
from __future__ import annotations

import pytest

from bot.core.config import load_settings
from bot.services import Services, reload_knowledge
from knowledge import contest, scope, spell
from knowledge.check import load_all, prepare
from knowledge.contest import desk_for
from knowledge.scope import lexicon_for
from knowledge.spell import reader_for


def _nothing_built_from_now_on(monkeypatch) -> None:
    def built(*_a, **_k):
        raise AssertionError("built while answering, not when the knowledge was loaded")
    for cls in (contest.ContestDesk, scope.Lexicon, spell.PinyinReader):
        monkeypatch.setattr(cls, "__init__", built)


def _asked_as_the_qa_handler_asks(knowledge) -> str | None:
    desk = desk_for(knowledge["catalogue"])
    lexicon_for(knowledge["kb"], desk)
    return reader_for(knowledge["kb"], desk).read("juesai shi na yi ji")


def test_prepare_builds_the_desk_the_lexicon_and_the_pinyin_reader(monkeypatch):
    knowledge = load_all(load_settings(env={}))
    prepare(knowledge)
    _nothing_built_from_now_on(monkeypatch)
    assert _asked_as_the_qa_handler_asks(knowledge) == "决赛是哪一级"


def test_without_prepare_the_first_question_builds_them(monkeypatch):
    knowledge = load_all(load_settings(env={}))          # a fresh knowledge base: nothing cached for it
    _nothing_built_from_now_on(monkeypatch)
    with pytest.raises(AssertionError, match="built while answering"):
        _asked_as_the_qa_handler_asks(knowledge)


def test_a_reload_prepares_the_new_knowledge(monkeypatch):
    settings = load_settings(env={})
    services = Services(settings=settings, **load_all(settings))
    assert reload_knowledge(services, everywhere=False)
    _nothing_built_from_now_on(monkeypatch)
    assert _asked_as_the_qa_handler_asks({"catalogue": services.catalogue, "kb": services.kb}) == "决赛是哪一级"


def test_a_question_on_the_old_knowledge_while_the_new_is_prepared_builds_nothing(monkeypatch):
    """A reload prepares the new knowledge off the loop while questions are still answered with the
    old: neither undoes the other (one global desk slot did -- the old desk was rebuilt on the loop,
    then its lexicon and reader, then after the swap the new ones again: 0.2-0.4 s)."""
    from knowledge import check
    old = load_all(load_settings(env={}))
    prepare(old)
    new = load_all(load_settings(env={}))
    asked_between: list[str | None] = []
    real_lexicon_for = check.lexicon_for

    def lexicon_for_then_a_question_on_the_old(kb, desk):
        # prepare(new) has built the new desk; a question on the old knowledge comes in meanwhile
        with monkeypatch.context() as m:
            _nothing_built_from_now_on(m)
            asked_between.append(_asked_as_the_qa_handler_asks(old))
        return real_lexicon_for(kb, desk)

    monkeypatch.setattr(check, "lexicon_for", lexicon_for_then_a_question_on_the_old)
    prepare(new)
    assert asked_between == ["决赛是哪一级"]
    _nothing_built_from_now_on(monkeypatch)
    assert _asked_as_the_qa_handler_asks(old) == "决赛是哪一级"       # still answering with the old
    assert _asked_as_the_qa_handler_asks(new) == "决赛是哪一级"       # and after the swap, with the new
    assert desk_for(new["catalogue"]) is not desk_for(old["catalogue"])
