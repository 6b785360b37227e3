"""The reports: findings, impact, baseline and history, and the formats they are written in
(JSON, Markdown, HTML, JUnit)."""
