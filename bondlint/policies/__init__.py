"""Policies: YAML rule files, validated against a shipped schema, judged by one engine."""
