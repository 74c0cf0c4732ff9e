# debian/: the Debian packaging (a native package: the release tarball
# carries it, so `dpkg-buildpackage -us -uc -b` works from the tarball as
# from a clone).  `make check-deb` proves it in a fresh Debian 12 chroot
# (as root, with debootstrap; see HACKING.md); it is not part of
# `make check`.
EXTRA_DIST += debian/changelog debian/control debian/copyright \
	debian/dlopen-depends debian/headroom-logrotate.links \
	debian/headroom-logrotate.lintian-overrides \
	debian/headroom-logrotate.postrm debian/headroom-logrotate.preinst \
	debian/headroom.README.Debian debian/headroom.install \
	debian/headroom.lintian-overrides debian/rules debian/source/format \
	debian/source/lintian-overrides tests/pkg/deb-install.sh

check-deb:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	    $(BASH_PROG) '$(abs_top_srcdir)/tests/pkg/deb-install.sh'
.PHONY: check-deb
