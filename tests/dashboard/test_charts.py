"""SVG chart geometry: numbers an SVG understands, whatever the member's language."""

from django.utils import translation

from netwerk.charts import Part, bar_rows, column_chart, stacked_bar, svg_number


def test_svg_numbers_use_a_dot_and_drop_trailing_zeros():
    assert [svg_number(v) for v in (37.5, 0, 100.0, 1 / 3, -0.001)] == ["37.5", "0", "100", "0.33", "0"]


def test_stacked_bar_segments_fill_the_width_in_order():
    bar = stacked_bar([Part("a", "A", 1), Part("b", "B", 0), Part("c", "C", 3)])
    assert bar.total == 4
    assert [(s.part.key, s.x, s.width, s.percent) for s in bar.segments] == [("a", "0", "25", 25), ("c", "25", "75", 75)]


def test_an_empty_whole_draws_no_segments():
    assert stacked_bar([Part("a", "A", 0)]).segments == []


def test_bar_rows_scale_to_the_largest_count():
    rows = bar_rows([("x", 10, "/x", None), ("y", 5, "/y", None), ("z", 0, "/z", None)])
    assert [r.width for r in rows] == ["100", "50", "0"]


def test_column_chart_puts_the_tallest_column_at_the_top_in_dutch_too():
    with translation.override("nl"):
        chart = column_chart([("jan", 2, ""), ("feb", 4, ""), ("mrt", 0, "")])
    assert [c.height for c in chart.columns] == ["60", "120", "0"]
    assert chart.columns[1].y == "16"
    assert chart.width == 90
