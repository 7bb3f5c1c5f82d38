"""Orchestration: runs the stages in order (sources → extract → dedup → stories → analysis →
summary → hubs) over new input, with each stage's work committed as it completes."""
