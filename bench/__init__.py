"""Benchmarks at studio and TV-season scale (``python -m bench``): see bench/run.py and the README."""
