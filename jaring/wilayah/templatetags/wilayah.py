from django import template

from jaring.wilayah.models import Kelurahan

register = template.Library()


@register.inclusion_tag("wilayah/_kelurahan_datalist.html")
def kelurahan_datalist():
    return {"kelurahan_options": Kelurahan.objects.select_related("kecamatan").order_by("nama")}
