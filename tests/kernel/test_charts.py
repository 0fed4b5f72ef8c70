"""The geometry every server-rendered chart shares."""

import pytest

from workforce.kernel.charts import Frame, Scale, format_number, nice_scale, nice_step, polylines


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([12.4, 15.2, 17.9], Scale(0, 20, 5)),
        ([0.4, 0.9], Scale(0, 1.0, 0.25)),
        ([], Scale(0, 0.25, 0.25)),
        ([None, 3, None], Scale(0, 4, 1)),
        ([-3, 7], Scale(-5, 7.5, 2.5)),
        ([1180, 1210], Scale(0, 1500, 500)),
    ],
)
def test_an_axis_runs_from_zero_or_below_to_a_round_number_above_the_highest_value(values, expected):
    scale = nice_scale(values)
    assert scale == pytest.approx(expected)
    assert scale.low <= min([v for v in values if v is not None], default=0)
    assert scale.high > max([v for v in values if v is not None], default=0)


def test_steps_are_one_two_two_and_a_half_or_five_times_a_power_of_ten():
    assert nice_step(20) == 5
    assert nice_step(9) == 2.5
    assert nice_step(3) == 1
    assert nice_step(0.004) == pytest.approx(0.001)


def test_a_frame_places_the_first_and_last_points_on_the_edges_of_the_plot():
    frame = Frame(640, 240, 3, Scale(0, 20, 5), left=56, right=16, top=12, bottom=36)
    assert (frame.x(0), frame.x(2)) == (56, 624)
    assert (frame.y(0), frame.y(20), frame.y(10)) == (204, 12, 108)
    assert [label for _y, label in frame.gridlines()] == ["0", "5", "10", "15", "20"]
    assert (frame.plot_left, frame.plot_right, frame.plot_bottom) == (56, 624, 204)


def test_month_labels_are_thinned_so_that_they_never_crowd():
    frame = Frame(640, 240, 24, Scale(0, 20, 5))
    labels = frame.x_labels([f"M{index}" for index in range(24)], most=8)
    assert [label for _x, label, _anchor in labels] == [f"M{index}" for index in range(0, 21, 3)] + ["M23"]


def test_the_first_and_last_month_labels_are_whole_inside_the_chart():
    frame = Frame(640, 240, 24, Scale(0, 20, 5))
    labels = frame.x_labels([f"Nov {2000 + index}" for index in range(24)], most=6)
    assert labels[0][2] == "start"
    assert labels[-1] == (frame.x(23), "Nov 2023", "end")
    assert {anchor for _x, _label, anchor in labels[1:-1]} == {"middle"}
    assert Frame(640, 240, 1, Scale(0, 1, 1)).x(0) == 56


def test_gaps_split_a_line_and_a_lone_point_draws_no_line():
    assert polylines([(0, 1), (1, 2), (2, None), (3, 4), (4, None), (5, 6), (6, 7)]) == ["0,1 1,2", "5,6 6,7"]
    assert polylines([(0, None)]) == []


def test_numbers_are_written_whole_when_whole():
    assert format_number(1500) == "1,500"
    assert format_number(2.5) == "2.5"
