# man/: manual pages.
dist_man_MANS += man/headroom.1
dist_man_MANS += man/headroom-rotate.8
dist_man_MANS += man/headroom-scan.1
