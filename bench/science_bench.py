"""Science pipeline benchmark.

1. End to end: file bytes of a generated 12-megapixel camera-like JPEG (q90) to every default
   L0/L1 metric, against the bare ``Image.open(...).load()`` of the same bytes. Runs are
   interleaved (decode, pipeline, decode, ...) so drift hits both; medians after a warm-up.
   Goal: ratio <= 2.5 (stretch 2.0).
2. Metric stage alone on a 1024×768 array, with the per-analyzer breakdown. Goal: <= 100 ms.
"""

from __future__ import annotations

import io
import statistics
import time

from PIL import Image

from science.loading import load_image
from science.pipeline import analyze, analyze_array
from science.synthetic import camera_like


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run(repeats: int = 9) -> dict:
    rgb = camera_like(4000, 3000, seed=0)
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=90)
    data = buf.getvalue()

    def decode():
        Image.open(io.BytesIO(data)).load()

    def pipeline():
        return analyze(data)

    decode()
    pipeline()  # warm-up: imports, caches, FFT plans
    dec, pipe, load = [], [], []
    stages: dict[str, list[float]] = {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        decode()
        t1 = time.perf_counter()
        result = pipeline()
        t2 = time.perf_counter()
        load_image(data)
        t3 = time.perf_counter()
        dec.append(t1 - t0)
        pipe.append(t2 - t1)
        load.append(t3 - t2)
        for k, v in result.timings.items():
            stages.setdefault(k, []).append(v)

    analysis = load_image(data).rgb
    analyze_array(analysis)
    metric_runs, per_analyzer = [], {}
    for _ in range(repeats):
        r = analyze_array(analysis)
        metric_runs.append(r.timings["total"])
        for k, v in r.timings.items():
            per_analyzer.setdefault(k, []).append(v)

    return {
        "jpeg_bytes": len(data),
        "decode_ms": _median_ms(dec),
        "pipeline_ms": _median_ms(pipe),
        "ratio": statistics.median(pipe) / statistics.median(dec),
        "load_to_1024_ms": _median_ms(load),
        "metric_stage_ms": _median_ms(metric_runs),
        "analysis_size": f"{analysis.shape[1]}x{analysis.shape[0]}",
        "per_analyzer_ms": {k: _median_ms(v) for k, v in per_analyzer.items() if k != "total"},
    }


def report(res: dict) -> str:
    lines = [
        "science pipeline (12 MP camera-like JPEG q90, "
        f"{res['jpeg_bytes'] / 1e6:.1f} MB; medians)",
        f"  bare Pillow decode          {res['decode_ms']:8.1f} ms",
        f"  decode + resize to 1024     {res['load_to_1024_ms']:8.1f} ms",
        f"  bytes -> all metrics        {res['pipeline_ms']:8.1f} ms   ratio {res['ratio']:.2f}x  (goal <= 2.5, stretch 2.0)",
        f"  metric stage at {res['analysis_size']}  {res['metric_stage_ms']:8.1f} ms   (goal <= 100)",
    ]
    lines += [f"    {k:24s} {v:8.1f} ms" for k, v in res["per_analyzer_ms"].items()]
    return "\n".join(lines)
