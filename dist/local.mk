# dist/: files for packagers (systemd units, cron, completion).
#
# The service and the cron script name the installed binary; they are made
# from their .in at make time (not configure time), so `make sbindir=...`
# and `make install prefix=...` get the path right.
systemdunitdir = $(prefix)/lib/systemd/system
systemdunit_DATA = dist/headroom-rotate.service
dist_systemdunit_DATA = dist/headroom-rotate.timer

# --urgent-only every 10 minutes (size, maxsize, minfree); off until
# enabled.
systemdunit_DATA += dist/headroom-rotate-urgent.service
dist_systemdunit_DATA += dist/headroom-rotate-urgent.timer
EXTRA_DIST += dist/headroom-rotate-urgent.service.in
CLEANFILES += dist/headroom-rotate-urgent.service
dist/headroom-rotate-urgent.service: \
    $(srcdir)/dist/headroom-rotate-urgent.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) dist && \
	$(dist_edit) $(srcdir)/dist/headroom-rotate-urgent.service.in >$@-t && \
	mv $@-t $@

# headroom scan's daily saved scan (off until enabled), and an example of
# Prometheus alerting rules for its textfile metrics.
systemdunit_DATA += dist/headroom-scan.service
dist_systemdunit_DATA += dist/headroom-scan.timer
examplesdir = $(docdir)/examples
dist_examples_DATA = dist/headroom-scan.rules.yml
EXTRA_DIST += dist/headroom-scan.service.in
CLEANFILES += dist/headroom-scan.service
dist/headroom-scan.service: $(srcdir)/dist/headroom-scan.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) dist && \
	$(dist_edit) $(srcdir)/dist/headroom-scan.service.in >$@-t && \
	mv $@-t $@
crondailydir = $(sysconfdir)/cron.daily
crondaily_SCRIPTS = dist/cron.daily/headroom
bashcompletiondir = $(datadir)/bash-completion/completions
bashcompletion_DATA = dist/bash-completion/headroom
# Example Prometheus alerts on --metrics.
rotateexamplesdir = $(docdir)/examples
dist_rotateexamples_DATA = dist/headroom-rotate.rules.yml

EXTRA_DIST += dist/headroom-rotate.service.in dist/cron.daily/headroom.in \
	dist/headroom.bash-completion
CLEANFILES += dist/headroom-rotate.service dist/cron.daily/headroom \
	dist/bash-completion/headroom

dist_edit = sed -e 's|@sbindir[@]|$(sbindir)|g'

dist/headroom-rotate.service: $(srcdir)/dist/headroom-rotate.service.in \
    Makefile
	$(AM_V_GEN)$(MKDIR_P) dist && \
	$(dist_edit) $(srcdir)/dist/headroom-rotate.service.in >$@-t && \
	mv $@-t $@

dist/cron.daily/headroom: $(srcdir)/dist/cron.daily/headroom.in Makefile
	$(AM_V_GEN)$(MKDIR_P) dist/cron.daily && \
	$(dist_edit) $(srcdir)/dist/cron.daily/headroom.in >$@-t && \
	chmod +x $@-t && mv $@-t $@

# Completion files are named after the command they complete.
dist/bash-completion/headroom: $(srcdir)/dist/headroom.bash-completion
	$(AM_V_GEN)$(MKDIR_P) dist/bash-completion && \
	cp $(srcdir)/dist/headroom.bash-completion $@

# Where `make install` puts things, for tests/cli/install.sh.
if LOGROTATE_SYMLINK
dist_logrotate_symlink = yes
else
dist_logrotate_symlink = no
endif
dist-print-dirs:
	@echo "prefix=$(prefix)"
	@echo "sbindir=$(sbindir)"
	@echo "systemdunitdir=$(systemdunitdir)"
	@echo "crondailydir=$(crondailydir)"
	@echo "bashcompletiondir=$(bashcompletiondir)"
	@echo "examplesdir=$(examplesdir)"
	@echo "logrotate_symlink=$(dist_logrotate_symlink)"
.PHONY: dist-print-dirs

dist_check_SCRIPTS += tests/cli/install.sh
TESTS += tests/cli/install.sh
