import math

import numpy as np
import pytest

from science import fractal
from science.synthetic import sierpinski


@pytest.mark.parametrize("n", [256, 1024])
def test_sierpinski_is_exactly_log3_over_log2(n):
    assert fractal.box_counting_dimension(sierpinski(n)) == pytest.approx(math.log(3) / math.log(2), abs=1e-9)


def test_line_is_one_and_filled_square_is_two():
    line = np.zeros((512, 512), bool)
    line[256, :] = True
    assert fractal.box_counting_dimension(line) == pytest.approx(1.0, abs=1e-9)
    assert fractal.box_counting_dimension(np.ones((512, 512), bool)) == pytest.approx(2.0, abs=1e-9)


def test_edge_map_as_0_255_is_read_as_binary():
    """The original system's bug: 0/255 edge maps made every count zero and D always 0."""
    tri = sierpinski(256).astype(np.uint8) * 255
    assert fractal.box_counting_dimension(tri) == pytest.approx(math.log(3) / math.log(2), abs=1e-9)


def test_result_reports_range_counts_fit_and_local_slopes():
    res = fractal.box_counting(sierpinski(512))
    assert (res.s_min, res.s_max) == (2, 64)
    assert list(res.sizes) == [2**k for k in range(10)]
    assert res.r2 == pytest.approx(1.0)
    np.testing.assert_allclose(res.local_slopes, math.log(3) / math.log(2))
    assert res.fitted.sum() == 6


def test_non_square_patterns_are_zero_padded():
    line = np.zeros((300, 1000), bool)
    line[150, :] = True
    assert fractal.box_counting_dimension(line) == pytest.approx(1.0, abs=0.02)


def test_empty_and_tiny_patterns_are_errors():
    with pytest.raises(ValueError, match="no foreground"):
        fractal.box_counting_dimension(np.zeros((64, 64), bool))
    with pytest.raises(ValueError, match="fewer than two"):
        fractal.box_counting_dimension(np.ones((8, 8), bool), s_max=2)
    with pytest.raises(ValueError, match="2-D"):
        fractal.box_counting_dimension(np.ones((8, 8, 3), bool))
    with pytest.raises(ValueError, match="s_min"):
        fractal.box_counting_dimension(np.ones((64, 64), bool), s_min=8, s_max=4)
