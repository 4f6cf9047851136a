"""Typed edition options: each platform base declares them, every edition is checked once, when
its spider class is defined, and the base reads typed values.

The spiders here are defined inside the tests (a class statement is what runs the check); each
broken one is a mistake a contributor makes: a misspelt key, a forgotten one, a string where a
tuple belongs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from scrapy.exceptions import UsageError

from scrapers.commands.newspider import option_value
from scrapers.platforms.base import ConfigError, Edition
from scrapers.platforms.customjson import CustomJsonSpider
from scrapers.platforms.options import (
    Options,
    edition_only_options,
    option_problems,
    required_options,
)
from scrapers.platforms.pentabarf import PentabarfOptions, PentabarfSpider
from scrapers.platforms.pretalx import PretalxOptions, PretalxSpider
from scrapers.platforms.sitedata import FrontMatterSpider, SiteDataOptions
from scrapers.tooling.conventions import edition_problems

PRETALX = {"pretalx_url": "https://cfp.example.org", "pretalx_event": "conf-2024"}


def edition(**options: object) -> Edition:
    return Edition(
        slug="conf-2024",
        title="Conf 2024",
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 5, 2),
        timezone="Europe/Paris",
        options=dict(options),
    )


def test_a_good_spider_reads_typed_options_with_the_declared_defaults() -> None:
    class GoodSpider(PretalxSpider):
        name = "good"
        editions = {2024: edition(**PRETALX, api="talks")}

    spider = GoodSpider(year="2024")
    assert isinstance(spider.options, PretalxOptions)
    assert spider.options.pretalx_url == "https://cfp.example.org"
    assert spider.options.api == "talks"
    assert spider.options.locale == "en"  # declared default
    assert spider.base_url == "https://cfp.example.org"
    assert spider.endpoint_url(spider._first_endpoint()).endswith("/talks/?limit=100")


def test_a_class_attribute_is_the_default_of_every_edition() -> None:
    class Trusting(PentabarfSpider):
        name = "trusting"
        trust_offsets = False  # PentabarfSpider option as a class attribute
        editions = {
            2023: edition(schedule_url="file:///a.xml"),
            2024: edition(schedule_url="file:///b.xml", trust_offsets=True),
        }

    assert Trusting(year="2023").options.trust_offsets is False
    assert Trusting(year="2024").options.trust_offsets is True  # the edition wins


def test_unknown_key_names_spider_year_and_key_with_a_suggestion() -> None:
    with pytest.raises(ConfigError) as info:

        class Misspelt(PretalxSpider):
            name = "misspelt"
            editions = {2024: edition(**PRETALX, talk_page_lable="Talk")}

    message = str(info.value)
    assert message.startswith("misspelt: edition 2024: ")
    assert "'talk_page_lable'" in message
    assert "did you mean 'talk_page_label'?" in message


def test_missing_required_key_names_every_missing_key() -> None:
    with pytest.raises(ConfigError) as info:

        class Forgetful(FrontMatterSpider):
            name = "forgetful"
            editions = {2024: edition(repo="o/r", paths=("a/", "b/"), schedule_dir="a/")}

    message = str(info.value)
    assert "forgetful: edition 2024: " in message
    assert "lacks options ['sha', 'presenters_dir']" in message


@pytest.mark.parametrize(
    ("options", "key", "wanted"),
    [
        ({"paths": "schedule/"}, "paths", "tuple[str, ...]"),  # a string, not a tuple
        ({"sha": 123}, "sha", "str or None"),
        ({"talk_page_label": ["Talk"]}, "talk_page_label", "str or None"),
    ],
)
def test_wrong_type_names_the_key_and_the_declared_type(
    options: dict[str, object], key: str, wanted: str
) -> None:
    good = {"repo": "o/r", "sha": "0" * 40, "paths": ("a/", "b/")}
    good |= {"schedule_dir": "a/", "presenters_dir": "b/"}
    with pytest.raises(ConfigError) as info:

        class Mistyped(FrontMatterSpider):
            name = "mistyped"
            editions = {2024: edition(**(good | options))}

    assert f"mistyped: edition 2024: option {key!r}: " in str(info.value)
    assert str(info.value).endswith(f"is not {wanted}")


def test_literal_bool_and_mapping_types() -> None:
    assert option_problems(PretalxOptions, {**PRETALX, "api": "rest"}) == [
        "option 'api': 'rest' is not one of 'submissions', 'talks', 'export' or None"
    ]
    assert option_problems(PentabarfOptions, {"schedule_url": "u", "trust_offsets": "no"})
    assert option_problems(PentabarfOptions, {"schedule_url": "u", "trust_offsets": None}) == []
    bad_map = {"sessions_url": "u", "fields": {"title": 1}}
    assert option_problems(CustomJsonSpider.options_type, bad_map) == [
        "option 'fields': {'title': 1} is not Mapping[str, str]"
    ]


def test_a_rule_of_the_declaration_is_checked_with_the_types() -> None:
    with pytest.raises(ConfigError, match="edition 2024: option 'fields' maps no 'title'"):

        class NoTitle(CustomJsonSpider):
            name = "no-title"
            editions = {2024: edition(sessions_url="u", fields={"id": "id"})}


def test_a_generic_spider_checks_its_class_attributes() -> None:
    with pytest.raises(ConfigError, match="class attribute option 'trust_offsets'"):

        class Generic(PentabarfSpider):
            name = "generic"
            trust_offsets = "sometimes"


def test_an_edition_changed_at_run_time_is_read_again() -> None:
    class Later(PretalxSpider):
        name = "later"
        editions = {2024: edition(**PRETALX)}

    spider = Later(year="2024")
    spider.edition = replace(spider.edition, options={**PRETALX, "locale": "fr"})
    assert spider.options.locale == "fr"
    with pytest.raises(ConfigError, match="later: conf-2024: unknown option 'local'"):
        spider.edition = replace(spider.edition, options={**PRETALX, "local": "fr"})


def test_an_edition_from_arguments_may_lack_what_an_argument_gives() -> None:
    """A required option is due in the table only: ``-a source=`` stands for repo and sha."""
    assert required_options(SiteDataOptions) == ("repo", "sha", "paths")
    assert edition_only_options(SiteDataOptions) == ("sha",)
    partial = {"repo": "o/r", "paths": ("a/",)}
    assert option_problems(SiteDataOptions, partial, complete=False) == []
    assert option_problems(SiteDataOptions, partial) == ["lacks options ['sha']"]


def test_conventions_read_the_same_declaration() -> None:
    class Checked(PretalxSpider):
        name = "checked"
        editions = {2024: edition(**PRETALX)}

    assert edition_problems(Checked) == []
    # an edition slipped in after the class statement (the import-time check has run)
    Checked.editions = {2024: edition(pretalx_url="https://cfp.example.org", locale=3)}
    assert edition_problems(Checked) == [
        "edition 2024: lacks options ['pretalx_event'] (PretalxOptions)",
        "edition 2024: option 'locale': 3 is not str (PretalxOptions)",
    ]


def test_newspider_options_follow_the_declaration() -> None:
    assert option_value("pentabarf", "trust_offsets", "false") is False
    assert option_value("frontmatter", "paths", "a/, b/") == ("a/", "b/")
    assert option_value("pretalx", "locale", "fr") == "fr"
    with pytest.raises(UsageError, match="pretalx has no such option"):
        option_value("pretalx", "local", "fr")
    with pytest.raises(UsageError, match="wants one of 'submissions'"):
        option_value("pretalx", "api", "rest")


def test_every_platform_declares_frozen_typed_options() -> None:
    from scrapers.platforms import sessionize, symposion
    from scrapers.platforms.sitedata import (
        astromdx,
        djangoamber,
        lektor,
        mkdocs,
        pyconau,
        rockgarden,
    )

    bases = [
        PretalxSpider,
        PentabarfSpider,
        CustomJsonSpider,
        FrontMatterSpider,
        astromdx.AstroMdxSpider,
        djangoamber.DjangoAmberSpider,
        lektor.LektorDatabagSpider,
        mkdocs.MkDocsSpider,
        pyconau.PyconAuYamlSpider,
        rockgarden.RockgardenSpider,
        sessionize.SessionizeSpider,
        symposion.SymposionSpider,
    ]
    types = {base.options_type for base in bases}
    assert len(types) == len(bases)  # one declaration per platform
    for options_type in types:
        assert issubclass(options_type, Options)
        assert options_type.__dataclass_params__.frozen  # type: ignore[attr-defined]
