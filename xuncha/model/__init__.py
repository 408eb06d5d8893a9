"""The typed model of the records tree (no I/O here: see xuncha.records)."""
