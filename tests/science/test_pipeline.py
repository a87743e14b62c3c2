import numpy as np
import pytest

from science.analyzers import ANALYZERS, Analyzer, select
from science.errors import ImageLoadError
from science.frame import Frame
from science.pipeline import AnalysisResult, analyze, analyze_array, run_analyzers
from science.registry import registry
from science.synthetic import camera_like
from tests.science.images import encode


def test_analyze_bytes_and_path_give_every_implemented_key(tmp_path):
    data = encode(camera_like(1600, 1200, seed=2), "JPEG", quality=90)
    path = tmp_path / "room.jpeg"
    path.write_bytes(data)
    from_bytes = analyze(data)
    from_path = analyze(path)
    assert from_bytes.values == from_path.values
    implemented = {k for k, a in registry().items() if a.status == "implemented"}
    assert set(from_bytes.values) == implemented
    assert not from_bytes.errors and not from_bytes.undefined
    assert from_bytes.input_size == (1600, 1200) and from_bytes.analysis_size == (1024, 768)
    assert {a.name for a in ANALYZERS} <= set(from_bytes.versions) and "numpy" in from_bytes.versions
    assert from_bytes.timings["total"] >= from_bytes.timings["decode"] > 0


def test_analysis_is_bit_for_bit_deterministic_whatever_the_memory_layout():
    """SIMD kernels can round differently with buffer alignment (cv2.pow and cv2.magnitude did).

    Intermediate arrays land at different addresses when the heap differs, so the runs are
    interleaved with allocations of random sizes, and the input is also shifted in memory.
    """
    img = camera_like(640, 480, seed=4)
    first = analyze_array(img).values
    rng = np.random.default_rng(0)
    ballast = []
    for offset in range(1, 25):
        ballast.append(np.empty(int(rng.integers(1, 3_000_000)), np.uint8))
        if len(ballast) > 5:
            ballast.pop(int(rng.integers(0, len(ballast))))
        raw = np.empty(img.size + offset, np.uint8)
        shifted = raw[offset:].reshape(img.shape)
        shifted[...] = img
        assert analyze_array(shifted).values == first, offset


def test_blank_image_reports_undefined_values_with_reasons_not_zeros():
    result = analyze_array(np.full((64, 64, 3), 200, np.uint8))
    assert "fractal.D" not in result.values
    assert "no edges" in result.undefined["fractal.D"]
    assert "spectral.slope" in result.undefined
    assert "fractal.D" in result.undefined["biophilia.index"]
    assert result.values["complexity.edge_density"] == 0.0
    assert result.values["naturalness.score"] == 0.0  # indices that do not need D still compute
    assert not result.errors


def test_a_failing_analyzer_loses_nothing_else():
    def boom(frame, values):
        raise RuntimeError("kaboom")

    broken = Analyzer("texture", "9.9", "L0", ANALYZERS[2].keys, boom)
    chain = tuple(broken if a.name == "texture" else a for a in ANALYZERS)
    result = run_analyzers(Frame(camera_like(200, 150)), chain, AnalysisResult())
    assert result.errors == {"texture": "RuntimeError: kaboom"}
    assert "color.colorfulness" in result.values and "fractal.D" in result.values
    assert "texture.micro.contrast" in result.undefined
    assert "texture.micro.contrast" in result.undefined["fluency.score"]
    assert "science.visual_richness" in result.values


def test_selecting_analyzers():
    assert [a.name for a in select(["fractal", "color"])] == ["color", "fractal"]
    with pytest.raises(ValueError, match="unknown analyzer"):
        select(["colour"])
    only = analyze_array(camera_like(100, 80), analyzers=["color"])
    assert set(only.values) == set(ANALYZERS[0].keys)


def test_undecodable_input_raises_image_load_error():
    with pytest.raises(ImageLoadError):
        analyze(b"\xff\xd8\xff\xe0 not really a jpeg")
