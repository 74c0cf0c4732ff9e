# docs/: the project's own documentation, shipped in the dist.
EXTRA_DIST += docs/ARCHITECTURE.md
EXTRA_DIST += docs/logrotate-compat.md
EXTRA_DIST += docs/STYLE.md

# That they (and the comments in the code) name what exists.
TESTS += tests/docs/truth.sh
dist_check_SCRIPTS += tests/docs/truth.sh
EXTRA_DIST += tests/docs/truth.pl tests/docs/external-names.txt \
	tests/docs/truth-allow.txt
