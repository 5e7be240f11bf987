"""Child-friendly summaries: a writing aid for inspectors, easy-read PDFs, adapted versions and audio."""
