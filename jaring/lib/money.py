"""Money is whole Rupiah (integers). One place formats it in figures and in words (terbilang)."""

from __future__ import annotations

from num2words import num2words


def format_rupiah(amount: int) -> str:
    """``20160000`` -> ``"Rp 20.160.000"`` (dots between thousands, no decimals; a minus sign before Rp)."""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def terbilang(amount: int) -> str:
    """The amount in Indonesian words: ``20160000`` -> ``"dua puluh juta seratus enam puluh ribu rupiah"``."""
    amount = int(amount)
    words = num2words(abs(amount), lang="id")
    prefix = "minus " if amount < 0 else ""
    return f"{prefix}{words} rupiah"
