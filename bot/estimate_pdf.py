"""An estimate as a one-page PDF in the visitor's language (fpdf2, Debian's DejaVu fonts).

Layout only: every figure comes from the Estimate the pricing core made, every word from the
message catalogue (bot/messages.yml), money from bot/formatting (Babel), so the PDF says
what the chat said. The chart draws, per option and for in-house, the first-year range from
low to high with a dot at the expected figure, on one shared scale from zero.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.company import company
from bot.estimate_reply import describe_value
from bot.formatting import locale_for, money
from bot.messages import enumerate_items, text
from bot.pricing.estimate import Estimate, Money
from bot.pricing.scenario import SCENARIO_FIELDS

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # style -> file
FONT = "DejaVu"
# What the three languages' texts use: Basic Latin, Latin-1, Latin Extended-A, general
# punctuation (narrow no-break space, quotes, dashes), the euro sign, the star.
FONT_UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2605,
]
INK = (31, 41, 55)
MUTED = (75, 85, 99)
ACCENT = (14, 99, 156)
IN_HOUSE = (120, 113, 108)
RULE = (209, 213, 219)


class FontMissing(RuntimeError):
    """Debian's fonts-dejavu-core is not installed (scripts/system-packages.sh installs it)."""


@dataclass(frozen=True)
class Bar:
    """One row of the first-year chart."""

    label: str
    amount: Money
    recommended: bool
    in_house: bool


def chart_bars(result: Estimate, language: str) -> list[Bar]:
    """The options, then in-house, as chart rows with their first-year ranges."""
    bars = [
        Bar(
            text(f"model.{option.model}", language),
            option.first_year,
            option.model == result.recommended,
            False,
        )
        for option in result.options
    ]
    bars.append(Bar(text("document.in_house", language), result.in_house.first_year, False, True))
    return bars


def _range(amount: Money, language: str) -> str:
    return text(
        "document.range",
        language,
        low=money(amount.low, language),
        high=money(amount.high, language),
    )


def _scenario_value(name: str, result: Estimate, language: str) -> str | None:
    value = result.scenario.get(name)
    if value is None:
        return None
    if name == "support_model":
        return text(f"model.{value}", language)
    if name == "aht_minutes":
        return text("document.minutes", language, value=describe_value(name, value, language))
    return describe_value(name, value, language)


