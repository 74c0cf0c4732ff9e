# tests/rotate/rotate-lib.sh: runs execution scenarios through logrotate
# and headroom rotate in two copies of the same tree and compares them.
# Sourced after tests/lib.sh.
#
# A case file has sections, each starting with a line "--- NAME":
#	conf	the configuration (@T@ is the tree's directory)
#	state	state-file lines ("@T@/a.log" @AGO:H@ for H hours ago)
#	setup	bash run in the tree to make the logs (@T@, @AGO:H@ and
#		@TOUCH:H@, a `touch -d` date H hours ago, all from one clock)
#	runs	one action a line: "rotate ARGS" (both programs, then
#		compare), "age H" (every state date H hours earlier), "sh CMD"
#		(CMD in both trees), "umask MODE" (for the later rotates)
#	differs	why headroom deliberately differs from logrotate 3.21 here;
#		then the trees are not compared and "check" must pass
#	check	bash run in headroom's tree after the runs (exit 0 = pass)
# Compared after each rotate: exit statuses and rl_observe's view of the
# tree (with ACLs) and the state file.

# The su cases rotate as daemon, who must be able to reach the trees.
chmod 0711 "$T"

# rl_split CASE DIR NOW: writes DIR.conf DIR.state DIR.setup DIR.runs
# DIR.differs DIR.check.
rl_split() {
	perl -e '
		my ($case, $dir, $now) = @ARGV;
		my %out = (conf => "", state => "logrotate state -- version 2\n",
		    setup => "", runs => "", differs => "", check => "");
		my $cur = "";
		open(my $in, "<", $case) or die "$case: $!\n";
		while (my $line = <$in>) {
			if ($line =~ /^--- (\w+)$/) { $cur = $1; next; }
			next unless exists $out{$cur};
			$line =~ s/\@T\@/$dir/g;
			$line =~ s/\@AGO:(-?\d+)\@/ago($now - $1 * 3600)/ge;
			$line =~ s/\@TOUCH:(-?\d+)\@/"@" . ($now - $1 * 3600)/ge;
			$out{$cur} .= $line;
		}
		sub ago {
			my @t = localtime(shift);
			return sprintf("%d-%d-%d-%d:%d:%d", $t[5] + 1900,
			    $t[4] + 1, $t[3], $t[2], $t[1], $t[0]);
		}
		for my $k (keys %out) {
			open(my $o, ">", "$dir.$k") or die "$dir.$k: $!\n";
			print $o $out{$k};
			close($o) or die "$dir.$k: $!\n";
		}' "$1" "$2" "$3"
}

# rl_age STATE H START: moves every date of STATE H hours back; a date
# made during the test (after START) becomes START - H hours, so that both
# copies get the same date.
rl_age() {
	perl -i -e '
		use POSIX qw(mktime);
		my $h = shift;
		my $start = shift;
		while (<>) {
			if (/^(".*") (\d+)-(\d+)-(\d+)-(\d+):(\d+):(\d+)$/) {
				my $t = mktime($7, $6, $5, $4, $3 - 1, $2 - 1900,
				    0, 0, -1);
				$t = $start if $t >= $start;
				$t -= $h * 3600;
				my @t = localtime($t);
				$_ = sprintf("%s %d-%d-%d-%d:%d:%d\n", $1,
				    $t[5] + 1900, $t[4] + 1, $t[3], $t[2],
				    $t[1], $t[0]);
			}
			print;
		}' "$2" "$3" "$1"
}

# rl_age_journal JOURNAL H START: the same for the times of headroom's
# journal (rotate/journal.c's "time" and "log" lines), which would have
# aged with the state file: an interrupted or failed run H hours ago.
rl_age_journal() {
	[ -e "$1" ] || return 0
	perl -i -e '
		my $h = shift;
		my $start = shift;
		while (<>) {
			if (/^(time|log) (\d+)(.*)$/s && $2 != 0) {
				my $t = $2 >= $start ? $start : $2;
				$_ = "$1 " . ($t - $h * 3600) . $3;
			}
			print;
		}' "$2" "$3" "$1"
}

