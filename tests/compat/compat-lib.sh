# tests/compat/compat-lib.sh: shared by the rotate differential tests.
# Sourced after tests/lib.sh.

# compat_prepare CASE DIR: splits the case file into DIR/conf (0644),
# DIR/state, DIR/args and DIR/setup.sh, replacing @T@ and @AGO:H@ (a
# state-file date, logrotate's unpadded "Y-M-D-h:m:s", H hours before
# now), then runs the setup in DIR.  One perl process does the splitting.
compat_prepare() {
	local c=$1 D=$2
	perl -e '
		my ($case, $dir) = @ARGV;
		my $now = time;
		my %out = (conf => "", state => "logrotate state -- version 2\n",
		    args => "", setup => "");
		my $cur = "";
		open(my $in, "<", $case) or die "$case: $!\n";
		while (my $line = <$in>) {
			if ($line =~ /^--- (\w+)$/) { $cur = $1; next; }
			next unless exists $out{$cur};
			$line =~ s/\@T\@/$dir/g;
			$line =~ s/\@AGO:(-?\d+)\@/ago($now - $1 * 3600)/ge;
			$out{$cur} .= $line;
		}
		sub ago {
			my @t = localtime(shift);
			return sprintf("%d-%d-%d-%d:%d:%d", $t[5] + 1900,
			    $t[4] + 1, $t[3], $t[2], $t[1], $t[0]);
		}
		$out{args} =~ s/\n/ /g;
		for my $k (keys %out) {
			my $f = $k eq "setup" ? "setup.sh" : $k;
			open(my $o, ">", "$dir/$f") or die "$dir/$f: $!\n";
			print $o $out{$k};
			close($o) or die "$dir/$f: $!\n";
		}' "$c" "$D" || return 1
	chmod 0644 "$D/conf"
	(cd "$D" && T=$D bash -e setup.sh) >"$D/setup.out" 2>&1 || {
		cat "$D/setup.out" >&2
		return 1
	}
}

# compat_rotated OUTPUT: the sorted set of logs that OUTPUT says rotate.
compat_rotated() {
	awk '
		/^considering log / { f = substr($0, 17) }
		/^  log needs rotating$/ { print f }' "$1" | sort -u
}

# compat_run DIR PREFIX CMD...: runs CMD -d -s STATE ARGS CONF in DIR with a
# private copy of the state; writes PREFIX.out, PREFIX.rc, PREFIX.set.
compat_run() {
	local D=$1 p=$2 rc
	shift 2
	cp "$D/state" "$D/$p.state"
	# shellcheck disable=SC2046
	(cd "$D" && "$@" -d -s "$D/$p.state" $(cat "$D/args") "$D/conf") \
	    >"$D/$p.out" 2>&1 </dev/null
	rc=$?
	echo "$rc" >"$D/$p.rc"
	compat_rotated "$D/$p.out" >"$D/$p.set"
}

# compat_compare NAME DIR: runs both programs and reports a difference.
compat_compare() {
	local name=$1 D=$2 lr hr
	compat_run "$D" lr logrotate
	compat_run "$D" hr "$HEADROOM" rotate
	lr=$(cat "$D/lr.rc") hr=$(cat "$D/hr.rc")
	if [ "$lr" = "$hr" ] && cmp -s "$D/lr.set" "$D/hr.set"; then
		echo "ok: $name (exit $lr, rotates $(wc -l <"$D/lr.set"))"
		return 0
	fi
	echo "DIFFERS: $name: exit status logrotate $lr, headroom $hr"
	echo "  rotated logs (- logrotate, + headroom):"
	diff -u "$D/lr.set" "$D/hr.set" | sed -n '3,$s/^/    /p'
	echo "  --- logrotate -d output:"
	sed 's/^/    /' "$D/lr.out"
	echo "  --- headroom rotate -d output:"
	sed 's/^/    /' "$D/hr.out"
	return 1
}
