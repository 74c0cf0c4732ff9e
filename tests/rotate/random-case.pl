#!/usr/bin/perl
# tests/rotate/random-case.pl SEED N DIR: writes N random execution cases
# (rotate-lib.sh's format) to DIR/rNNNNN.case, drawn from SEED.
#
# A case is one to three stanzas over a few logs, drawn from the
# directives whose outcome logrotate 3.21 and headroom must share, a tree
# (the logs, old numbered and dated generations, plain or compressed, of
# random ages), a state file (no entry, or one from the future to years
# ago), and one to three runs, forced or not, with the state aged between
# them.  Scripts and the mail command write into the tree, so what they
# saw is compared too.
#
# Left out on purpose, because headroom differs there and says so in its
# man page (DIFFERENCES): createolddir without a mode, the tree as a
# prerotate script sees it (before the shifts), an uncompressed first
# generation left beside a compressing stanza (the crash repair), rotate 0
# with copy and compress, mail of .xz and .bz2 files, a log's state
# after its rotation failed (a failing postrotate, an error in a shared
# stanza, a dateext destination that exists), and under preremove a
# generation beyond the count already at the top of the shifts (headroom
# removes it through preremove; 3.21's rename replaces it unseen).
use strict;
use warnings;

my ($seed, $count, $dir) = @ARGV;
die "usage: $0 SEED N DIR\n" unless defined $dir;
srand($seed);

sub pick { return $_[int(rand(@_))]; }
sub chance { return rand() < $_[0]; }

