"""The extraction pipeline's budget: an article over it is one InputError, and the next article is extracted."""
import pytest

from kg.extract.pipeline import ArticleBudget, ArticleTooCostly, Extractor
from kg.ingest import InputError
from kg.model import Article

TEXT = "استقبل وزير الداخلية في الرباط أمس نظيره التونسي وبحث معه سبل تعزيز التعاون الأمني بين البلدين."


@pytest.fixture(scope="module")
def rules_only():
    return Extractor(rules_only=True, recognizers=())


def test_an_article_over_the_token_budget_is_refused_in_one_line(rules_only):
    small = Extractor(gazetteer=rules_only.gazetteer, lexicon=rules_only.lexicon, rules_only=True,
                      recognizers=(), budget=ArticleBudget(max_tokens=40))
    long = Article(id="long", text=(TEXT + "\n") * 3, source="in/long.txt")
    with pytest.raises(ArticleTooCostly) as info:
        small(long)
    err = info.value
    assert isinstance(err, InputError) and err.path == "in/long.txt"
    assert "51 tokens" in err.reason and "40" in err.reason and "split" in err.reason
    assert "\n" not in str(err)
    assert small(Article(id="short", text=TEXT)).entities  # the next one goes through


def test_an_article_past_the_time_budget_is_refused(rules_only):
    hurried = Extractor(gazetteer=rules_only.gazetteer, lexicon=rules_only.lexicon, rules_only=True,
                        recognizers=(), budget=ArticleBudget(max_seconds=0.0))
    with pytest.raises(ArticleTooCostly, match="took more than 0 s"):
        hurried(Article(id="a", text=TEXT))


def test_the_default_budget_lets_an_ordinary_article_through(rules_only):
    assert rules_only.budget.max_tokens == 250_000
    assert rules_only(Article(id="a", text=TEXT)).entities
