# conf.d/: the configuration headroom ships, installed under
# $(sysconfdir)/headroom/.
