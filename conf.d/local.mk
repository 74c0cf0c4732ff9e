# conf.d/: the configuration headroom ships, installed under
# $(sysconfdir)/headroom/:
#	headroom.conf		global defaults + include of conf.d
#	conf.d/nginx, conf.d/docker
# headroom.conf in git includes /etc/headroom/conf.d, right as shipped; the
# installed copy names $(sysconfdir)/headroom/conf.d, substituted at install
# time (so `make install sysconfdir=...` is honoured too).
confddir = $(sysconfdir)/headroom/conf.d
dist_confd_DATA = conf.d/nginx conf.d/docker
EXTRA_DIST += conf.d/headroom.conf

install-data-local: install-headroom-conf
install-headroom-conf:
	$(MKDIR_P) '$(DESTDIR)$(sysconfdir)/headroom'
	sed 's|/etc/headroom/conf\.d|$(sysconfdir)/headroom/conf.d|' \
	    '$(srcdir)/conf.d/headroom.conf' \
	    >'$(DESTDIR)$(sysconfdir)/headroom/headroom.conf.tmp'
	chmod 644 '$(DESTDIR)$(sysconfdir)/headroom/headroom.conf.tmp'
	mv -f '$(DESTDIR)$(sysconfdir)/headroom/headroom.conf.tmp' \
	    '$(DESTDIR)$(sysconfdir)/headroom/headroom.conf'
uninstall-local: uninstall-headroom-conf
uninstall-headroom-conf:
	rm -f '$(DESTDIR)$(sysconfdir)/headroom/headroom.conf'
.PHONY: install-headroom-conf uninstall-headroom-conf

# tests/compat/shipped-configs.sh checks that every file here parses
# without error, with conf_read and with logrotate itself.