@functools.lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """Debian's DejaVu Sans cut down to FONT_UNICODES, once per process (in a temporary folder).

    fpdf2 parses the whole font file for every document: the full DejaVu Sans (750 KB, 6,000
    glyphs) made that half the time of a PDF; the subset (about 600 glyphs) parses in a tenth.
    """
    folder = Path(tempfile.mkdtemp(prefix="estimate-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    files = {}
    for style, name in FONT_FILES.items():
        source = FONT_DIR / name
        if not source.is_file():
            raise FontMissing(f"{source} is missing: install the Debian package fonts-dejavu-core")
        font = TTFont(source)
        options = subset.Options()
        options.notdef_outline = True
        options.drop_tables += ["FFTM"]  # FontForge's timestamps: not needed, not subsettable
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=FONT_UNICODES)
        subsetter.subset(font)
        files[style] = folder / name
        font.save(files[style])
    return files


class EstimateDocument(FPDF):
    """A4 page with the company's footer; fonts from Debian."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(False)
        self.set_creator("support-cost assistant")

    def heading(self, label: str) -> None:
        """A section heading with some space above it."""
        self.ln(3)
        self.set_font(FONT, "B", 11.5)
        self.set_text_color(*ACCENT)
        self.cell(0, 7, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def paragraph(self, body: str, size: float = 9, color: tuple[int, int, int] = INK) -> None:
        """Wrapped text across the page."""
        self.set_font(FONT, "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.48, body, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)


def _header(pdf: EstimateDocument, language: str, today: dt.date) -> None:
    firm = company()
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 5, firm.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*INK)
    pdf.cell(0, 10, text("document.title", language), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    date = format_date(today, format="long", locale=locale_for(language))
    pdf.paragraph(text("document.subtitle", language, date=date), 9.5, MUTED)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(2)


def _scenario(pdf: EstimateDocument, result: Estimate, language: str) -> None:
    pdf.heading(text("document.scenario", language))
    label_width = 62
    for name in SCENARIO_FIELDS:  # agents only when stated (None otherwise)
        value = _scenario_value(name, result, language)
        if value is None:
            continue
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.cell(label_width, 5, text(f"parameter.{name}", language))
        pdf.set_text_color(*INK)
        if name in result.assumed:
            value = f"{value} ({text('document.assumed_mark', language)})"
        pdf.cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if result.assumed:
        pdf.paragraph(text("document.assumed_note", language), 8, MUTED)


def _options(pdf: EstimateDocument, result: Estimate, language: str) -> None:
    pdf.heading(text("document.options", language))
    widths = (56, 44, 28, 46)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_fill_color(238, 242, 247)
    titles = ("option", "monthly", "one_off", "first_year")
    for width, title in zip(widths, titles, strict=True):
        pdf.cell(width, 6, text(f"document.{title}", language), fill=True)
    pdf.ln(6)
    rows: list[tuple[str, Money, Money, Money, bool]] = [
        (
            text(f"model.{option.model}", language),
            option.monthly,
            option.one_off,
            option.first_year,
            option.model == result.recommended,
        )
        for option in result.options
    ]
    house = result.in_house
    rows.append(
        (text("document.in_house", language), house.monthly, house.one_off, house.first_year, False)
    )
    for label, monthly, one_off, first_year, recommended in rows:
        pdf.set_font(FONT, "B" if recommended else "", 8.5)
        name = f"{label} ★ {text('document.recommended', language)}" if recommended else label
        y = pdf.get_y()
        pdf.multi_cell(widths[0], 4.2, name, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
        height = max(pdf.get_y() - y, 4.2)
        pdf.set_xy(pdf.l_margin + widths[0], y)
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(widths[1], 4.2, _range(monthly, language))
        pdf.cell(widths[2], 4.2, money(one_off.expected, language))
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(widths[3], 4.2, money(first_year.expected, language))
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(pdf.l_margin + sum(widths[:3]), y + 4.2)
        pdf.cell(widths[3], 3.6, _range(first_year, language))
        pdf.set_text_color(*INK)
        pdf.set_xy(pdf.l_margin, y + max(height, 8.4) + 1.2)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y() - 0.6, pdf.l_margin + sum(widths), pdf.get_y() - 0.6)


def _chart(pdf: EstimateDocument, bars: Sequence[Bar], language: str) -> None:
    """Per row a label, then the range on one scale from 0 to the highest `high`, a dot at the
    expected figure and that figure at the right (the widget's chart, web/widget.js)."""
    pdf.heading(text("document.chart", language))
    value_width, row = 30, 10.5
    left = pdf.l_margin
    width = pdf.w - pdf.r_margin - left - value_width
    top = max(bar.amount.high for bar in bars) or 1
    y = pdf.get_y()
    for bar in bars:
        color = IN_HOUSE if bar.in_house else ACCENT
        pdf.set_font(FONT, "B" if bar.recommended else "", 8.5)
        pdf.set_xy(left, y)
        pdf.cell(width, 4.5, bar.label)
        bar_y, bar_height = y + 5, 3.4
        x_low = left + width * bar.amount.low / top
        x_high = left + width * bar.amount.high / top
        x_expected = left + width * bar.amount.expected / top
        pdf.set_fill_color(232, 236, 241)
        pdf.rect(left, bar_y, width, bar_height, style="F")
        pdf.set_fill_color(*color)
        pdf.rect(x_low, bar_y, max(x_high - x_low, 0.6), bar_height, style="F")
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(*INK)
        pdf.ellipse(x_expected - 1.3, bar_y + bar_height / 2 - 1.3, 2.6, 2.6, style="DF")
        pdf.set_xy(left + width, bar_y - 1)
        pdf.set_font(FONT, "", 8)
        pdf.cell(value_width, bar_height + 2, money(bar.amount.expected, language), align="R")
        y += row
    pdf.set_y(y)


def _comparison(pdf: EstimateDocument, result: Estimate, language: str) -> None:
    pdf.heading(text("document.comparison", language))
    pdf.paragraph(
        text(
            "estimate.in_house_more",
            language,
            fte=describe_value("agents", round(result.in_house.fte), language),
            in_house=money(result.in_house.first_year.expected, language),
        )
    )
    items = [text(f"not_included.{item}", language) for item in result.not_included]
    pdf.ln(1)
    pdf.paragraph(text("document.not_included", language, items=enumerate_items(items, language)))


def _footer(pdf: EstimateDocument, result: Estimate, language: str) -> None:
    firm = company()
    pdf.set_y(pdf.h - 34)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.paragraph(text("document.disclaimer", language, version=result.pricing_version), 7.5, MUTED)
    pdf.ln(1)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, text("document.contact", language), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    country = text("document.country", language)
    phone, email = text("document.phone", language), text("document.email", language)
    pdf.paragraph(
        f"{firm.name} · {firm.street} · {firm.postcode_city} · {country}\n"
        f"{phone} {firm.phone} · {email} {firm.email}",
        8.5,
    )


def estimate_pdf(result: Estimate, language: str, today: dt.date | None = None) -> bytes:
    """The one-page PDF of `result` in `language`, dated `today` (default: today)."""
    pdf = EstimateDocument()
    pdf.set_title(text("document.title", language))
    pdf.set_lang(language)
    pdf.add_page()
    _header(pdf, language, today or dt.date.today())
    _scenario(pdf, result, language)
    _options(pdf, result, language)
    _chart(pdf, chart_bars(result, language), language)
    _comparison(pdf, result, language)
    _footer(pdf, result, language)
    return bytes(pdf.output())
