"""Fenjin bot: the WeChat Official Account bot of the 红色昌都·振兴奋进 campaign."""
