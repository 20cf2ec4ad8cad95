"""MkDocs adapters: translate MkDocs objects into the content model, nothing more."""
