from django import template

from jaring.lib.dates import month_label, tanggal
from jaring.lib.money import format_rupiah, terbilang

register = template.Library()


@register.filter(name="rupiah")
def rupiah_filter(value):
    return "—" if value in (None, "") else format_rupiah(value)


@register.filter(name="terbilang")
def terbilang_filter(value):
    return "" if value in (None, "") else terbilang(value)


@register.filter(name="bulan")
def bulan_filter(value):
    return "—" if not value else month_label(value)


@register.filter(name="tanggal")
def tanggal_filter(value):
    return "—" if not value else tanggal(value)
