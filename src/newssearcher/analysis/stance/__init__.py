"""Stance of an article body toward a claim: agree, disagree, discuss or unrelated.

``predict.predict_stance`` is the entry point; ``features`` turns pairs into numbers,
``model`` holds the shipped two-stage tree model (plain arrays in ``stance_model.npz``).
"""
