# man/: manual pages.
dist_man_MANS += man/headroom.1
