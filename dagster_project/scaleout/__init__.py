"""The scale-out path: the log mirrored as Parquet, and the extraction on Apache Spark over it."""
