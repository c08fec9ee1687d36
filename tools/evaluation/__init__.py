"""The evaluation harness: extraction scored against labelled corpus folders (`python -m tools.evaluation`)."""
