"""Image metrics: pure functions, numpy in, numbers out.

No I/O beyond decoding bytes handed in, no Streamlit, no database. Stable entry points:

- :func:`science.pipeline.analyze` - bytes or a path to every metric of an image
- :func:`science.fractal.box_counting_dimension`
- :func:`science.color.colorfulness`
- :func:`science.spectral.spectral_slope`
"""
