"""Template helpers for coverage, including the block the sponsor's pledge page includes."""

from django import template

from jaring.coverage import selectors

register = template.Library()


@register.filter
def rule_title(code):
    return str(selectors.RULE_TITLES.get(code, code))


@register.filter
def rule_short(code):
    return str(selectors.RULE_SHORT.get(code, code))


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, "")


@register.inclusion_tag("coverage/_pledge_coverage.html", takes_context=True)
def pledge_coverage(context, pledge):
    """What the pledge protects: number of workers, where, which months, masked names and NIKs (first 20)."""
    user = context["request"].user
    return {"pledge": pledge, "summary": selectors.pledge_coverage(pledge, user, limit=20), "user": user}