# rl_observe DIR START: what is compared after a run, in one process:
# one line per file of the tree, normalised (type, mode, owner, mtime or
# "new" when made during the test, size or "z" for compressed files and
# "(sparse)" when mostly holes, a digest of the decompressed contents with
# DIR replaced by @T@), then the state entries of DIR.statefile, sorted,
# with the dates made during the test written "recent".
rl_observe() {
	perl -e '
		use strict;
		use File::Find;
		use Digest::MD5 qw(md5_hex);
		use POSIX qw(mktime);
		my ($root, $start) = @ARGV;
		my %dec = (gz => "gzip -dc", xz => "xz -dc", bz2 => "bzip2 -dc",
		    zst => "zstd -qdc", lz4 => "lz4 -qdc");
		my (@out, @st);
		find({ no_chdir => 1, wanted => sub {
			return if $_ eq $root;
			my @s = lstat($_) or return;
			my $rel = substr($_, length($root) + 1);
			my $type = -l _ ? "l" : -d _ ? "d" : -f _ ? "f" :
			    -p _ ? "p" : "o";
			my $mtime = $s[9] >= $start ? "new" : $s[9];
			my $owner = (getpwuid($s[4]))[0] . ":" .
			    (getgrgid($s[5]))[0];
			my ($size, $data) = ("-", "-");
			if ($type eq "f") {
				my $text = "";
				my ($ext) = $rel =~ /\.(gz|xz|bz2|zst|lz4)$/;
				if ($ext) {
					$text = `$dec{$ext} <"$_" 2>/dev/null`;
					$size = "z";
				} else {
					open(my $f, "<", $_) or die "$_: $!";
					local $/;
					$text = <$f> // "";
					$size = $s[7];
					$size .= "(sparse)" if $s[7] > 65536 &&
					    $s[12] * 512 < $s[7] / 2;
				}
				$text =~ s/\Q$root\E/\@T\@/g;
				$data = substr(md5_hex($text), 0, 12);
			}
			push @out, sprintf("%s %s %o %s mtime=%s size=%s data=%s",
			    $rel, $type, $s[2] & 07777, $owner, $mtime, $size,
			    $data);
		}}, $root);
		# ACLs beyond the mode bits, one line per file that has them.
		if (open(my $acl, "-|", "getfacl", "-Rsp", $root)) {
			local $/ = "";
			while (my $blk = <$acl>) {
				my ($f) = $blk =~ /^# file: (.*)$/m;
				next unless defined $f && $f ne $root;
				push @out, "acl " . substr($f, length($root) + 1)
				    . " " . join(",", grep { !/^#/ && length }
				    split(/\n/, $blk));
			}
			close($acl);
		}
		if (open(my $in, "<", "$root.statefile")) {
			while (<$in>) {
				chomp;
				if (/^"(.*)" (\d+)-(\d+)-(\d+)-(\d+):(\d+):(\d+)$/) {
					my ($p, $t) = ($1, mktime($7, $6, $5, $4,
					    $3 - 1, $2 - 1900, 0, 0, -1));
					my $d = "$2-$3-$4-$5:$6:$7";
					my $hour = $6 == 0 && $7 == 0;
					$p =~ s/\Q$root\E/\@T\@/g;
					$d = $hour ? "recent-hour" : "recent"
					    if $t >= $start - 3600;
					push @st, "state \"$p\" $d";
				} else {
					push @st, "state $_";
				}
			}
		}
		print "$_\n" for (sort(@out), sort(@st));' "$1" "$2"
}

# rl_rotate SIDE CMD ARGS...: one run of a program on one side.
rl_rotate() {
	local D=$1 rc
	shift
	(cd "$D" && umask "${rl_umask:-$(umask)}" &&
	    T=$D PATH=$D.bin:$PATH "$@" -s "$D.statefile" \
	    -m "$D.bin/mail" "$D.conf") >"$D.out" 2>&1 </dev/null
	rc=$?
	echo "$rc"
}

# rl_same_hour: waits out the last 15 seconds of an hour, so that both
# programs of a rotate action run in the same hour (a rotation at 14:59:59
# and one at 15:00:00 would read as different: the second looks like a
# new entry's date).
rl_same_hour() {
	local left=$((3600 - $(date +%s) % 3600))
	[ "$left" -gt 15 ] || sleep "$((left + 1))"
}

# rl_case CASE: runs one case; prints what differs and returns 1 then.
rl_case() {
	local c=$1 W now start side act arg lrc hrc n=0 bad=0 rl_umask=
	W=$T/$(basename "$1" .case)
	mkdir -p "$W"
	now=$(date +%s)
	start=$((now - 5))
	for side in lr hr; do
		mkdir -p "$W/$side" "$W/$side.bin"
		rl_split "$c" "$W/$side" "$now" || return 1
		chmod 0644 "$W/$side.conf"
		cp "$W/$side.state" "$W/$side.statefile"
		chmod 0640 "$W/$side.statefile"
		printf '#!/bin/sh\n{ echo "mail $*"; cat; } >>"%s"\n' \
		    "$W/$side/mailbox" >"$W/$side.bin/mail"
		chmod 0755 "$W/$side.bin/mail"
		(cd "$W/$side" && T=$W/$side bash -e "$W/$side.setup") \
		    >"$W/$side.setup.out" 2>&1 || {
			cat "$W/$side.setup.out" >&2
			return 1
		}
	done
	while read -r act arg; do
		case $act in
		'') continue ;;
		age)
			rl_age "$W/lr.statefile" "$arg" "$start"
			rl_age "$W/hr.statefile" "$arg" "$start"
			rl_age_journal "$W/hr.statefile.journal" "$arg" "$start"
			continue
			;;
		umask)
			rl_umask=$arg
			continue
			;;
		sh)
			(cd "$W/lr" && T=$W/lr eval "$arg") || return 1
			(cd "$W/hr" && T=$W/hr eval "$arg") || return 1
			continue
			;;
		rotate) ;;
		*) echo "$c: unknown action '$act'" >&2; return 1 ;;
		esac
		n=$((n + 1))
		rl_same_hour
		# shellcheck disable=SC2086
		lrc=$(rl_rotate "$W/lr" logrotate $arg)
		# shellcheck disable=SC2086
		hrc=$(rl_rotate "$W/hr" "$HEADROOM" rotate $arg)
		[ -s "$W/lr.differs" ] && continue
		[ "$lrc" = "$hrc" ] || {
			echo "$c: run $n: logrotate exits $lrc, headroom $hrc" >&2
			cat "$W/lr.out" "$W/hr.out" >&2
			bad=1
		}
		rl_observe "$W/lr" "$start" >"$W/lr.seen.$n"
		rl_observe "$W/hr" "$start" >"$W/hr.seen.$n"
		cmp -s "$W/lr.seen.$n" "$W/hr.seen.$n" || {
			diff -u "$W/lr.seen.$n" "$W/hr.seen.$n" >&2
			echo "$c: run $n: trees or states differ (-logrotate +headroom)" >&2
			bad=1
		}
		[ "$bad" = 0 ] || return 1
	done <"$W/lr.runs"
	if [ -s "$W/hr.check" ]; then
		(cd "$W/hr" && T=$W/hr HRC=$hrc bash -e "$W/hr.check") >&2 || {
			echo "$c: headroom's result fails the case's check" >&2
			cat "$W/hr.out" >&2
			return 1
		}
	fi
	return 0
}

# rl_cases OUT CASE...: runs the cases in two shards, one per core, and
# writes "ok: NAME" or "FAIL: NAME" (then the case and what differed)
# for each to OUT; returns 1 when some case failed.
rl_cases() {
	local out=$1
	shift
	rl_shard 0 "$@" >"$out.0" &
	rl_shard 1 "$@" >"$out.1"
	wait
	cat "$out.0" "$out.1" >"$out"
	rm -f "$out.0" "$out.1"
	! grep -q '^FAIL: ' "$out"
}

# rl_shard K CASE...: every other case, from the K-th (0 or 1).
rl_shard() {
	local k=0 want=$1 c n
	shift
	for c in "$@"; do
		k=$((k + 1))
		[ $((k % 2)) = "$want" ] || continue
		n=$(basename "$c" .case)
		if rl_case "$c" 2>"$T/$n.err"; then
			echo "ok: $n"
		else
			echo "FAIL: $n"
			cat "$c" "$T/$n.err"
		fi
	done
}
