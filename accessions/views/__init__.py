"""Back-office pages of accessions (thin: parse, call one service or selector, render)."""
