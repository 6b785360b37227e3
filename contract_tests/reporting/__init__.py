"""The drift report: findings, impact classes, the baseline diff and the writer."""