# The directives of one stanza, and what the tree generator must know.
sub stanza {
	my ($s) = @_;
	my @d;
	$s->{rotate} = pick(-1, 0, 1, 1, 2, 3, 5);
	push @d, "rotate $s->{rotate}";
	push @d, "start " . ($s->{start} = pick(0, 2)) if chance(0.1);
	$s->{start} //= 1;
	push @d, pick("daily", "weekly", "monthly", "hourly", "yearly",
	    "size 10", "weekly 7", "") if chance(0.8);
	push @d, pick("minsize 5", "maxsize 40", "minage 1", "size 1k")
	    if chance(0.2);
	push @d, "maxage " . pick(1, 3) if chance(0.3);
	if (chance(0.5)) {
		$s->{compress} = 1;
		push @d, "compress";
		push @d, pick("compresscmd xz", "compresscmd bzip2")
		    if chance(0.1);
		$s->{ext} = $d[-1] =~ /xz/ ? ".xz" : $d[-1] =~ /bzip2/ ?
		    ".bz2" : ".gz";
		$s->{delay} = 1, push @d, "delaycompress" if chance(0.4);
	}
	my $mode = pick("", "", "", "copy", "copytruncate", "renamecopy");
	$mode = "" if $mode =~ /^copy/ && $s->{rotate} == 0 && $s->{compress};
	push @d, $mode if $mode;
	$s->{copies} = $mode =~ /^copy/;
	push @d, pick("create", "create 0640", "create 0600 daemon adm",
	    "nocreate") if chance(0.3);
	if (chance(0.25)) {
		$s->{dateext} = 1;
		push @d, "dateext";
		push @d, pick("dateformat -%Y-%m-%d", "dateformat .%Y%m%d%H",
		    "dateyesterday") if chance(0.3);
	}
	push @d, pick("notifempty", "ifempty") if chance(0.3);
	push @d, "missingok" if chance(0.5);
	if (chance(0.2)) {
		push @d, "olddir old";
		push @d, "createolddir 0750" if chance(0.5);
		$s->{olddir} = "old";
	}
	push @d, pick("extension .log", "addextension .x") if chance(0.1);
	# A shared stanza with an error leaves its logs' state as it was.
	push @d, "sharedscripts", "missingok" if chance(0.3);
	push @d, "shred" if chance(0.05);
	# Mail of a .xz or .bz2: headroom uncompresses with the codec that
	# made it, logrotate with uncompresscmd (gunzip).  rotate 0 with
	# delaycompress mails a plain file through gunzip, which fails.
	if (chance(0.2) && ($s->{ext} // ".gz") eq ".gz" &&
	    !($s->{compress} && $s->{delay} && $s->{rotate} == 0)) {
		push @d, "mail ops\@example.org";
		# rotate 0 with copy makes no copy for mailfirst to mail.
		my @when = ("maillast");
		push @when, "mailfirst" unless $s->{copies} &&
		    $s->{rotate} == 0;
		push @d, pick(@when) if chance(0.6);
	}
	for my $k (qw(firstaction prerotate postrotate lastaction
	    preremove)) {
		next unless chance(0.15);
		$s->{preremove} = 1 if $k eq "preremove";
		# What the scripts see of the tree, in the order they run;
		# not prerotate's, which runs before the shifts and expiries
		# in headroom.  A failing postrotate would leave the log's
		# state as it was.
		my $out = $k eq "prerotate" ? "prerotate.out" : "scripts.out";
		my $ls = $k eq "prerotate" ? "" : "; ls \@T\@ \@T\@/old " .
		    "2>/dev/null | grep -v '^.*.out\$' >>\@T\@/$out";
		my $fail = $k =~ /^(lastaction|firstaction)$/ &&
		    chance(0.2) ? "; exit 1" : "";
		push @d, "$k\n\t\techo \"$k \$1 \$2\" >>\@T\@/$out" .
		    "$ls$fail\n\tendscript";
	}
	return @d;
}

# Old generations of log NAME for stanza s: numbered or dated, plain or
# compressed, of random ages.
sub generations {
	my ($s, $name) = @_;
	my (@sh, $base, $ext) = ();
	my $gdir = $s->{olddir} ? "$s->{olddir}/" : "";
	for my $i (0 .. 6) {
		next unless chance(0.3);
		my $z = $s->{compress} && chance(0.7) ? $s->{ext} : "";
		# Dates of 2024, so that no old one is today's destination.
		my $g = $s->{dateext} ?
		    sprintf("%s-2024%02d%02d", $name, 1 + int(rand(12)),
		    1 + int(rand(28))) : "$name.$i";
		# The crash repair would compress an uncompressed first
		# generation, or drop it beside its compressed twin.
		next if !$s->{dateext} && $i == $s->{start} &&
		    $s->{compress} && !$s->{delay} && $z eq "";
		my $pack = $z eq ".gz" ? " | gzip" : $z eq ".xz" ? " | xz" :
		    $z eq ".bz2" ? " | bzip2" : "";
		my $age = pick(1, 30, 60, 100, 300);
		# The top of the shifts under preremove (drawn all the same,
		# so that the other draws stay those of the seed).
		next if $s->{preremove} && !$s->{dateext} &&
		    $s->{rotate} >= 0 && $i == $s->{start} +
		    ($s->{rotate} > 0 ? $s->{rotate} : 1);
		push @sh, "echo $g$pack >$gdir$g$z",
		    "touch -d \@TOUCH:$age\@ $gdir$g$z";
	}
	return @sh;
}

for my $k (1 .. $count) {
	my (@conf, @setup, @state, %made);
	my $nst = pick(1, 1, 1, 2, 3);
	for my $i (1 .. $nst) {
		my %s;
		my @logs = map { "l$i$_.log" } 1 .. pick(1, 1, 2, 3);
		my @d = stanza(\%s);
		# With "extension .log" the rotated l11.1.log would match a
		# glob and fail as a log of its own (the state rule again).
		my $pat = chance(0.3) && !grep(/^extension/, @d) ?
		    "\@T\@/l$i*.log" : join(" ", map { "\@T\@/$_" } @logs);
		push @conf, "$pat {", map({ "\t$_" } @d), "}";
		my @gens = map { generations(\%s, $_) } @logs;
		push @setup, "mkdir -p $s{olddir}" if $s{olddir} &&
		    (@gens || !grep(/createolddir/, @d));
		push @setup, @gens;
		for my $l (@logs) {
			if (chance(0.85)) {
				my $lines = pick(0, 1, 5, 30, 800);
				my $from = int(rand(1000));
				push @setup, $lines ? "seq $from " .
				    ($from + $lines - 1) . " >$l" : ": >$l",
				    "touch -d \@TOUCH:" .
				    pick(0, 2, 30, 100) . "\@ $l";
			}
			push @state, "\"\@T\@/$l\" \@AGO:" .
			    pick(-40, 0, 2, 25, 200, 800, 9000) . "\@"
			    if chance(0.7);
		}
	}
	push @state, "\"\@T\@/gone.log\" \@AGO:" . pick(100, 9000) . "\@"
	    if chance(0.2);
	my @runs = (pick("rotate", "rotate -f", "rotate -f"));
	# A second dateext rotation the same day fails ("destination
	# exists"), and headroom then leaves the state as it was.
	my $more = grep(/dateext/, @conf) ? 0 : pick(0, 0, 1, 2);
	for (1 .. $more) {
		push @runs, "age " . pick(1, 25, 200),
		    "sh for f in l*.log; do echo more >>\$f; done",
		    pick("rotate", "rotate -f");
	}
	my $file = sprintf("%s/r%05d.case", $dir, $k);
	open(my $o, ">", $file) or die "$file: $!\n";
	print $o "# random case $k of seed $seed\n", "--- conf\n",
	    map({ "$_\n" } @conf), "--- state\n", map({ "$_\n" } @state),
	    "--- setup\n", map({ "$_\n" } @setup), "--- runs\n",
	    map({ "$_\n" } @runs);
	close($o) or die "$file: $!\n";
}
