"""Reading articles: files, folders and stdin -> :class:`kg.types.Document` (decoded, cleaned, titled, dated)."""
