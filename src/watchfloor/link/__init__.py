"""link: work across documents (near-duplicates now; stories, merged events and
corroboration are built on it by the linking issue)."""
