# docs/: the project's own documentation, shipped in the dist.
EXTRA_DIST += docs/ARCHITECTURE.md
EXTRA_DIST += docs/logrotate-compat.md
EXTRA_DIST += docs/STYLE.md
